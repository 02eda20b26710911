//! What the fuzzers check, shared by the fuzz targets (`cargo fuzz run`) and
//! the regression test that replays every input they ever found
//! (`tests/it/fuzz_regressions.rs`). The first byte picks the file format
//! (even: TOML, odd: JSON); the rest is the file.

// Each fuzz target uses one of these checks.
#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use rota::layout::Layout;
use rota::model::Loaded;
use rota::solve::{optimise, Method, SolveOptions};

/// Any bytes as a scenario file: reading and validation never panic, and a
/// scenario that loads is solved, and the solver's layout passes the
/// independent evaluator with the same total.
pub fn scenario(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = if first & 1 == 0 {
        "fuzz.toml"
    } else {
        "fuzz.json"
    };
    let Ok(loaded) = rota::model::load_bytes(Path::new(name), rest) else {
        return;
    };
    let m = &loaded.model;
    let _ = rota::report::check::build(m);
    // Solving is exponential in the worst case: only small models, and a
    // node limit so that the check is the same on every machine.
    if m.applications.len() > 8 {
        return;
    }
    let options = SolveOptions {
        node_limit: Some(2_000),
        ..SolveOptions::default()
    };
    let plan = optimise(m, &options, Method::Dedicated, false)
        .expect("a model that loads always has a layout");
    let text = Layout::from_plan(m, &plan).to_toml();
    let layout: Layout = toml::from_str(&text).expect("the solver's layout reads back");
    let e = rota::evaluate::evaluate(&loaded.scenario, &layout).expect("evaluates");
    assert!(e.violations.is_empty(), "{:#?}\n{text}", e.violations);
    let total = plan.totals(m).total;
    assert!(
        rota::numbers::same_cost(e.totals.total, total),
        "evaluator {} against solver {total}\n{text}",
        e.totals.total
    );
}

/// The model every fuzzed layout is judged against.
fn fruits() -> &'static Loaded {
    static MODEL: OnceLock<Loaded> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/fruits-r-us.toml");
        let path = if Path::new(path).exists() {
            path.to_string()
        } else {
            // Built from fuzz/: the fixtures are one folder up.
            concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/fruits-r-us.toml").to_string()
        };
        rota::model::load(Path::new(&path)).expect("the fixture loads")
    })
}

/// Any bytes as a layout file for Fruits R Us: reading and evaluating never
/// panic, every violation has a sentence and every total is finite.
pub fn layout(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = if first & 1 == 0 {
        "fuzz.layout.toml"
    } else {
        "fuzz.layout.json"
    };
    let Ok(layout) = rota::layout::layout_from_bytes(Path::new(name), rest) else {
        return;
    };
    let loaded = fruits();
    if let Ok(e) = rota::evaluate::evaluate(&loaded.scenario, &layout) {
        for v in &e.violations {
            assert!(!v.message.is_empty(), "{v:?}");
        }
        assert!(e.totals.total.is_finite(), "{:?}", e.totals);
    }
}
