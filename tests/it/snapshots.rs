//! Every command's output on every shipped model and fixture, byte for byte.
//!
//! Each case runs the real binary and compares its exit status, stdout,
//! stderr and any file it writes with `tests/snapshots/NAME.txt`. A change in
//! output is a change in behaviour: review the difference, then record the
//! new bytes with `ROTA_BLESS=1 cargo test --release --test it snapshots`.
//! Only the wall-clock `seconds` of `batch` is masked.

use crate::common::shipped_scenarios as scenarios;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    name: String,
    args: Vec<String>,
    /// Files the command writes, named relative to the temporary folder.
    writes: Vec<&'static str>,
    /// A command run first (its output is not recorded), e.g. `generate`.
    before: Vec<String>,
}

fn case(name: impl Into<String>, args: &[&str]) -> Case {
    Case {
        name: name.into(),
        args: args.iter().map(|s| s.to_string()).collect(),
        writes: Vec::new(),
        before: Vec::new(),
    }
}

fn layout_of(scenario: &str) -> Option<String> {
    let (stem, ext) = scenario.rsplit_once('.').unwrap();
    let layout = format!("{stem}.layout.{ext}");
    root().join(&layout).exists().then_some(layout)
}

fn slug(path: &str) -> String {
    path.replace(['/', '.'], "-")
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for s in scenarios() {
        let k = slug(&s);
        cases.push(case(format!("solve-{k}"), &["solve", &s]));
        cases.push(case(
            format!("solve-json-{k}"),
            &["solve", &s, "--format", "json"],
        ));
        cases.push(case(
            format!("solve-explain-{k}"),
            &["solve", &s, "--explain"],
        ));
        cases.push(case(
            format!("solve-mip-{k}"),
            &["solve", &s, "--solver", "mip", "--format", "json"],
        ));
        let mut c = case(
            format!("solve-output-{k}"),
            &[
                "solve",
                &s,
                "--no-explain",
                "--format",
                "json",
                "--output",
                "$TMP/layout.toml",
                "--write-lp",
                "$TMP/program.lp",
            ],
        );
        c.writes = vec!["layout.toml", "program.lp"];
        cases.push(c);
        let mut c = case(
            format!("solve-output-json-{k}"),
            &["solve", &s, "--output", "$TMP/layout.json"],
        );
        c.writes = vec!["layout.json"];
        cases.push(c);
        cases.push(case(format!("check-{k}"), &["check", &s]));
        cases.push(case(
            format!("check-json-{k}"),
            &["check", &s, "--format", "json"],
        ));
        for format in ["table", "json", "csv", "markdown"] {
            cases.push(case(
                format!("insurance-{format}-{k}"),
                &["insurance", &s, "--format", format],
            ));
        }
        cases.push(case(
            format!("report-dot-{k}"),
            &["report", &s, "--format", "dot"],
        ));
        let mut c = case(
            format!("report-html-{k}"),
            &["report", &s, "--html", "$TMP/page.html"],
        );
        c.writes = vec!["page.html"];
        cases.push(c);
        if let Some(l) = layout_of(&s) {
            for format in ["table", "json", "markdown"] {
                cases.push(case(
                    format!("compare-{format}-{k}"),
                    &["compare", &s, &l, "--format", format],
                ));
            }
            cases.push(case(
                format!("export-pagerduty-{k}"),
                &["export", "pagerduty", &l, "--model", &s],
            ));
        }
    }
    for format in ["table", "json", "csv", "markdown"] {
        cases.push(case(
            format!("batch-{format}"),
            &["batch", "fixtures", "models", "--format", format],
        ));
    }
    let mut c = case(
        "batch-output",
        &["batch", "fixtures", "--output", "$TMP/batch.csv"],
    );
    c.writes = vec!["batch.csv"];
    cases.push(c);
    // Sweeps and break-even points (SPEC §7.3).
    for format in ["table", "json", "csv", "markdown"] {
        cases.push(case(
            format!("sweep-{format}-models-fruits-r-us-toml"),
            &[
                "sweep",
                "models/fruits-r-us.toml",
                "--range",
                "applications.stock-levels.incidents_per_month=0..2:4",
                "--set",
                "support.domain_rota.standby_per_month=3000,6000",
                "--format",
                format,
            ],
        ));
    }
    // Cost by team and product domain (SPEC §7.4), only with --by-team.
    for model in [
        "models/fruits-r-us.toml",
        "models/greengate-retail-group.toml",
    ] {
        let k = slug(model);
        cases.push(case(
            format!("solve-by-team-{k}"),
            &["solve", model, "--by-team"],
        ));
        cases.push(case(
            format!("solve-by-team-json-{k}"),
            &[
                "solve",
                model,
                "--by-team",
                "--format",
                "json",
                "--no-explain",
            ],
        ));
    }
    for (apps, seed) in [("12", "1"), ("40", "7")] {
        cases.push(case(
            format!("generate-{apps}-{seed}"),
            &["generate", "--apps", apps, "--seed", seed],
        ));
    }
    // Generated organisations reach the dedicated solver's search, which the
    // small fixtures prove at the root.
    for (apps, seed) in [("60", "2"), ("100", "1"), ("100", "4")] {
        for (label, args) in [
            ("table", vec!["solve", "$TMP/org.toml"]),
            (
                "json",
                vec!["solve", "$TMP/org.toml", "--format", "json", "--no-explain"],
            ),
        ] {
            let mut c = case(format!("solve-generated-{apps}-{seed}-{label}"), &args);
            c.before = [
                "generate",
                "--apps",
                apps,
                "--seed",
                seed,
                "-o",
                "$TMP/org.toml",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            cases.push(c);
        }
    }
    for command in [
        "solve",
        "check",
        "insurance",
        "compare",
        "batch",
        "generate",
    ] {
        cases.push(case(format!("help-{command}"), &[command, "--help"]));
    }
    for command in ["export", "completions", "man"] {
        cases.push(case(format!("help-{command}"), &[command, "--help"]));
    }
    cases.push(case(
        "help-export-pagerduty",
        &["export", "pagerduty", "--help"],
    ));
    cases.push(case("help", &["--help"]));
    cases.push(case("help-import", &["import", "--help"]));
    cases.push(case("help-import-csv", &["import", "csv", "--help"]));
    cases.push(case(
        "help-import-backstage",
        &["import", "backstage", "--help"],
    ));
    cases.push(case("help-init", &["init", "--help"]));
    cases.push(case(
        "import-csv-harbour",
        &[
            "import",
            "csv",
            "fixtures/import/csv/harbour-applications.csv",
            "--teams",
            "fixtures/import/csv/harbour-teams.csv",
            "--domains",
            "fixtures/import/csv/harbour-domains.csv",
        ],
    ));
    cases.push(case(
        "import-csv-bad-cells",
        &[
            "import",
            "csv",
            "fixtures/import/csv/bad-cells-applications.csv",
        ],
    ));
    cases.push(case(
        "import-backstage-shop",
        &[
            "import",
            "backstage",
            "fixtures/import/backstage/shop-catalog.yaml",
        ],
    ));
    cases.push(case(
        "import-backstage-bad",
        &[
            "import",
            "backstage",
            "fixtures/import/backstage/bad-catalog.yaml",
        ],
    ));
    cases.push(case("usage-no-command", &[]));
    cases.push(case(
        "usage-bad-format",
        &["solve", "models/fruits-r-us.toml", "--format", "yaml"],
    ));
    cases.push(case(
        "missing-file",
        &["solve", "models/no-such-model.toml"],
    ));
    cases
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `seconds` is the one figure of the output that is wall-clock time.
fn mask_seconds(name: &str, text: &str) -> String {
    if !name.starts_with("batch") {
        return text.to_string();
    }
    if let Ok(mut json) = serde_json::from_str::<serde_json::Value>(text) {
        if let Some(rows) = json.get_mut("rows").and_then(|r| r.as_array_mut()) {
            for row in rows {
                row["seconds"] = serde_json::json!(0);
            }
        }
        return serde_json::to_string_pretty(&json).unwrap() + "\n";
    }
    // csv: the seconds column; table and markdown: the last column of a row.
    let mut out = String::new();
    let mut seconds_column = None;
    for line in text.lines() {
        if line.starts_with("scenario,") {
            seconds_column = line.split(',').position(|c| c == "seconds");
        }
        let masked = match seconds_column {
            Some(col) if !line.starts_with("scenario,") => mask_csv_cell(line, col),
            _ => mask_last_number(line),
        };
        out.push_str(&masked);
        out.push('\n');
    }
    out
}

/// The CSV row `line` with cell `col` replaced by `S`, read as CSV (a
/// scenario name may hold a quoted comma, which splitting on commas would
/// count as two cells and mask the wrong one).
fn mask_csv_cell(line: &str, col: usize) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    let Some(Ok(record)) = reader.records().next() else {
        return line.to_string();
    };
    let cells: Vec<&str> = record
        .iter()
        .enumerate()
        .map(|(i, c)| if i == col { "S" } else { c })
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&cells).expect("in memory");
    let bytes = writer.into_inner().expect("in memory");
    String::from_utf8(bytes)
        .expect("utf-8")
        .trim_end()
        .to_string()
}

fn mask_last_number(line: &str) -> String {
    let trimmed = line.trim_end_matches([' ', '|']);
    let start = trimmed
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |i| i + 1);
    let tail = &trimmed[start..];
    if tail.contains('.') && tail.chars().any(|c| c.is_ascii_digit()) {
        format!("{}S{}", &trimmed[..start], &line[trimmed.len()..])
    } else {
        line.to_string()
    }
}

fn run(c: &Case, tmp: &Path) -> String {
    let tmp_text = tmp.to_string_lossy().into_owned();
    let args: Vec<String> = c
        .args
        .iter()
        .map(|a| a.replace("$TMP", &tmp_text))
        .collect();
    if !c.before.is_empty() {
        let before: Vec<String> = c
            .before
            .iter()
            .map(|a| a.replace("$TMP", &tmp_text))
            .collect();
        let status = Command::new(env!("CARGO_BIN_EXE_rota"))
            .args(&before)
            .current_dir(root())
            .status()
            .unwrap();
        assert!(status.success(), "{}: {:?} failed", c.name, c.before);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(&args)
        .current_dir(root())
        .env_remove("ROTA_DEBUG")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let unmask = |b: &[u8]| String::from_utf8_lossy(b).replace(&tmp_text, "$TMP");
    let mut text = format!(
        "$ rota {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        c.args.join(" "),
        out.status.code().unwrap_or(-1),
        mask_seconds(&c.name, &unmask(&out.stdout)),
        unmask(&out.stderr),
    );
    for w in &c.writes {
        let body = std::fs::read(tmp.join(w)).unwrap_or_default();
        text.push_str(&format!("--- file {w}\n"));
        text.push_str(&mask_seconds(&c.name, &unmask(&body)));
    }
    text
}

#[test]
fn every_output_is_the_recorded_bytes() {
    let dir = root().join("tests/snapshots");
    let bless = std::env::var_os("ROTA_BLESS").is_some();
    if bless {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut differ = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for c in cases() {
        assert!(names.insert(c.name.clone()), "two cases named {}", c.name);
        let tmp = tempfile::tempdir().unwrap();
        let got = run(&c, tmp.path());
        let path = dir.join(format!("{}.txt", c.name));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => {
                let line = want
                    .lines()
                    .zip(got.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(want.lines().count().min(got.lines().count()));
                differ.push(format!("{}: first difference at line {}", c.name, line + 1));
            }
            Err(_) => differ.push(format!("{}: no recorded output", c.name)),
        }
    }
    if !bless {
        // A recorded file with no case is a case that was dropped.
        for e in std::fs::read_dir(&dir).unwrap() {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            if !names.contains(n.trim_end_matches(".txt")) {
                differ.push(format!("{n}: recorded but no longer run"));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{} outputs differ from tests/snapshots (ROTA_BLESS=1 records them):\n{}",
        differ.len(),
        differ.join("\n")
    );
}
