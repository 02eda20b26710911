//! The README's path end to end, as a planner runs it: a spreadsheet (the
//! templates `init` writes) or a Backstage catalogue in, through `solve`, to a
//! page (`report --html`) and Terraform (`export pagerduty`). Each step's
//! output is the next one's input; the layout is judged by the independent
//! evaluator (`compare`), and the page and the Terraform name every
//! application.

use std::path::Path;

use assert_cmd::Command;

fn rota(args: &[&str]) -> String {
    let out = Command::cargo_bin("rota")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rota {args:?} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Solve, report and export an imported model; checks what each step wrote.
fn solve_report_export(dir: &Path, model: &Path) {
    let layout = dir.join("org.layout.toml");
    let page = dir.join("org.html");
    let terraform = dir.join("oncall.tf");
    rota(&["solve", s(model), "--output", s(&layout)]);
    rota(&["report", s(model), "--html", s(&page)]);
    rota(&[
        "export",
        "pagerduty",
        s(&layout),
        "--model",
        s(model),
        "--output",
        s(&terraform),
    ]);

    // The solver's layout breaks no rule in the evaluator's eyes, and costs
    // what the optimum costs.
    let judged = rota(&["compare", s(model), s(&layout), "--format", "json"]);
    let judged: serde_json::Value = serde_json::from_str(&judged).unwrap();
    assert_eq!(judged["violations"].as_array().map(Vec::len), Some(0));
    assert_eq!(judged["feasible"], true);
    approx::assert_relative_eq!(
        judged["totals"]["total"].as_f64().unwrap(),
        judged["optimal"]["totals"]["total"].as_f64().unwrap(),
        max_relative = 1e-9
    );

    let (scenario, _) = rota::scenario::read_scenario(model).unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read_to_string(&page).unwrap();
    let terraform = std::fs::read_to_string(&terraform).unwrap();
    let services = terraform
        .lines()
        .filter(|l| l.starts_with("resource \"pagerduty_service\""))
        .count();
    assert_eq!(services, scenario.applications.len(), "{terraform}");
    for a in &scenario.applications {
        assert!(page.contains(&a.id), "the page lacks {}", a.id);
        assert!(
            terraform.contains(&format!("\"{}\"", a.id))
                || a.name.as_deref().is_some_and(|n| terraform.contains(n)),
            "the Terraform lacks {}",
            a.id
        );
    }
}

#[test]
fn from_the_templates_to_a_page_and_terraform() {
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("starter");
    rota(&["init", s(&starter)]);
    let model = dir.path().join("org.toml");
    rota(&[
        "import",
        "csv",
        s(&starter.join("applications.csv")),
        "--teams",
        s(&starter.join("teams.csv")),
        "--domains",
        s(&starter.join("domains.csv")),
        "--policy",
        s(&starter.join("policy.toml")),
        "--output",
        s(&model),
    ]);
    solve_report_export(dir.path(), &model);
}

#[test]
fn from_a_backstage_catalogue_to_a_page_and_terraform() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new("fixtures/import/backstage/tunewave");
    let mut files: Vec<String> = Vec::new();
    for sub in ["", "components", "domains", "systems"] {
        let mut here: Vec<String> = std::fs::read_dir(root.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| p.to_str().unwrap().to_string())
            .collect();
        here.sort();
        files.extend(here);
    }
    let model = dir.path().join("org.toml");
    let mut args = vec!["import", "backstage"];
    args.extend(files.iter().map(String::as_str));
    args.extend([
        "--figures",
        "fixtures/import/backstage/tunewave-figures.csv",
        "--output",
        s(&model),
    ]);
    rota(&args);
    solve_report_export(dir.path(), &model);
}
