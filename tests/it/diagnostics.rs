//! Diagnostics and the policy comparison of the solve report.

use approx::assert_relative_eq;
use rota::analysis::diagnostics::DiagnosticCode::{
    self, ForcedUpgrade, KnowledgeSharingBarrier, ManyTeamRotas, UnusedTarget,
};
use rota::model::{Model, SupportLevel};
use rota::plan::policy::operations_at_scale;
use rota::report::diagnostics::diagnose;
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::solve_program;
use rota::solve::SolveOptions;

fn load(text: &str) -> Model {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).expect("write");
    rota::model::load(&path).expect("valid scenario").model
}

fn fruits() -> Model {
    rota::model::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/fruits-r-us.toml"
    )))
    .expect("fruits")
    .model
}

/// Four teams: two with a 99.9% application each (team rotas), two whose
/// 99.5% applications share a product domain but no technology, and a fifth
/// application whose min_target lies above its current target. Nothing ends
/// at 99.0%.
const SMALL: &str = r#"
name = "small"
[policy]
max_rota_load = 4
[support.team_rota]
standby_per_month = 1000
ttr_minutes = 20
[[targets]]
name = "99.9%"
availability = 0.999
min_revenue_loss = 100000
support = "team_rota"
[[targets]]
name = "99.5%"
availability = 0.995
min_revenue_loss = 50000
support = "domain_rota"
[[targets]]
name = "99.0%"
availability = 0.99
min_revenue_loss = 20000
support = "none"
[[teams]]
id = "a"
technologies = ["java"]
[[teams]]
id = "b"
technologies = ["java"]
[[teams]]
id = "c"
technologies = ["python"]
[[teams]]
id = "d"
technologies = ["go"]
[[domains]]
id = "shop"
kind = "product"
[[applications]]
id = "a1"
team = "a"
loss_per_hour = 200000
incidents_per_month = 0.5
[[applications]]
id = "b1"
team = "b"
loss_per_hour = 200000
incidents_per_month = 0.5
[[applications]]
id = "c1"
team = "c"
domains = ["shop"]
loss_per_hour = 20000
incidents_per_month = 1
[[applications]]
id = "d1"
team = "d"
domains = ["shop"]
target = "99.0%"
min_target = "99.5%"
loss_per_hour = 1000
incidents_per_month = 1
"#;

#[test]
fn small_model_raises_every_diagnostic() {
    let m = load(SMALL);
    let plan = solve_program(&m, &SolveOptions::default(), &MicroLp).expect("solve");
    let d = diagnose(&m, &plan, None);
    let find = |code: DiagnosticCode| d.iter().filter(|x| x.code == code).collect::<Vec<_>>();

    let many = find(ManyTeamRotas);
    assert_eq!(many.len(), 1, "{d:?}");
    assert_eq!(many[0].ids, ["a", "b"]);

    let barrier = find(KnowledgeSharingBarrier);
    assert_eq!(barrier.len(), 1, "{d:?}");
    assert_eq!(barrier[0].ids, ["shop", "c", "d"]);

    let up = find(ForcedUpgrade);
    assert_eq!(up.len(), 1);
    assert_eq!(up[0].ids, ["d1"]);
    assert!(up[0].message.contains("min_target"), "{}", up[0].message);

    let unused = find(UnusedTarget);
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0].ids, ["99.0%"]);
}

#[test]
fn the_articles_layout_raises_nothing() {
    let m = fruits();
    let plan = solve_program(&m, &SolveOptions::default(), &MicroLp).expect("solve");
    let d = diagnose(&m, &plan, operations_at_scale(&m).as_ref());
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn operations_at_scale_prices_current_targets_on_operations_rotas() {
    let m = fruits();
    let p = operations_at_scale(&m).expect("fruits prices operations");
    let ops = m.operations.as_ref().unwrap();
    // Every Fruits R Us application is at 99.9% today, which needs cover:
    // ten applications of load 1 on rotas of at most 6.
    assert_eq!(p.rotas, 2);
    let mut loss = 0.0;
    let mut total_load = 0.0;
    for a in &m.applications {
        assert_ne!(m.targets[a.current_target].support, SupportLevel::None);
        let hourly = a.loss_per_hour * ops.ttr_minutes / 60.0;
        loss += a.incidents_per_month * a.max_loss.map_or(hourly, |c| hourly.min(c));
        total_load += a.load;
    }
    assert_eq!(p.rotas, (total_load / m.max_rota_load).ceil() as usize);
    assert_relative_eq!(p.totals.standby, 2.0 * ops.standby);
    assert_relative_eq!(p.totals.expected_loss, loss, max_relative = 1e-12);
    assert_relative_eq!(
        p.totals.total,
        p.totals.standby + p.totals.expected_loss + p.totals.callouts + p.totals.engineering
    );
    assert!(operations_at_scale(&load(SMALL)).is_none());
}
