//! `rota export pagerduty`: the Terraform parses back as HCL (hcl-rs), every
//! resource carries the provider's documented required arguments and only
//! documented ones, every reference resolves, every name is a valid and
//! unique Terraform name; on every shipped model's solved layout, on the
//! fixtures' hand layouts, on hostile ids, and bad layouts fail clearly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::rota;
use crate::common::shipped_scenarios as scenarios;
use hcl::expr::{Expression, TraversalOperator};
use hcl::{Block, Body};

/// The PagerDuty provider's documented arguments, per resource and nested
/// block: (path, required attributes, required blocks, every documented
/// argument). From the provider's resource pages
/// (registry.terraform.io/providers/PagerDuty/pagerduty/latest/docs/resources/
/// schedule, escalation_policy and service; in the provider repository
/// website/docs/r/{schedule,escalation_policy,service}.html.markdown):
/// "(Required)" there is required here. For a service whose
/// `incident_urgency_rule` has `type = "use_support_hours"` the service page
/// adds: "you must specify exactly one `support_hours` block" and "a
/// `scheduled_actions` block is required" — checked in `check_service`.
/// (block path, required attributes, required blocks, documented arguments).
type Documented = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

const PROVIDER_DOCS: &[Documented] = &[
    (
        "pagerduty_schedule",
        &["time_zone"],
        &["layer"],
        &[
            "name",
            "time_zone",
            "description",
            "layer",
            "overflow",
            "teams",
        ],
    ),
    (
        "pagerduty_schedule.layer",
        &[
            "start",
            "rotation_virtual_start",
            "rotation_turn_length_seconds",
            "users",
        ],
        &[],
        &[
            "name",
            "start",
            "end",
            "rotation_virtual_start",
            "rotation_turn_length_seconds",
            "users",
            "restriction",
        ],
    ),
    (
        "pagerduty_escalation_policy",
        &["name"],
        &["rule"],
        &["name", "teams", "description", "num_loops", "rule"],
    ),
    (
        "pagerduty_escalation_policy.rule",
        &["escalation_delay_in_minutes"],
        &["target"],
        &[
            "escalation_delay_in_minutes",
            "escalation_rule_assignment_strategy",
            "target",
        ],
    ),
    (
        "pagerduty_escalation_policy.rule.target",
        &["id"],
        &[],
        &["type", "id"],
    ),
    (
        "pagerduty_service",
        &["name", "escalation_policy"],
        &[],
        &[
            "name",
            "description",
            "auto_resolve_timeout",
            "acknowledgement_timeout",
            "escalation_policy",
            "alert_creation",
            "alert_grouping",
            "alert_grouping_timeout",
            "alert_grouping_parameters",
            "incident_urgency_rule",
            "support_hours",
            "scheduled_actions",
        ],
    ),
    (
        "pagerduty_service.incident_urgency_rule",
        &["type"],
        &[],
        &[
            "type",
            "urgency",
            "during_support_hours",
            "outside_support_hours",
        ],
    ),
    (
        "pagerduty_service.incident_urgency_rule.during_support_hours",
        &["type", "urgency"],
        &[],
        &["type", "urgency"],
    ),
    (
        "pagerduty_service.incident_urgency_rule.outside_support_hours",
        &["type", "urgency"],
        &[],
        &["type", "urgency"],
    ),
    (
        "pagerduty_service.support_hours",
        &[
            "type",
            "time_zone",
            "days_of_week",
            "start_time",
            "end_time",
        ],
        &[],
        &[
            "type",
            "time_zone",
            "days_of_week",
            "start_time",
            "end_time",
        ],
    ),
    (
        "pagerduty_service.scheduled_actions",
        &["type", "to_urgency"],
        &["at"],
        &["type", "to_urgency", "at"],
    ),
    (
        "pagerduty_service.scheduled_actions.at",
        &["type", "name"],
        &[],
        &["type", "name"],
    ),
];

fn is_terraform_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn label(b: &Block, i: usize) -> &str {
    b.labels()[i].as_str()
}

fn attr<'a>(b: &'a Block, key: &str) -> Option<&'a Expression> {
    b.body()
        .attributes()
        .find(|a| a.key() == key)
        .map(|a| a.expr())
}

fn string_attr<'a>(b: &'a Block, key: &str) -> &'a str {
    match attr(b, key) {
        Some(Expression::String(s)) => s,
        other => panic!("{key} is not a plain string: {other:?}"),
    }
}

/// Checks `block` (at `path`) and its nested blocks against `PROVIDER_DOCS`.
fn check_documented(path: &str, body: &Body, problems: &mut Vec<String>) {
    let Some((_, attrs, blocks, known)) = PROVIDER_DOCS.iter().find(|(p, ..)| *p == path) else {
        problems.push(format!("{path}: no documented arguments for this block"));
        return;
    };
    let have_attrs: BTreeSet<&str> = body.attributes().map(|a| a.key()).collect();
    let have_blocks: Vec<&str> = body.blocks().map(|b| b.identifier()).collect();
    for a in *attrs {
        if !have_attrs.contains(a) {
            problems.push(format!("{path}: required argument {a} missing"));
        }
    }
    for b in *blocks {
        if !have_blocks.contains(b) {
            problems.push(format!("{path}: required block {b} missing"));
        }
    }
    for k in have_attrs.iter().chain(have_blocks.iter()) {
        if !known.contains(k) {
            problems.push(format!("{path}: {k} is no documented argument"));
        }
    }
    for b in body.blocks() {
        check_documented(&format!("{path}.{}", b.identifier()), b.body(), problems);
    }
}

/// The use_support_hours rule: exactly one support_hours block and a
/// scheduled_actions block, high during support hours and low outside.
fn check_service(b: &Block, problems: &mut Vec<String>) {
    let name = label(b, 1);
    let rules: Vec<&Block> = b
        .body()
        .blocks()
        .filter(|x| x.identifier() == "incident_urgency_rule")
        .collect();
    for rule in rules {
        let kind = match attr(rule, "type") {
            Some(Expression::String(s)) => s.as_str(),
            _ => "",
        };
        if kind != "use_support_hours" {
            continue;
        }
        let count = |id: &str| b.body().blocks().filter(|x| x.identifier() == id).count();
        if count("support_hours") != 1 {
            problems.push(format!(
                "service {name}: use_support_hours without exactly one support_hours block"
            ));
        }
        if count("scheduled_actions") == 0 {
            problems.push(format!(
                "service {name}: use_support_hours without scheduled_actions"
            ));
        }
        for (block, urgency) in [
            ("during_support_hours", "high"),
            ("outside_support_hours", "low"),
        ] {
            match rule.body().blocks().find(|x| x.identifier() == block) {
                Some(x) if matches!(attr(x, "urgency"), Some(Expression::String(u)) if u == urgency) =>
                    {}
                _ => problems.push(format!("service {name}: {block} is not {urgency}")),
            }
        }
    }
}

/// Every `var.X` names a declared variable and every `TYPE.NAME.attr` a
/// declared resource; a variable's `type` is a type, not a reference.
fn references(expr: &Expression, out: &mut Vec<Vec<String>>) {
    match expr {
        Expression::Traversal(t) => {
            let mut path = Vec::new();
            if let Expression::Variable(v) = &t.expr {
                path.push(v.as_str().to_string());
            }
            for op in &t.operators {
                if let TraversalOperator::GetAttr(id) = op {
                    path.push(id.as_str().to_string());
                }
            }
            out.push(path);
        }
        Expression::Variable(v) => out.push(vec![v.as_str().to_string()]),
        Expression::Array(items) => items.iter().for_each(|e| references(e, out)),
        Expression::Object(o) => o.values().for_each(|e| references(e, out)),
        Expression::FuncCall(f) => f.args.iter().for_each(|e| references(e, out)),
        _ => {}
    }
}

fn block_references(body: &Body, skip_type: bool, out: &mut Vec<Vec<String>>) {
    for a in body.attributes() {
        if skip_type && a.key() == "type" {
            continue;
        }
        references(a.expr(), out);
    }
    for b in body.blocks() {
        block_references(b.body(), false, out);
    }
}

/// What a parsed export holds, for the checks that follow.
struct Parsed {
    body: Body,
    variables: BTreeSet<String>,
    resources: BTreeMap<String, Vec<String>>,
}

/// Parses `text` and checks it against the provider's documentation, the
/// references and the names; panics with every problem found.
fn check_terraform(text: &str, what: &str) -> Parsed {
    let body = hcl::parse(text).unwrap_or_else(|e| panic!("{what}: not HCL: {e}\n{text}"));
    let mut problems = Vec::new();
    let mut variables = BTreeSet::new();
    let mut resources: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for b in body.blocks() {
        match b.identifier() {
            "terraform" => {}
            "variable" => {
                let name = label(b, 0).to_string();
                if !is_terraform_name(&name) {
                    problems.push(format!("variable {name:?} is not a valid name"));
                }
                if !variables.insert(name.clone()) {
                    problems.push(format!("variable {name} declared twice"));
                }
            }
            "resource" => {
                let (kind, name) = (label(b, 0), label(b, 1));
                if !is_terraform_name(name) {
                    problems.push(format!("resource {kind}.{name:?} is not a valid name"));
                }
                resources.entry(kind.into()).or_default().push(name.into());
                check_documented(kind, b.body(), &mut problems);
                if kind == "pagerduty_service" {
                    check_service(b, &mut problems);
                }
            }
            other => problems.push(format!("unexpected top-level block {other}")),
        }
    }
    for (kind, names) in &resources {
        let unique: BTreeSet<&String> = names.iter().collect();
        if unique.len() != names.len() {
            problems.push(format!("{kind}: names not unique: {names:?}"));
        }
    }
    let mut refs = Vec::new();
    for b in body.blocks() {
        block_references(b.body(), b.identifier() == "variable", &mut refs);
    }
    for r in &refs {
        let ok = match r.as_slice() {
            [v, name] if v == "var" => variables.contains(name),
            [kind, name, _attr] => resources
                .get(kind)
                .is_some_and(|names| names.contains(name)),
            _ => false,
        };
        if !ok {
            problems.push(format!("reference {} resolves to nothing", r.join(".")));
        }
    }
    assert!(
        problems.is_empty(),
        "{what}:\n{}\n\n{text}",
        problems.join("\n")
    );
    Parsed {
        body,
        variables,
        resources,
    }
}

fn resources_of<'a>(p: &'a Parsed, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
    p.body
        .blocks()
        .filter(move |b| b.identifier() == "resource" && label(b, 0) == kind)
}

#[test]
fn solved_layouts_of_every_model_and_fixture_export_valid_terraform() {
    let tmp = tempfile::tempdir().unwrap();
    let list = scenarios();
    assert!(list.iter().any(|s| s.starts_with("models/")));
    for s in &list {
        let (scenario, _) = rota::scenario::read_scenario(s.as_ref()).expect("reads");
        if rota::model::window::has_windows(&scenario) {
            // Support windows (SPEC §7.1): `export` refuses them with a clear
            // message (tests/it/windows_solve.rs); no schedule per window yet.
            continue;
        }
        let layout = tmp.path().join("layout.toml");
        let l = layout.to_str().unwrap();
        let (code, _, err) = rota(&["solve", s, "--no-explain", "--output", l]);
        assert_eq!(code, 0, "{s}: {err}");
        for (judged, _season) in crate::common::solved_layouts(s.as_ref(), &layout) {
            let (code, text, err) = rota(&[
                "export",
                "pagerduty",
                judged.to_str().unwrap(),
                "--model",
                s,
            ]);
            assert_eq!(code, 0, "{s}: {err}");
            let p = check_terraform(&text, s);

            // One service per application; one schedule and policy per rota;
            // the uncovered ones (on no rota) page in support hours only.
            let scenario: toml::Value = if s.ends_with(".json") {
                serde_json::from_str(&std::fs::read_to_string(s).unwrap()).unwrap()
            } else {
                toml::from_str(&std::fs::read_to_string(s).unwrap()).unwrap()
            };
            let apps = scenario["applications"].as_array().unwrap().len();
            let written: toml::Value =
                toml::from_str(&std::fs::read_to_string(&judged).unwrap()).unwrap();
            let rotas = written
                .get("rotas")
                .and_then(|r| r.as_array())
                .map_or(0, |r| r.len());
            let covered: usize = written
                .get("rotas")
                .and_then(|r| r.as_array())
                .map_or(0, |r| {
                    r.iter()
                        .map(|r| r["applications"].as_array().unwrap().len())
                        .sum()
                });
            assert_eq!(
                p.resources.get("pagerduty_service").map_or(0, |v| v.len()),
                apps,
                "{s}"
            );
            assert_eq!(
                p.resources.get("pagerduty_schedule").map_or(0, |v| v.len()),
                rotas,
                "{s}"
            );
            assert_eq!(
                p.resources
                    .get("pagerduty_escalation_policy")
                    .map_or(0, |v| v.len()),
                rotas,
                "{s}"
            );
            let by_support_hours = resources_of(&p, "pagerduty_service")
                .filter(|b| b.body().blocks().any(|x| x.identifier() == "support_hours"))
                .count();
            assert_eq!(by_support_hours, apps - covered, "{s}");
            // A covered service pages its rota's escalation policy.
            for b in resources_of(&p, "pagerduty_service") {
                let mut r = Vec::new();
                references(attr(b, "escalation_policy").unwrap(), &mut r);
                let covered = !b.body().blocks().any(|x| x.identifier() == "support_hours");
                assert_eq!(
                    r[0][0] == "pagerduty_escalation_policy",
                    covered,
                    "{s}: {}",
                    label(b, 1)
                );
            }
        }
    }
}

#[test]
fn fixture_hand_layouts_export_with_and_without_their_model() {
    let mut seen = 0;
    for s in scenarios() {
        let (stem, ext) = s.rsplit_once('.').unwrap();
        let layout = format!("{stem}.layout.{ext}");
        if !Path::new(&layout).exists() {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&layout).unwrap();
        let l: toml::Value = if ext == "json" {
            serde_json::from_str(&text).unwrap()
        } else {
            toml::from_str(&text).unwrap()
        };
        let mut named = BTreeSet::new();
        let mut twice = None;
        for r in l["rotas"].as_array().unwrap() {
            for a in r["applications"].as_array().unwrap() {
                let a = a.as_str().unwrap().to_string();
                if !named.insert(a.clone()) {
                    twice.get_or_insert(a);
                }
            }
        }
        if let Some(t) = l.get("targets").and_then(|t| t.as_table()) {
            named.extend(t.keys().cloned());
        }
        // An application on two rotas (a mistake some fixtures make on
        // purpose) cannot be one service paged through one policy.
        if let Some(a) = twice {
            for args in [
                vec!["export", "pagerduty", &layout],
                vec!["export", "pagerduty", &layout, "--model", &s],
            ] {
                let (code, out, err) = rota(&args);
                assert_eq!(code, 1, "{layout}: {out}");
                assert!(
                    err.contains(&format!("{layout}: application \"{a}\" is on rota")),
                    "{err}"
                );
            }
            continue;
        }
        let (code, with_model, err) = rota(&["export", "pagerduty", &layout, "--model", &s]);
        assert_eq!(code, 0, "{layout}: {err}");
        check_terraform(&with_model, &layout);
        let (code, alone, err) = rota(&["export", "pagerduty", &layout]);
        assert_eq!(code, 0, "{layout}: {err}");
        let p = check_terraform(&alone, &layout);
        // Alone, the applications are those the layout names.
        let services: BTreeSet<String> = resources_of(&p, "pagerduty_service")
            .map(|b| string_attr(b, "name").to_string())
            .collect();
        assert_eq!(services, named, "{layout}");
    }
    assert!(seen >= 5, "only {seen} hand layouts");
}

#[test]
fn hostile_ids_give_valid_unique_names_and_their_text_reads_back_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let hostile = [
        "a\"b",
        "1st",
        "东京",
        "${oops}",
        "%{ if true }x%{ endif }",
        "a b",
        "a_b",
        "a.b",
        "-dash",
        "back\\slash",
        "new\nline",
        "",
    ];
    let mut layout = String::new();
    let mut apps = Vec::new();
    for (i, id) in hostile.iter().enumerate() {
        let app = format!("{id}{}", if i % 2 == 0 { "" } else { " app" });
        apps.push(app.clone());
        layout.push_str(&format!(
            "[[rotas]]\nname = {}\nkind = \"domain\"\napplications = [{}]\n\n",
            toml::Value::String(id.to_string()),
            toml::Value::String(app)
        ));
    }
    layout.push_str("[targets]\n");
    layout.push_str(&format!(
        "{} = \"99.0%\"\n",
        toml::Value::String("${uncovered}".into())
    ));
    let path = tmp.path().join("hostile.layout.toml");
    std::fs::write(&path, &layout).unwrap();
    let (code, text, err) = rota(&["export", "pagerduty", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let p = check_terraform(&text, "hostile layout");

    // Each PagerDuty name is the id, byte for byte, however it had to be escaped.
    let schedules: Vec<String> = resources_of(&p, "pagerduty_schedule")
        .map(|b| string_attr(b, "name").to_string())
        .collect();
    assert_eq!(
        schedules,
        hostile.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
    let mut services: Vec<String> = resources_of(&p, "pagerduty_service")
        .map(|b| string_attr(b, "name").to_string())
        .collect();
    services.sort();
    let mut expected = apps.clone();
    expected.push("${uncovered}".into());
    expected.sort();
    assert_eq!(services, expected);
    // The uncovered one has no team in the layout: the shared daytime policy.
    assert!(p.variables.contains("daytime_policy"));
    // Same input, same bytes.
    let (_, again, _) = rota(&["export", "pagerduty", path.to_str().unwrap()]);
    assert_eq!(again, text);
}

#[test]
fn hostile_ids_in_a_model_export_too() {
    let tmp = tempfile::tempdir().unwrap();
    let model = r#"
name = "Hostile \"${x}\""
[policy]
max_rota_load = 6
[support.team_rota]
standby_per_month = 3000
ttr_minutes = 20
[[targets]]
name = "99.9%"
availability = 0.999
min_revenue_loss = 100000
support = "team_rota"
[[targets]]
name = "99.0%"
availability = 0.99
min_revenue_loss = 0
support = "none"
[[teams]]
id = "1-team"
[[teams]]
id = "東京"
[[applications]]
id = "1-app"
name = "Shop \"${name}\""
team = "1-team"
loss_per_hour = 15000
incidents_per_month = 0.3
[[applications]]
id = "東京-app"
team = "東京"
loss_per_hour = 1
incidents_per_month = 0.01
"#;
    let m = tmp.path().join("hostile.toml");
    std::fs::write(&m, model).unwrap();
    let l = tmp.path().join("hostile.layout.toml");
    let (code, _, err) = rota(&[
        "solve",
        m.to_str().unwrap(),
        "--no-explain",
        "--output",
        l.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, text, err) = rota(&[
        "export",
        "pagerduty",
        l.to_str().unwrap(),
        "--model",
        m.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let p = check_terraform(&text, "hostile model");
    let names: BTreeSet<String> = resources_of(&p, "pagerduty_service")
        .map(|b| string_attr(b, "name").to_string())
        .collect();
    assert!(names.contains("Shop \"${name}\""), "{names:?}");
    assert!(names.contains("東京-app"), "{names:?}");
    // 東京-app, worth far less than a rota, is uncovered: its team's daytime policy.
    assert!(
        p.variables.iter().any(|v| v.ends_with("_daytime_policy")),
        "{:?}",
        p.variables
    );
}

#[test]
fn support_hours_options_become_the_variables_defaults() {
    let (code, text, err) = rota(&[
        "export",
        "pagerduty",
        "fixtures/fruits-r-us.layout.toml",
        "--model",
        "fixtures/fruits-r-us.toml",
        "--time-zone",
        "Europe/London",
        "--support-hours",
        "08:30-18:00",
        "--support-days",
        "1-5,6",
    ]);
    assert_eq!(code, 0, "{err}");
    let p = check_terraform(&text, "support hours");
    let default = |name: &str| {
        p.body
            .blocks()
            .find(|b| b.identifier() == "variable" && label(b, 0) == name)
            .and_then(|b| attr(b, "default").cloned())
    };
    assert_eq!(
        default("time_zone"),
        Some(Expression::from("Europe/London"))
    );
    assert_eq!(
        default("support_hours_start"),
        Some(Expression::from("08:30:00"))
    );
    assert_eq!(
        default("support_hours_end"),
        Some(Expression::from("18:00:00"))
    );
    assert_eq!(
        default("support_days"),
        Some(Expression::Array(
            (1u64..=6).map(Expression::from).collect()
        ))
    );
    for bad in [
        ["--support-hours", "18:00-08:00"],
        ["--support-days", "0-8"],
        ["--time-zone", "Europe/\"London"],
    ] {
        let (code, out, err) = rota(&[
            "export",
            "pagerduty",
            "fixtures/fruits-r-us.layout.toml",
            bad[0],
            bad[1],
        ]);
        assert_eq!(code, 2, "{bad:?}: {out}");
        assert!(
            err.contains(bad[1].split('"').next().unwrap()),
            "{bad:?}: {err}"
        );
        assert!(err.contains("give"), "{bad:?}: {err}");
    }
}

#[test]
fn bad_layouts_fail_clearly_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("main.tf");
    let o = out.to_str().unwrap();
    let write = |name: &str, text: &str| {
        let p = tmp.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let broken = write(
        "broken.layout.toml",
        "[[rotas]]\nname = \"a\"\nkind = \"squad\"\n",
    );
    let unknown = write(
        "unknown.layout.toml",
        "[[rotas]]\nname = \"pay\"\nkind = \"team\"\nteam = \"checkout\"\napplications = [\"chekout\"]\n",
    );
    let twice = write(
        "twice.layout.toml",
        "[[rotas]]\nname = \"a\"\nkind = \"domain\"\napplications = [\"orders\"]\n[[rotas]]\nname = \"b\"\nkind = \"domain\"\napplications = [\"orders\"]\n",
    );
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec![&broken],
            vec!["broken.layout.toml:3:", "squad", "team", "domain"],
        ),
        (
            vec!["no-such.layout.toml"],
            vec!["no-such.layout.toml", "cannot read"],
        ),
        (
            vec![&unknown, "--model", "models/fruits-r-us.toml"],
            vec![
                "unknown.layout.toml",
                "rota \"pay\"",
                "\"chekout\"",
                "models/fruits-r-us.toml",
                "did you mean \"checkout\"",
            ],
        ),
        (
            vec![&twice],
            vec![
                "twice.layout.toml",
                "\"orders\"",
                "rota \"a\"",
                "rota \"b\"",
            ],
        ),
        (
            vec!["models/fruits-r-us.toml"],
            vec!["looks like a scenario"],
        ),
    ];
    for (args, expect) in cases {
        let mut full = vec!["export", "pagerduty"];
        full.extend(&args);
        full.extend(["--output", o]);
        let (code, stdout, err) = rota(&full);
        assert_eq!(code, 1, "{args:?}: {stdout}{err}");
        for e in expect {
            assert!(err.contains(e), "{args:?}: {e:?} not in {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert!(!out.exists(), "{args:?} left {o}");
    }
    // --output onto an input is refused before anything runs.
    let (code, _, err) = rota(&["export", "pagerduty", &twice, "--output", &twice]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("refusing to overwrite"), "{err}");
}

#[test]
fn output_file_holds_what_stdout_would() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("main.tf");
    let args = [
        "export",
        "pagerduty",
        "fixtures/costly.layout.toml",
        "--model",
        "fixtures/costly.toml",
    ];
    let (code, printed, err) = rota(&args);
    assert_eq!(code, 0, "{err}");
    let mut with_output = args.to_vec();
    with_output.extend(["--output", out.to_str().unwrap()]);
    let (code, nothing, err) = rota(&with_output);
    assert_eq!(code, 0, "{err}");
    assert_eq!(nothing, "");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), printed);
}

#[test]
fn the_checks_catch_missing_arguments_unknown_ones_and_dangling_references() {
    let bad = r#"
variable "users" {
  type = list(string)
}
resource "pagerduty_schedule" "a" {
  name = "a"
  layer {
    start = "2027-01-04T18:00:00Z"
    rotation_virtual_start = "2027-01-04T18:00:00Z"
    rotation_turn_length_seconds = 604800
    users = var.users
    colour = "red"
  }
}
resource "pagerduty_service" "s" {
  name = "s"
  escalation_policy = pagerduty_escalation_policy.missing.id
  incident_urgency_rule {
    type = "use_support_hours"
  }
}
"#;
    let caught = std::panic::catch_unwind(|| check_terraform(bad, "bad"))
        .err()
        .and_then(|e| e.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    for expected in [
        "pagerduty_schedule: required argument time_zone missing",
        "pagerduty_schedule.layer: colour is no documented argument",
        "reference pagerduty_escalation_policy.missing.id resolves to nothing",
        "service s: use_support_hours without exactly one support_hours block",
        "service s: use_support_hours without scheduled_actions",
        "service s: during_support_hours is not high",
    ] {
        assert!(
            caught.contains(expected),
            "{expected:?} not caught:\n{caught}"
        );
    }
}
