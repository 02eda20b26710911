//! The sentences of `rota import` and `rota init`.

use crate::import::Imported;

/// One line on standard error after an import: what was made.
pub fn summary(imported: &Imported) -> String {
    let s = &imported.scenario;
    format!(
        "imported {}, {} and {} into scenario {:?}",
        count(s.applications.len(), "application"),
        count(s.teams.len(), "team"),
        count(s.domains.len(), "domain"),
        s.name
    )
}

/// What was skipped or assumed, one `note:` line each.
pub fn notes(imported: &Imported) -> String {
    imported
        .notes
        .iter()
        .map(|n| format!("note: {n}\n"))
        .collect()
}

/// Why an imported organisation is refused although every cell read well.
pub fn failed_check(problems: &str) -> String {
    format!(
        "the imported organisation does not pass `rota check` (nothing written); \
         the lines below are those of the scenario it would have written:\n{problems}"
    )
}

/// What `rota init` wrote and the command that imports it.
pub fn initialised(dir: &std::path::Path, files: &[&str]) -> String {
    let d = dir.display();
    let mut out = format!("wrote a starter model (the article's Fruits R Us) in {d}:\n");
    for f in files {
        out.push_str(&format!("  {d}/{f}\n"));
    }
    out.push_str(&format!(
        "replace the rows with your organisation's, then:\n  rota import csv {d}/applications.csv --teams {d}/teams.csv --domains {d}/domains.csv --policy {d}/policy.toml --output {d}/model.toml\n  rota solve {d}/model.toml\n"
    ));
    out
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
