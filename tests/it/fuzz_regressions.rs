//! Every input the fuzzers were seeded with or ever found (`fuzz/regressions/`)
//! and every shipped model, fixture and layout go through the fuzzers' own
//! checks (`fuzz/checks.rs`) on every `cargo test`, without a fuzzer.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped files as the fuzzers see them: a format byte, then the file.
fn shipped(layouts: bool) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["models", "fixtures"] {
        for p in files(&root().join(dir)) {
            let name = p.to_string_lossy().into_owned();
            if name.contains(".layout.") != layouts {
                continue;
            }
            let mut bytes = vec![u8::from(name.ends_with(".json"))];
            bytes.extend(std::fs::read(&p).unwrap());
            out.push(bytes);
        }
    }
    out
}

#[test]
fn scenario_regressions_and_shipped_models_pass_the_fuzz_checks() {
    let found = files(&root().join("fuzz/regressions/scenario"));
    assert!(!found.is_empty());
    for p in found {
        checks::scenario(&std::fs::read(&p).unwrap());
    }
    for bytes in shipped(false) {
        checks::scenario(&bytes);
    }
}

#[test]
fn layout_regressions_and_shipped_layouts_pass_the_fuzz_checks() {
    let found = files(&root().join("fuzz/regressions/layout"));
    assert!(!found.is_empty());
    for p in found {
        checks::layout(&std::fs::read(&p).unwrap());
    }
    for bytes in shipped(true) {
        checks::layout(&bytes);
    }
}
