//! Properties of the formulation and the solve loop that the brute force does
//! not see directly.

use approx::assert_relative_eq;
use rota::model::graph::OrgGraph;
use rota::plan::Status;
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::formulation::Formulation;
use rota::solve::mip::solve_program;
use rota::solve::SolveOptions;

#[test]
fn the_starting_point_is_always_feasible() {
    let mut models: Vec<rota::model::Model> = (0..200)
        .map(|s| crate::common::random_scenario(s, 8).model)
        .collect();
    for path in [
        "models/fruits-r-us.toml",
        "models/greengate-retail-group.toml",
    ] {
        models.push(rota::model::load(path.as_ref()).unwrap().model);
    }
    for m in &models {
        for component in OrgGraph::build(m).rota_components(m) {
            let f = Formulation::build(m, &component);
            assert!(
                f.mip.max_violation(&f.warm) < 1e-9,
                "{}: warm start violates the program",
                m.name
            );
            assert!(f.trivial_bound() <= f.mip.objective_value(&f.warm) + 1e-9);
        }
    }
}

#[test]
fn a_time_limit_too_short_to_solve_still_gives_a_layout_and_an_honest_bound() {
    let m = rota::model::load("models/greengate-retail-group.toml".as_ref())
        .unwrap()
        .model;
    let optimum = solve_program(&m, &SolveOptions::default(), &MicroLp)
        .unwrap()
        .totals(&m)
        .total;
    let options = SolveOptions {
        time_limit: Some(std::time::Duration::from_micros(1)),
        ..SolveOptions::default()
    };
    let plan = solve_program(&m, &options, &MicroLp).unwrap();
    let total = plan.totals(&m).total;
    assert!(total >= optimum - 1e-6);
    assert!(
        plan.bound <= optimum + 1e-6,
        "bound {} above the optimum {optimum}",
        plan.bound
    );
    if plan.status == Status::Feasible {
        assert!(plan.gap(&m) >= 0.0 && plan.gap(&m) <= 1.0);
    } else {
        assert_relative_eq!(total, optimum, max_relative = 1e-9);
    }
}

/// Four applications of one product domain, two on Java and two on Go, and a
/// load limit of two: two domain rotas at equal cost whichever way they are
/// paired. The tie-break pairs them by technology, at the same cost.
#[test]
fn technology_breaks_ties_and_never_raises_the_cost() {
    let mut text = String::from(
        "name = \"tie\"\n[policy]\nmax_rota_load = 2\n[support.team_rota]\nstandby_per_month = 3000\nttr_minutes = 20\n\
         [support.domain_rota]\nstandby_per_month = 1000\nttr_minutes = 20\n\
         [[targets]]\nname = \"99.5%\"\navailability = 0.995\nmin_revenue_loss = 50000\nsupport = \"domain_rota\"\n\
         [[domains]]\nid = \"shop\"\nkind = \"product\"\n",
    );
    for (i, tech) in ["java", "go", "java", "go"].iter().enumerate() {
        text.push_str(&format!(
            "[[teams]]\nid = \"t{i}\"\n[[applications]]\nid = \"a{i}\"\nteam = \"t{i}\"\ndomains = [\"shop\"]\ntechnologies = [\"{tech}\"]\nloss_per_hour = 20000\nincidents_per_month = 0.1\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tie.toml");
    std::fs::write(&path, text).unwrap();
    let m = rota::model::load(&path).unwrap().model;
    let (with, _) = with_and_without_tie_break(&m);
    assert_eq!(with.rotas.len(), 2);
    for r in &with.rotas {
        let techs: Vec<&str> = r
            .apps
            .iter()
            .map(|&a| m.applications[a].technologies[0].as_str())
            .collect();
        assert_eq!(techs[0], techs[1], "rota {} mixes {:?}", r.name, techs);
    }
}

/// Reminders costs the same on its team's rota and on the Patient Care
/// domain rota, where a Java application already is: the tie goes to the
/// domain rota that shares its technology, at the same total.
#[test]
fn an_equal_cost_application_joins_the_domain_rota_that_shares_its_technology() {
    let m = rota::model::load("fixtures/costly.toml".as_ref())
        .unwrap()
        .model;
    let (with, without) = with_and_without_tie_break(&m);
    let reminders = m
        .applications
        .iter()
        .position(|a| a.id == "reminders")
        .unwrap();
    let rota_of = |p: &rota::plan::Plan| p.rotas[p.decisions[reminders].rota.unwrap()].name.clone();
    assert_eq!(rota_of(&without), "appointments");
    assert_eq!(rota_of(&with), "patient-care");
}

/// Solves with and without the technology tie-break; the total must not move.
fn with_and_without_tie_break(m: &rota::model::Model) -> (rota::plan::Plan, rota::plan::Plan) {
    let with = solve_program(m, &SolveOptions::default(), &MicroLp).unwrap();
    let options = SolveOptions {
        tech_tie_break: false,
        ..SolveOptions::default()
    };
    let without = solve_program(m, &options, &MicroLp).unwrap();
    assert_relative_eq!(
        with.totals(m).total,
        without.totals(m).total,
        max_relative = 1e-12
    );
    (with, without)
}
