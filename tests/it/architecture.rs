//! The layers of `src/`, enforced: every `crate::` path in a module names a
//! module of a lower layer, and the evaluator names only the file formats.
//! ARCHITECTURE.md explains the table.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Top-level modules from the bottom up. A module may use the modules of
/// lower layers only; modules of one layer never use each other.
const LAYERS: &[&[&str]] = &[
    &["numbers"],
    &["deadline"],
    &["scenario"],
    &["generate", "layout", "import"],
    &["evaluate", "model"],
    &["export"],
    &["plan"],
    &["solve"],
    &["analysis"],
    &["report"],
    &["cli"],
];

/// Stricter than the layers: what these modules may use at all.
const ONLY: &[(&str, &[&str])] = &[
    // Every layer may use it, so it uses nothing.
    ("numbers", &[]),
    // The clock and Ctrl-C: below everything that searches.
    ("deadline", &[]),
    // The file format stands alone: the model is built one layer up.
    ("scenario", &["numbers"]),
    // The evaluator judges a layout from the file formats alone, so that it
    // checks the solver instead of repeating it.
    ("evaluate", &["scenario", "layout", "numbers"]),
    // The export writes a layout as on-call configuration from the file
    // formats alone: exporting never solves.
    ("export", &["scenario", "layout", "numbers"]),
    // Imports build a scenario from other formats: the file format only.
    ("import", &["scenario", "numbers"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level modules a source text names through `crate::`, outside
/// comments.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().last();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        // `use crate::{a, b}` names several at once (not `other_crate::{`).
        let group = code.match_indices("crate::{").find(|&(i, _)| {
            !code[..i]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        });
        if let Some((i, _)) = group {
            for part in code[i + "crate::{".len()..].split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// Every arrow that breaks the table, as "from -> to (file)".
fn violations(module: &str, file: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(own) = layer_of(module) else {
        return vec![format!("{file}: module {module} is in no layer of LAYERS")];
    };
    let only = ONLY.iter().find(|(m, _)| *m == module).map(|(_, o)| *o);
    for used in crate_paths(text) {
        if used == module {
            continue;
        }
        let allowed = match (only, layer_of(&used)) {
            (Some(only), _) => only.contains(&used.as_str()),
            (None, Some(l)) => l < own,
            (None, None) => false,
        };
        if !allowed {
            out.push(format!("{module} -> {used} ({file})"));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut broken = Vec::new();
    let mut seen = BTreeSet::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        seen.insert(module.clone());
        let text = std::fs::read_to_string(f).unwrap();
        broken.extend(violations(&module, &rel.display().to_string(), &text));
    }
    assert!(
        broken.is_empty(),
        "arrows against the layers (see ARCHITECTURE.md):\n{}",
        broken.join("\n")
    );
    let listed: BTreeSet<String> = LAYERS
        .iter()
        .flat_map(|l| l.iter().map(|s| s.to_string()))
        .collect();
    assert_eq!(seen, listed, "LAYERS and the folders of src/ disagree");
}

#[test]
fn lib_rs_lists_the_modules_in_layer_order() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let layered: Vec<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
    assert_eq!(declared, layered);
}

#[test]
fn the_check_catches_arrows_back_up() {
    let upward = "use crate::plan::Plan;\nfn f() { crate::cli::run(); }\n";
    assert_eq!(
        violations("model", "model/x.rs", upward),
        vec!["model -> cli (model/x.rs)", "model -> plan (model/x.rs)"]
    );
    // Sideways within a layer is an arrow too.
    assert_eq!(
        violations("model", "model/x.rs", "use crate::evaluate::evaluate;"),
        vec!["model -> evaluate (model/x.rs)"]
    );
    // The evaluator may not use the model although it is lower.
    assert_eq!(
        violations(
            "evaluate",
            "evaluate/x.rs",
            "use crate::{layout::Layout, model::Model};"
        ),
        vec!["evaluate -> model (evaluate/x.rs)"]
    );
    // Comments, other crates' paths and lower layers are fine.
    let fine =
        "// crate::cli is mentioned\nuse crate::scenario::Scenario;\nuse other_crate::cli;\nuse microlp_crate::{plan, cli};\n";
    assert!(violations("model", "model/x.rs", fine).is_empty());
}
