//! The optional HiGHS backend (`--features highs`): on the same integer
//! program it must prove the same optimum as microlp and the dedicated
//! solver, its layouts must pass the independent evaluator, a time limit must
//! stop it with an honest bound, and nothing it does may reach stdout.
//!
//! `cargo test --release --features highs --test it highs_backend`

use crate::common::{agree, assert_evaluator_agrees};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rota::model::Loaded;
use rota::plan::Status;
use rota::solve::mip::backends::highs::Highs;
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::backends::{Backend, BackendError, Limits, MipStatus};
use rota::solve::mip::program::{Mip, Sense, VarId};
use rota::solve::{optimise, Method, SolveOptions};

/// Solves with `method`, requires a proof, and checks the layout with the
/// evaluator: no violations and the same money, item by item.
fn solve_checked(loaded: &Loaded, label: &str, method: Method) -> f64 {
    let m = &loaded.model;
    if rota::model::window::Windowed::build(&loaded.scenario, m).is_some() {
        // Support windows (SPEC §7.1): the windowed program and layout.
        let label = format!("{label} ({method:?})");
        return crate::windows_solve::windowed_round_trip(loaded, method, &label);
    }
    let plan = optimise(m, &SolveOptions::default(), method, false)
        .unwrap_or_else(|e| panic!("{label} ({method:?}): solve failed: {e}"));
    assert_eq!(plan.status, Status::Optimal, "{label} ({method:?})");
    assert_evaluator_agrees(loaded, &plan, &format!("{label} ({method:?})"))
}

/// HiGHS against microlp and the dedicated solver on one scenario.
fn same_optimum(loaded: &Loaded, label: &str) {
    let highs = solve_checked(loaded, label, Method::Highs);
    let mip = solve_checked(loaded, label, Method::Mip);
    let dedicated = solve_checked(loaded, label, Method::Dedicated);
    assert!(agree(highs, mip), "{label}: highs {highs} microlp {mip}");
    assert!(
        agree(highs, dedicated),
        "{label}: highs {highs} dedicated {dedicated}"
    );
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                    name.ends_with(".toml") && !name.contains(".layout.")
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn generated(apps: usize, seed: u64) -> (tempfile::TempDir, Loaded) {
    let text = rota::generate::to_toml(&rota::generate::generate(apps, seed)).expect("toml");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(format!("generated-{apps}-{seed}.toml"));
    std::fs::write(&path, text).expect("write");
    let loaded = rota::model::load(&path).expect("a generated organisation is valid");
    (dir, loaded)
}

/// Through `mip::solve_program`, every component's program comes with the formulation's
/// warm start: on Fruits R Us HiGHS 1.16 once returned that start as its
/// "optimal" solution (see `src/solve/mip/backends/highs.rs`).
#[test]
fn shipped_models_and_fixtures_same_optimum() {
    let mut files = toml_files(&root().join("models"));
    assert!(files.len() >= 2, "models missing: {files:?}");
    files.extend(toml_files(&root().join("fixtures")));
    for path in files {
        let loaded = rota::model::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        same_optimum(&loaded, &path.display().to_string());
    }
}

#[test]
fn random_scenarios_same_optimum() {
    for seed in 0..80 {
        let loaded = crate::common::random_scenario(seed, 8);
        same_optimum(&loaded, &format!("seed {seed}"));
    }
}

#[test]
fn generated_organisations_same_optimum_as_the_dedicated_solver() {
    for (apps, seed) in [(12, 1), (30, 1)] {
        let (_dir, loaded) = generated(apps, seed);
        let label = format!("{apps} applications, seed {seed}");
        let highs = solve_checked(&loaded, &label, Method::Highs);
        let dedicated = solve_checked(&loaded, &label, Method::Dedicated);
        assert!(
            agree(highs, dedicated),
            "{label}: highs {highs} dedicated {dedicated}"
        );
    }
}

#[test]
fn a_time_limit_stops_highs_with_a_valid_layout_and_an_honest_bound() {
    // Far beyond what HiGHS proves in two seconds (300 applications: not
    // proven in 120 s, docs/performance.md).
    let (_dir, loaded) = generated(300, 5);
    let m = &loaded.model;
    let limit = Duration::from_secs(2);
    let options = SolveOptions {
        time_limit: Some(limit),
        tech_tie_break: false,
        ..SolveOptions::default()
    };
    let start = Instant::now();
    let plan = optimise(m, &options, Method::Highs, false).expect("a layout");
    let took = start.elapsed();
    assert!(
        took < limit * 10,
        "the time limit was not honoured: {took:?}"
    );
    let total = assert_evaluator_agrees(&loaded, &plan, "300 applications, 2 s");
    assert!(plan.bound.is_finite(), "bound {}", plan.bound);
    assert!(
        plan.bound <= total * (1.0 + 1e-9),
        "bound {} above the layout's total {total}",
        plan.bound
    );
    assert!(plan.bound > 0.0, "bound {}", plan.bound);
    if plan.status == Status::Feasible {
        assert!(plan.gap(m) >= 0.0);
    }
    // The dedicated solver's proven bound can never exceed a layout's cost.
    let dedicated = optimise(
        m,
        &SolveOptions {
            time_limit: Some(Duration::from_secs(2)),
            tech_tie_break: false,
            ..SolveOptions::default()
        },
        Method::Dedicated,
        false,
    )
    .expect("a layout");
    assert!(
        dedicated.bound <= total * (1.0 + 1e-9),
        "dedicated bound {} above HiGHS's layout {total}",
        dedicated.bound
    );
}

/// A random small binary program with every kind of row.
fn random_mip(rng: &mut StdRng) -> Mip {
    let mut mip = Mip::default();
    let n = rng.gen_range(1..=10);
    let vars: Vec<VarId> = (0..n)
        .map(|i| mip.binary(format!("x{i}"), f64::from(rng.gen_range(-20..=20))))
        .collect();
    for r in 0..rng.gen_range(0..=5) {
        let terms: Vec<(VarId, f64)> = vars
            .iter()
            .filter_map(|&v| {
                let a = f64::from(rng.gen_range(-5..=5));
                rng.gen_bool(0.6).then_some((v, a))
            })
            .collect();
        let sense = match rng.gen_range(0..3) {
            0 => Sense::Le,
            1 => Sense::Ge,
            _ => Sense::Eq,
        };
        let rhs = f64::from(rng.gen_range(-4..=6));
        mip.constrain(format!("r{r}"), terms, sense, rhs);
    }
    mip
}

/// The optimum by enumerating every 0/1 point, `None` when infeasible.
fn enumerate(mip: &Mip) -> Option<f64> {
    let n = mip.vars.len();
    (0u32..1 << n)
        .map(|bits| {
            (0..n)
                .map(|i| f64::from((bits >> i) & 1))
                .collect::<Vec<_>>()
        })
        .filter(|x| mip.max_violation(x) < 1e-9)
        .map(|x| mip.objective_value(&x))
        .min_by(f64::total_cmp)
}

#[test]
fn the_backend_matches_enumeration_on_small_programs() {
    let mut rng = StdRng::seed_from_u64(7);
    let (mut feasible, mut infeasible) = (0, 0);
    for case in 0..300 {
        let mip = random_mip(&mut rng);
        let result = Highs.solve(&mip, &Limits::default(), None);
        match (enumerate(&mip), result) {
            (Some(best), Ok(r)) => {
                feasible += 1;
                assert_eq!(r.status, MipStatus::Optimal, "case {case}");
                assert!(mip.max_violation(&r.values) < 1e-9, "case {case}");
                assert!(
                    (r.objective - best).abs() < 1e-9,
                    "case {case}: {} against {best}",
                    r.objective
                );
                assert!((r.bound - best).abs() < 1e-9, "case {case}");
                let micro = MicroLp
                    .solve(&mip, &Limits::default(), None)
                    .expect("microlp");
                assert!((micro.objective - best).abs() < 1e-9, "case {case}");
            }
            (None, Err(e)) => {
                infeasible += 1;
                assert_eq!(e, BackendError::Infeasible, "case {case}");
            }
            (best, r) => panic!("case {case}: enumeration {best:?}, HiGHS {r:?}"),
        }
    }
    // The generator must exercise both outcomes.
    assert!(
        feasible > 50 && infeasible > 5,
        "{feasible} feasible, {infeasible} infeasible"
    );
}

#[test]
fn the_cli_keeps_stdout_to_the_json_report() {
    let model = root().join("models/greengate-retail-group.toml");
    let out = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .args(["solve", "--solver", "highs", "--format", "json"])
        .arg(&model)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON document");
    assert_eq!(report["status"], "optimal");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Same total as the default solver.
    let loaded = rota::model::load(&model).expect("valid");
    let dedicated = solve_checked(&loaded, "greengate", Method::Dedicated);
    let total = report["totals"]["total"].as_f64().expect("totals.total");
    assert!(
        agree(total, dedicated),
        "JSON {total} dedicated {dedicated}"
    );
}
