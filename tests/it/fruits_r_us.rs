//! The article's worked example (SPEC §6): `rota solve` reproduces its layout.

use approx::assert_relative_eq;
use rota::model::Cover;
use rota::plan::{baseline, Status};
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::solve_program;
use rota::solve::SolveOptions;

#[test]
fn solve_reproduces_the_article_layout() {
    let loaded = rota::model::load("models/fruits-r-us.toml".as_ref()).expect("model loads");
    let m = &loaded.model;
    let plan = solve_program(m, &SolveOptions::default(), &MicroLp).expect("solves");
    assert_eq!(plan.status, Status::Optimal);
    let totals = plan.totals(m);
    assert_relative_eq!(totals.standby, 9000.0);
    assert_relative_eq!(plan.gap(m), 0.0);

    let decision = |id: &str| {
        let i = m.applications.iter().position(|a| a.id == id).expect(id);
        (
            m.targets[plan.decisions[i].target].name.as_str(),
            plan.decisions[i].cover,
            plan.decisions[i].rota,
        )
    };
    for id in ["product", "checkout"] {
        let (target, cover, rota) = decision(id);
        assert_eq!((target, cover), ("99.9%", Cover::TeamRota), "{id}");
        let r = &plan.rotas[rota.unwrap()];
        assert_eq!(r.apps.len(), 1, "{id} has its own team rota");
    }
    let fulfilment = ["orders", "warehouse", "slots", "returns"];
    let shared = decision("orders").2.expect("orders is covered");
    for id in fulfilment {
        assert_eq!(
            decision(id),
            ("99.5%", Cover::DomainRota, Some(shared)),
            "{id}"
        );
    }
    let r = &plan.rotas[shared];
    assert_eq!(
        r.domain.map(|d| m.domains[d].id.as_str()),
        Some("fulfilment")
    );
    assert_eq!(r.apps.len(), 4);
    for id in ["stock-levels", "replenishment", "suppliers", "forecasting"] {
        assert_eq!(decision(id), ("99.0%", Cover::None, None), "{id}");
    }
    assert_eq!(plan.rotas.len(), 3);

    // Against ten team rotas at current targets.
    let base = baseline(m);
    assert_eq!(base.rotas.len(), 10);
    assert_relative_eq!(base.totals(m).standby, 30000.0);
    assert!(totals.total < base.totals(m).total);
}
