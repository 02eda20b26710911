//! The evaluator on support windows (SPEC §7.1), case by case: each new or
//! changed violation code, targets inferred from every trading window, a
//! window where an application does not trade, standby shares.

use approx::assert_relative_eq;
use rota::evaluate::{evaluate, Code, Evaluation, Violation};
use rota::layout::Layout;
use rota::scenario::format::{Scenario, SupportLevel};
use rota::scenario::source::parse_scenario;
use rota::scenario::{validate, Source};

/// Two windows: the evening (a quarter of the incidents, half the standby)
/// and the night. pay trades only in the evening, ledger never.
pub const SHOP: &str = r#"name = "Shop"

[policy]
max_rota_load = 4

[support.team_rota]
standby_per_month = 3000
ttr_minutes = 30
callout_cost = 100

[support.domain_rota]
standby_per_month = 2000
ttr_minutes = 60

[support.none]
ttr_minutes = 600

[[windows]]
name = "evening"
share = 0.25
standby_share = 0.5

[[windows]]
name = "night"
share = 0.75

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
id = "shop"

[[teams]]
id = "pay"

[[domains]]
id = "commerce"
kind = "product"

[[applications]]
id = "basket"
team = "shop"
domains = ["commerce"]
target = "99.9%"
loss_per_hour = 12000
incidents_per_month = 0.4

[[applications]]
id = "pay"
team = "pay"
domains = ["commerce"]
loss_per_hour = 150000
incidents_per_month = 0.2
trades_in = ["evening"]

[[applications]]
id = "ledger"
team = "pay"
domains = ["commerce"]
target = "99.5%"
loss_per_hour = 1000
incidents_per_month = 1
trades_in = []
"#;

pub fn scenario(text: &str) -> Scenario {
    let source = Source::from_bytes("shop.toml".as_ref(), text.as_bytes()).expect("source");
    let s = parse_scenario(&source).expect("parses");
    let problems = validate::structure(&s, &source);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

fn eval(layout: &str) -> Evaluation {
    let layout: Layout = toml::from_str(layout).expect("layout");
    evaluate(&scenario(SHOP), &layout).expect("evaluates")
}

fn only(e: &Evaluation, code: Code) -> &Violation {
    let found: Vec<&Violation> = e.violations.iter().filter(|v| v.code == code).collect();
    assert_eq!(found.len(), 1, "{code}: {:#?}", e.violations);
    found[0]
}

fn app<'e>(e: &'e Evaluation, id: &str) -> &'e rota::evaluate::AppEval {
    e.applications.iter().find(|a| a.id == id).expect("app")
}

/// pay on its team's rota in the evening only; basket on the commerce rota
/// all day.
const GOOD: &str = r#"
[[rotas]]
name = "pay-evening"
kind = "team"
team = "pay"
windows = ["evening"]
applications = ["pay"]

[[rotas]]
name = "commerce"
kind = "domain"
domain = "commerce"
applications = ["basket"]
"#;

#[test]
fn standby_shares_trading_windows_and_callouts_cost_as_spec_says() {
    let e = eval(GOOD);
    assert!(e.violations.is_empty(), "{:#?}", e.violations);
    // Standby: 3000 x 0.5 (evening) + 2000 x (0.5 + 0.75).
    assert_relative_eq!(e.rotas[0].standby, 1500.0);
    assert_relative_eq!(e.rotas[1].standby, 2500.0);
    assert_eq!(e.rotas[0].windows, vec!["evening"]);
    assert_eq!(e.rotas[1].windows, vec!["evening", "night"]);
    // pay: 0.2 x 0.25 incidents in the evening, 30 minutes at 150,000 an
    // hour, 100 a callout; the night loses nothing (it does not trade) and
    // needs no cover.
    let pay = app(&e, "pay");
    assert_eq!(pay.target, "99.9%");
    assert_relative_eq!(pay.expected_loss, 0.05 * 75000.0);
    assert_relative_eq!(pay.callouts, 0.05 * 100.0);
    assert_eq!(pay.covers[0].cover, SupportLevel::TeamRota);
    assert_eq!(pay.covers[1].cover, SupportLevel::None);
    assert!(!pay.covers[1].trades);
    // basket: an hour's loss in both windows, no callout cost on a domain rota.
    let basket = app(&e, "basket");
    assert_eq!(basket.target, "99.5%");
    assert_relative_eq!(basket.expected_loss, 0.1 * 12000.0 + 0.3 * 12000.0);
    // ledger trades in no window: it loses nothing uncovered and keeps the
    // strictest target it may have.
    let ledger = app(&e, "ledger");
    assert_eq!(ledger.target, "99.5%");
    assert_eq!(ledger.cover, SupportLevel::None);
    assert_relative_eq!(ledger.total, 0.0);
    assert_relative_eq!(e.totals.standby, 4000.0);
    assert_relative_eq!(e.totals.total, 4000.0 + 3750.0 + 5.0 + 4800.0);
}

#[test]
fn covering_a_window_where_it_does_not_trade_costs_callouts_and_breaks_nothing() {
    let e = eval(&GOOD.replace(r#"windows = ["evening"]"#, ""));
    assert!(e.violations.is_empty(), "{:#?}", e.violations);
    let pay = app(&e, "pay");
    assert_relative_eq!(pay.expected_loss, 0.05 * 75000.0);
    assert_relative_eq!(pay.callouts, 0.2 * 100.0);
    assert_relative_eq!(e.rotas[0].standby, 3000.0 * 1.25);
}

#[test]
fn an_unknown_window_names_the_valid_ones() {
    let e = eval(&GOOD.replace(r#"["evening"]"#, r#"["evnig"]"#));
    let v = only(&e, Code::UnknownWindow);
    assert_eq!(v.code.as_str(), "unknown-window");
    assert_eq!(v.rota.as_deref(), Some("pay-evening"));
    assert!(v.message.contains("\"evnig\""), "{}", v.message);
    assert!(
        v.message.contains("did you mean \"evening\""),
        "{}",
        v.message
    );
    // The valid windows are said once: the did-you-mean is enough here.
    assert!(!v.message.contains("its windows are"), "{}", v.message);
    assert!(!v.message.contains("valid:"), "{}", v.message);
    // Staffed in no window, the rota is reported, costs nothing and pay is
    // uncovered in the evening.
    let v = only(&e, Code::NoWindow);
    assert_eq!(v.rota.as_deref(), Some("pay-evening"));
    assert_eq!(v.applications, vec!["pay".to_string()]);
    assert_relative_eq!(e.rotas[0].standby, 0.0);
    let v = only(&e, Code::Uncovered);
    assert_eq!(v.window.as_deref(), Some("evening"));
}

#[test]
fn duplicate_cover_is_twice_in_one_window_not_once_in_each() {
    // basket on the commerce rota in the evening and its team's at night: fine.
    let across = r#"
[[rotas]]
name = "commerce"
kind = "domain"
windows = ["evening"]
applications = ["basket"]
[[rotas]]
name = "shop-night"
kind = "team"
team = "shop"
windows = ["night"]
applications = ["basket"]
[[rotas]]
name = "pay"
kind = "team"
team = "pay"
applications = ["pay"]
"#;
    let e = eval(across);
    assert!(e.violations.is_empty(), "{:#?}", e.violations);
    let basket = app(&e, "basket");
    assert_eq!(basket.covers[0].rota.as_deref(), Some("commerce"));
    assert_eq!(basket.covers[1].rota.as_deref(), Some("shop-night"));
    // The weaker window (a domain rota, demand high) decides the target.
    assert_eq!(basket.target, "99.5%");
    // Both windows on the second rota: twice in the evening only.
    let e = eval(&across.replace(r#"windows = ["night"]"#, ""));
    let v = only(&e, Code::DuplicateCover);
    assert_eq!(v.window.as_deref(), Some("evening"));
    assert_eq!(v.rota.as_deref(), Some("shop-night"));
    assert!(v.message.contains("in window \"evening\""), "{}", v.message);
    // The first listing counts in the evening, the second at night.
    let basket = app(&e, "basket");
    assert_eq!(basket.covers[0].rota.as_deref(), Some("commerce"));
    assert_eq!(basket.covers[1].rota.as_deref(), Some("shop-night"));
}

#[test]
fn uncovered_names_the_window_listed_or_inferred() {
    // basket set to 99.5% but covered only in the evening.
    let evening_only = GOOD.replace(
        "domain = \"commerce\"\n",
        "domain = \"commerce\"\nwindows = [\"evening\"]\n",
    );
    let e = eval(&format!("{evening_only}\n[targets]\nbasket = \"99.5%\"\n"));
    let v = only(&e, Code::Uncovered);
    assert_eq!(v.applications, vec!["basket"]);
    assert_eq!(v.window.as_deref(), Some("night"));
    assert!(v.message.contains("in window \"night\""), "{}", v.message);
    let json = serde_json::to_value(v).expect("json");
    assert_eq!(json["window"], "night");
    // Inferred: no allowed target fits a rota in one window and none in the
    // other.
    let e = eval(&evening_only);
    let v = only(&e, Code::Uncovered);
    assert_eq!(v.window.as_deref(), Some("night"));
    assert!(
        v.message.contains("covered in \"evening\""),
        "{}",
        v.message
    );
}

#[test]
fn needs_team_rota_names_the_window() {
    // pay (loss floor 99.9%, demand high) on the commerce domain rota, which
    // is staffed in both windows; pay trades only in the evening.
    let e = eval(
        r#"
[[rotas]]
name = "commerce"
kind = "domain"
applications = ["basket", "pay"]
"#,
    );
    let v = only(&e, Code::NeedsTeamRota);
    assert_eq!(v.applications, vec!["pay"]);
    assert_eq!(v.window.as_deref(), Some("evening"));
    assert!(v.message.contains("in window \"evening\""), "{}", v.message);
    // Listed, the same.
    let e = eval(
        r#"
[[rotas]]
name = "commerce"
kind = "domain"
applications = ["basket", "pay"]
[targets]
pay = "99.9%"
"#,
    );
    let v = only(&e, Code::NeedsTeamRota);
    assert_eq!(v.window.as_deref(), Some("evening"));
}

#[test]
fn the_target_is_the_strictest_every_trading_window_allows() {
    // basket on its team's rota in both windows: 99.9%.
    let team = r#"
[[rotas]]
name = "shop"
kind = "team"
team = "shop"
applications = ["basket"]
[[rotas]]
name = "pay"
kind = "team"
team = "pay"
windows = ["evening"]
applications = ["pay"]
"#;
    assert_eq!(app(&eval(team), "basket").target, "99.9%");
    // Its team's rota in the evening, a domain rota at night: 99.5%.
    let mixed = format!(
        "{}\n[[rotas]]\nname = \"commerce\"\nkind = \"domain\"\nwindows = [\"night\"]\napplications = [\"basket\"]\n",
        team.replace(
            "team = \"shop\"\n",
            "team = \"shop\"\nwindows = [\"evening\"]\n"
        )
    );
    let e = eval(&mixed);
    assert!(e.violations.is_empty(), "{:#?}", e.violations);
    assert_eq!(app(&e, "basket").target, "99.5%");
    // Trading only in the evening, the night's domain rota no longer counts.
    let s = scenario(&SHOP.replace(
        "target = \"99.9%\"\n",
        "target = \"99.9%\"\ntrades_in = [\"evening\"]\n",
    ));
    let layout: Layout = toml::from_str(&mixed).expect("layout");
    let e = evaluate(&s, &layout).expect("evaluates");
    assert!(e.violations.is_empty(), "{:#?}", e.violations);
    let basket = app(&e, "basket");
    assert_eq!(basket.target, "99.9%");
    // The night's cover still pays its (zero) callouts, and loses nothing.
    assert_relative_eq!(basket.expected_loss, 0.1 * 12000.0 * 0.5);
}

#[test]
fn without_windows_no_violation_carries_a_window() {
    let plain = scenario(crate::common::TINY);
    let e = evaluate(&plain, &Layout::default()).expect("evaluates");
    let v = only(&e, Code::Uncovered);
    assert_eq!(v.window, None);
    let json = serde_json::to_string(v).expect("json");
    assert!(!json.contains("window"), "{json}");
    assert!(!v.message.contains("window"), "{}", v.message);
}

fn high_street(file: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/windows")
        .join(file)
        .display()
        .to_string()
}

#[test]
fn compare_judges_a_windowed_layout_and_names_the_windows() {
    let (model, layout) = (
        high_street("high-street.toml"),
        high_street("high-street.layout.toml"),
    );
    let (code, out, err) = crate::common::rota(&["compare", &model, &layout]);
    assert_eq!(code, 3, "violations exit 3\n{out}\n{err}");
    assert!(out.contains("3 violations"), "{out}");
    assert!(
        out.contains("unknown-window: rota \"warehouse\" is staffed in window \"nights\""),
        "{out}"
    );
    assert!(
        out.contains("no-window: rota \"warehouse\" is staffed in no window"),
        "{out}"
    );
    assert!(out.contains("did you mean \"night\""), "{out}");
    assert!(
        out.contains("uncovered: application \"warehouse\"")
            && out.contains("no rota in window \"night\", where it trades"),
        "{out}"
    );
    // Per-window covers, and the window where click-and-collect does not trade.
    assert!(
        out.contains("evening: domain rota; night (not trading): none"),
        "{out}"
    );
    assert!(out.contains("the optimum saves 51,288"), "{out}");

    // JSON: the money is the evaluator's; violations and covers name windows.
    let (code, json, _) = crate::common::rota(&["compare", &model, &layout, "--format", "json"]);
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let s = rota::scenario::read_scenario(model.as_ref())
        .expect("reads")
        .0;
    let l = rota::layout::read_layout(layout.as_ref()).expect("layout");
    let e = evaluate(&s, &l).expect("evaluates");
    assert_relative_eq!(v["totals"]["total"].as_f64().unwrap(), e.totals.total);
    assert_relative_eq!(
        v["totals"]["standby"].as_f64().unwrap(),
        3300.0 + 720.0 + 1920.0
    );
    // The optimum beside it is the brute force's (checked below).
    let optimal = v["optimal"]["totals"]["total"].as_f64().unwrap();
    assert_eq!(v["violations"][0]["code"], "unknown-window");
    assert_eq!(v["violations"][1]["code"], "no-window");
    assert_eq!(v["violations"][2]["code"], "uncovered");
    assert_eq!(v["violations"][2]["window"], "night");
    let cc = &v["applications"][2];
    assert_eq!(cc["id"], "click-and-collect");
    assert_eq!(cc["layout"]["covers"][0]["window"], "evening");
    assert_eq!(cc["layout"]["covers"][0]["rota"], "retail-evening");
    assert_eq!(cc["layout"]["covers"][1]["trades"], false);
    // The optimum of the brute force is cheaper than this broken layout.
    let (best, best_layout) =
        crate::brute_force_windows::brute_force_windows(&s).expect("feasible");
    assert!(best < e.totals.total, "{best} {}", e.totals.total);
    assert_relative_eq!(optimal, best, max_relative = 1e-9);
    assert!(evaluate(&s, &best_layout).expect("evaluates").feasible());

    // Markdown, same verdict.
    let (code, md, _) = crate::common::rota(&["compare", &model, &layout, "--format", "markdown"]);
    assert_eq!(code, 3);
    assert!(md.starts_with("# High Street"), "{md}");
    assert!(md.contains("| `uncovered` |"), "{md}");
}

#[test]
fn compare_still_refuses_a_windowed_scenario_with_problems_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(high_street("high-street.toml"))
        .unwrap()
        .replace("share = 0.3", "share = 0.4");
    std::fs::write(&model, text).unwrap();
    let (code, out, err) = crate::common::rota(&[
        "compare",
        model.to_str().unwrap(),
        &high_street("high-street.layout.toml"),
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("bad.toml"), "{err}");
    assert!(err.contains("must sum to 1"), "{err}");
    assert!(out.is_empty(), "{out}");
}

#[test]
fn the_compare_report_sets_per_window_covers_side_by_side() {
    use rota::plan::Status;
    use rota::report::compare::{build, render_table, OptimalSummary, RotaChange};
    let s = rota::scenario::read_scenario(high_street("high-street.toml").as_ref())
        .expect("reads")
        .0;
    let l =
        rota::layout::read_layout(high_street("high-street.layout.toml").as_ref()).expect("layout");
    let hand = evaluate(&s, &l).expect("evaluates");
    // The brute force's optimum stands in for the solver's until the solvers
    // take windows.
    let (best, best_layout) =
        crate::brute_force_windows::brute_force_windows(&s).expect("feasible");
    let optimum = evaluate(&s, &best_layout).expect("evaluates");
    let summary = OptimalSummary {
        status: Status::Optimal,
        gap: 0.0,
        rotas: best_layout.rotas.len(),
        totals: optimum.totals,
    };
    let r = build("high-street.layout.toml", &hand, &optimum, summary);
    assert_relative_eq!(r.optimal.totals.total, best, max_relative = 1e-9);
    assert_relative_eq!(
        r.difference.total,
        hand.totals.total - best,
        max_relative = 1e-9
    );
    let cc = r
        .applications
        .iter()
        .find(|a| a.id == "click-and-collect")
        .expect("app");
    let covers = cc.layout.covers.as_ref().expect("per-window covers");
    assert_eq!(covers.len(), 2);
    assert_eq!(covers[0].rota.as_deref(), Some("retail-evening"));
    assert!(cc.optimal.covers.is_some());
    // Every layout rota carries its windows; a rota is "same" only with the
    // same windows.
    for rota in &r.rotas {
        assert!(rota.windows.is_some(), "{}", rota.name);
    }
    let warehouse = r
        .rotas
        .iter()
        .find(|x| x.name == "warehouse")
        .expect("rota");
    assert_eq!(warehouse.windows.as_deref(), Some(&[][..]));
    assert_ne!(warehouse.change, RotaChange::Same);
    let text = render_table(&r);
    assert!(text.contains("windows"), "{text}");
    assert!(text.contains("night (not trading)"), "{text}");
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(
        json["applications"][2]["layout"]["covers"][1]["trades"],
        false
    );
}

/// SHOP without `[[windows]]` or `trades_in`: one default window.
fn plain_shop() -> String {
    SHOP.replace(
        "[[windows]]\nname = \"evening\"\nshare = 0.25\nstandby_share = 0.5\n\n[[windows]]\nname = \"night\"\nshare = 0.75\n",
        "",
    )
    .replace("trades_in = [\"evening\"]\n", "")
    .replace("trades_in = []\n", "")
}

fn eval_in(scenario_text: &str, layout: &str) -> Evaluation {
    let layout: Layout = toml::from_str(layout).expect("layout");
    evaluate(&scenario(scenario_text), &layout).expect("evaluates")
}

/// Team shop's rota staffed in no window, listing pay's applications too.
const NOWHERE: &str = r#"
[[rotas]]
name = "shop"
kind = "team"
team = "shop"
windows = []
applications = ["basket", "pay", "ledger", "pay"]
"#;

#[test]
fn a_rota_staffed_in_no_window_is_reported_and_its_rules_still_hold() {
    let plain = plain_shop();
    assert!(!plain.contains("[[windows]]") && !plain.contains("trades_in"));
    for (label, text) in [("windows", SHOP.to_string()), ("no windows", plain)] {
        for windows in ["windows = []", r#"windows = ["weekend"]"#] {
            let text = text.replace("max_rota_load = 4", "max_rota_load = 2");
            let e = eval_in(&text, &NOWHERE.replace("windows = []", windows));
            let v = only(&e, Code::NoWindow);
            assert_eq!(v.rota.as_deref(), Some("shop"), "{label}");
            assert_eq!(v.applications, ["basket", "pay", "ledger"], "{label}");
            assert!(v.message.contains("staffed in no window"), "{}", v.message);
            assert!(
                v.message
                    .contains("leave windows out to staff it in every window"),
                "{}",
                v.message
            );
            // The rota's rules are checked on what it lists.
            let v = only(&e, Code::TeamRotaForeignApp);
            assert_eq!(v.applications, ["pay", "ledger"], "{label}");
            let v = only(&e, Code::DuplicateCover);
            assert_eq!(v.applications, ["pay"], "{label}");
            assert!(v.message.contains("listed twice"), "{}", v.message);
            let v = only(&e, Code::LoadExceeded);
            assert!(v.message.contains("load of 3"), "{}", v.message);
            // It covers nothing and costs nothing.
            assert_relative_eq!(e.rotas[0].standby, 0.0);
            assert!(e.applications.iter().all(|a| a.rota.is_none()), "{label}");
            assert!(e.codes().contains(&Code::Uncovered), "{label}");
            if windows.contains("weekend") {
                only(&e, Code::UnknownWindow);
            } else {
                assert!(!e.codes().contains(&Code::UnknownWindow), "{label}");
            }
        }
    }
}

#[test]
fn a_window_listed_twice_is_reported_once_and_staffed_once() {
    let layout = GOOD.replace(r#"["evening"]"#, r#"["evening", "evening", "evening"]"#);
    let e = eval(&layout);
    let v = only(&e, Code::DuplicateWindow);
    assert_eq!(v.code.as_str(), "duplicate-window");
    assert_eq!(v.rota.as_deref(), Some("pay-evening"));
    assert!(
        v.message.contains("\"evening\" more than once"),
        "{}",
        v.message
    );
    assert_eq!(e.violations.len(), 1, "{:#?}", e.violations);
    // Staffed once: the evening's half of the standby, as with one listing.
    assert_relative_eq!(e.rotas[0].standby, 3000.0 * 0.5);
    assert_eq!(e.rotas[0].windows, ["evening"]);
}

#[test]
fn a_rotas_load_is_its_heaviest_windows() {
    // commerce covers ledger in the evening (basket is shop's there) and
    // basket at night (ledger is pay's there): one application a window.
    let layout = r#"
[[rotas]]
name = "shop-evening"
kind = "team"
team = "shop"
windows = ["evening"]
applications = ["basket"]
[[rotas]]
name = "pay-night"
kind = "team"
team = "pay"
windows = ["night"]
applications = ["ledger"]
[[rotas]]
name = "commerce"
kind = "domain"
domain = "commerce"
applications = ["basket", "ledger"]
"#;
    let text = SHOP.replace("max_rota_load = 4", "max_rota_load = 1");
    let e = eval_in(&text, layout);
    assert!(
        !e.codes().contains(&Code::LoadExceeded),
        "{:#?}",
        e.violations
    );
    let commerce = e.rotas.iter().find(|r| r.name == "commerce").expect("rota");
    assert_relative_eq!(commerce.load, 1.0);
    // pay on commerce too: two in each window, the first heaviest named.
    let e = eval_in(
        &text,
        &layout.replace(r#"["basket", "ledger"]"#, r#"["basket", "ledger", "pay"]"#),
    );
    let v = only(&e, Code::LoadExceeded);
    assert_eq!(v.rota.as_deref(), Some("commerce"));
    assert_eq!(v.window.as_deref(), Some("evening"));
    assert!(
        v.message.contains("load of 2 in window \"evening\""),
        "{}",
        v.message
    );
    // pay-night taking pay at night leaves commerce one there, two in the evening.
    let e = eval_in(
        &text.replace("max_rota_load = 1", "max_rota_load = 2"),
        &layout
            .replace(r#"["basket", "ledger"]"#, r#"["basket", "ledger", "pay"]"#)
            .replace(
                r#"applications = ["ledger"]"#,
                r#"applications = ["ledger", "pay"]"#,
            ),
    );
    let commerce = e.rotas.iter().find(|r| r.name == "commerce").expect("rota");
    assert_relative_eq!(commerce.load, 2.0);
}

#[test]
fn a_rota_listing_a_hundred_thousand_windows_gets_a_bounded_report() {
    let mut names: Vec<String> = (0..100_000).map(|i| format!("\"w{i}\"")).collect();
    names.push("\"night\"".to_string());
    names.push("\"night\"".to_string());
    let layout = GOOD.replace(r#"["evening"]"#, &format!("[{}]", names.join(", ")));
    let e = eval(&layout);
    let unknown: Vec<&Violation> = e
        .violations
        .iter()
        .filter(|v| v.code == Code::UnknownWindow)
        .collect();
    // Eight named, then one sentence for the rest.
    assert_eq!(unknown.len(), 9, "{:#?}", &e.violations[..10]);
    assert!(
        unknown[0].message.contains("\"w0\""),
        "{}",
        unknown[0].message
    );
    assert!(
        unknown[8].message.contains("99992 more windows")
            && unknown[8].message.contains("\"evening\" and \"night\""),
        "{}",
        unknown[8].message
    );
    only(&e, Code::DuplicateWindow);
    assert_eq!(e.rotas[0].windows, ["night"]);
}

/// SPEC §7.1 changes nothing without `[[windows]]`: an application with
/// `incidents_per_month = -0.0` costs -0, as before windows, in compare's
/// JSON and solve's alike.
#[test]
fn negative_zero_incidents_keep_their_bytes_without_windows() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = std::fs::read_to_string(root.join("fruits-r-us.toml")).expect("fixture");
    let needle = "incidents_per_month = 0.2 ";
    assert!(text.contains(needle));
    let text = text.replacen(needle, "incidents_per_month = -0.0 ", 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let model = dir.path().join("neg0.toml");
    std::fs::write(&model, &text).expect("write");
    let model = model.display().to_string();
    let layout = root.join("fruits-r-us.layout.toml").display().to_string();
    let (code, compare, err) =
        crate::common::rota(&["compare", "--format", "json", &model, &layout]);
    assert!(code == 0 || code == 3, "{err}");
    let (code, solve, err) = crate::common::rota(&["solve", "--format", "json", &model]);
    assert_eq!(code, 0, "{err}");
    for (label, json) in [("compare", &compare), ("solve", &solve)] {
        assert!(json.contains("\"expected_loss\": -0.0"), "{label}: {json}");
        assert!(json.contains("\"callouts\": -0.0"), "{label}: {json}");
    }
    // The evaluator alone, with and without windows.
    let s = scenario(&text);
    let layout: Layout =
        toml::from_str(&std::fs::read_to_string(&layout).expect("layout")).expect("layout");
    let e = evaluate(&s, &layout).expect("evaluates");
    let zero: Vec<_> = e
        .applications
        .iter()
        .filter(|a| a.expected_loss == 0.0)
        .collect();
    assert!(!zero.is_empty());
    assert!(zero
        .iter()
        .all(|a| a.expected_loss.is_sign_negative() && a.callouts.is_sign_negative()));
}
