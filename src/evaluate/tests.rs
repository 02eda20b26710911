//! One test per violation code, on a small organisation written out here.

use approx::assert_relative_eq;

use super::*;
use crate::layout::Layout;
use crate::scenario::format::SupportLevel;

/// Windows (720 h): 99.9% 0.72 h, 99.5% 3.6 h, 99.0% 7.2 h.
/// Floors: pay 99.9% (144,000 in 0.72 h), basket 99.5% (108,000 in 3.6 h),
/// search 99.5% (72,000), recs 99.0% (capped at 20,000), reports and archive
/// laxest; archive is held at 99.0%, which needs no cover.
const SCENARIO: &str = r#"
name = "Unit"
[policy]
max_rota_load = 3
max_rota_teams = 2
[support.team_rota]
standby_per_month = 3000
ttr_minutes = 20
[support.domain_rota]
standby_per_month = 2000
ttr_minutes = 30
callout_cost = 100
[support.none]
ttr_minutes = 720

[[targets]]
name = "99.9%"
availability = 0.999
min_revenue_loss = 100000
support = "team_rota"
engineering_cost_per_month = 500
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
id = "pay"
location = "London"
technologies = ["java"]
[[teams]]
id = "shop"
location = "London"
technologies = ["java"]
[[teams]]
id = "search"
location = "Leeds"
technologies = ["go"]
[[teams]]
id = "ops"
location = "Leeds"
technologies = ["python"]

[[domains]]
id = "commerce"
kind = "product"
[[domains]]
id = "checkout-flow"
kind = "product"
parent = "commerce"
[[domains]]
id = "discovery"
kind = "architectural"
[[domains]]
id = "london"
kind = "geographic"
[[domains]]
id = "leeds"
kind = "geographic"
[[domains]]
id = "jvm"
kind = "technology"

[[applications]]
id = "pay"
team = "pay"
domains = ["checkout-flow", "london", "jvm"]
loss_per_hour = 200000
incidents_per_month = 0.2
[[applications]]
id = "basket"
team = "shop"
domains = ["checkout-flow", "london", "jvm"]
loss_per_hour = 30000
incidents_per_month = 0.3
[[applications]]
id = "ledger"
team = "pay"
domains = ["commerce", "jvm"]
loss_per_hour = 20000
incidents_per_month = 0.1
demand = "low"
min_target = "99.9%"
[[applications]]
id = "search"
team = "search"
domains = ["discovery", "leeds"]
loss_per_hour = 20000
incidents_per_month = 0.4
[[applications]]
id = "recs"
team = "ops"
domains = ["discovery", "leeds"]
loss_per_hour = 3000
max_loss = 20000
incidents_per_month = 0.1
[[applications]]
id = "reports"
team = "ops"
domains = ["leeds"]
loss_per_hour = 1000
incidents_per_month = 0.5
[[applications]]
id = "archive"
team = "ops"
domains = ["discovery", "leeds"]
loss_per_hour = 100
incidents_per_month = 0.5
target = "99.0%"
"#;

/// The layout that breaks nothing: pay on its team rota, the checkout flow
/// and ledger on a commerce rota, search and recs on a discovery rota.
const GOOD: &str = r#"
[[rotas]]
name = "pay"
kind = "team"
team = "pay"
applications = ["pay"]
[[rotas]]
name = "commerce"
kind = "domain"
domain = "commerce"
applications = ["basket", "ledger"]
[[rotas]]
name = "discovery"
kind = "domain"
applications = ["search", "recs"]
"#;

fn scenario() -> Scenario {
    toml::from_str(SCENARIO).expect("unit scenario parses")
}

fn eval(layout: &str) -> Evaluation {
    let layout: Layout = toml::from_str(layout).expect("layout parses");
    evaluate(&scenario(), &layout).expect("evaluates")
}

/// The good layout with `from` replaced by `to`.
fn good_with(from: &str, to: &str) -> Evaluation {
    assert!(GOOD.contains(from), "{from}");
    eval(&GOOD.replacen(from, to, 1))
}

fn only(e: &Evaluation, code: Code) -> &Violation {
    assert_eq!(e.codes(), vec![code], "{:#?}", e.violations);
    &e.violations[0]
}

fn app<'a>(e: &'a Evaluation, id: &str) -> &'a AppEval {
    e.applications.iter().find(|a| a.id == id).expect("app")
}

#[test]
fn a_sound_layout_has_no_violations_and_costs_add_up() {
    let e = eval(GOOD);
    assert!(e.feasible(), "{:#?}", e.violations);
    // pay: 99.9% (floor) on its team rota, TTR 20 min: 0.2 * 200,000/3.
    let pay = app(&e, "pay");
    assert_eq!(pay.target, "99.9%");
    assert_eq!(pay.cover, SupportLevel::TeamRota);
    assert_relative_eq!(pay.expected_loss, 0.2 * 200000.0 * (20.0 / 60.0));
    assert_relative_eq!(pay.engineering, 500.0);
    // ledger: low demand, so a domain rota satisfies 99.9%; TTR 30 min, callout 100.
    let ledger = app(&e, "ledger");
    assert_eq!(ledger.target, "99.9%");
    assert_relative_eq!(ledger.expected_loss, 0.1 * 20000.0 * 0.5);
    assert_relative_eq!(ledger.callouts, 0.1 * 100.0);
    // basket: high demand, so the strictest target a domain rota serves is 99.5%.
    assert_eq!(app(&e, "basket").target, "99.5%");
    // reports: on no rota, strictest allowed target needing none.
    let reports = app(&e, "reports");
    assert_eq!(reports.target, "99.0%");
    assert_relative_eq!(reports.expected_loss, 0.5 * 1000.0 * 12.0);
    // The discovery rota names no domain: the finest shared one is inferred.
    assert_eq!(e.rotas[2].domain.as_deref(), Some("discovery"));
    assert!(e.rotas[2].domain_inferred);
    let standby = 3000.0 + 2000.0 + 2000.0;
    assert_relative_eq!(e.totals.standby, standby);
    let apps: f64 = e.applications.iter().map(|a| a.total).sum();
    assert_relative_eq!(e.totals.total, standby + apps);
}

#[test]
fn inferred_domain_is_the_finest_shared() {
    let e = eval(
        r#"
[[rotas]]
name = "r"
kind = "domain"
applications = ["basket"]
"#,
    );
    assert_eq!(e.rotas[0].domain.as_deref(), Some("checkout-flow"));
}

#[test]
fn unknown_application_on_a_rota_and_in_targets() {
    let e = good_with(r#"["search", "recs"]"#, r#"["search", "recs", "serch"]"#);
    let v = only(&e, Code::UnknownApplication);
    assert_eq!(v.rota.as_deref(), Some("discovery"));
    assert_eq!(v.applications, vec!["serch"]);
    assert!(
        v.message.contains("did you mean \"search\""),
        "{}",
        v.message
    );

    let e = eval(&format!("{GOOD}\n[targets]\nbaskt = \"99.5%\"\n"));
    let v = only(&e, Code::UnknownApplication);
    assert_eq!(v.rota, None);
    assert_eq!(v.applications, vec!["baskt"]);
}

#[test]
fn unknown_team() {
    let e = good_with(r#"team = "pay""#, r#"team = "payments""#);
    let v = only(&e, Code::UnknownTeam);
    assert_eq!(v.rota.as_deref(), Some("pay"));
    assert!(v.message.contains("\"payments\""), "{}", v.message);
}

#[test]
fn unknown_domain() {
    let e = good_with(r#"domain = "commerce""#, r#"domain = "comerce""#);
    let v = only(&e, Code::UnknownDomain);
    assert!(
        v.message.contains("did you mean \"commerce\""),
        "{}",
        v.message
    );
}

#[test]
fn unknown_target_falls_back_to_inference() {
    let e = eval(&format!("{GOOD}\n[targets]\nbasket = \"99.95%\"\n"));
    let v = only(&e, Code::UnknownTarget);
    assert_eq!(v.applications, vec!["basket"]);
    assert_eq!(app(&e, "basket").target, "99.5%");
    assert!(!app(&e, "basket").target_listed);
}

#[test]
fn duplicate_cover_on_two_rotas_and_twice_on_one() {
    let e = good_with(r#"["search", "recs"]"#, r#"["search", "recs", "basket"]"#);
    let v = only(&e, Code::DuplicateCover);
    assert_eq!(v.rota.as_deref(), Some("discovery"));
    assert_eq!(v.applications, vec!["basket"]);
    // Costs count the first listing.
    assert_eq!(app(&e, "basket").rota.as_deref(), Some("commerce"));

    let e = good_with(r#"["pay"]"#, r#"["pay", "pay"]"#);
    let v = only(&e, Code::DuplicateCover);
    assert!(v.message.contains("twice"), "{}", v.message);
    assert_relative_eq!(e.rotas[0].load, 1.0);
}

#[test]
fn team_rota_foreign_app() {
    let e = good_with(r#"["pay"]"#, r#"["pay", "search"]"#);
    // search is listed first on pay's rota, so its listing on discovery repeats it.
    assert_eq!(
        e.codes(),
        vec![Code::TeamRotaForeignApp, Code::DuplicateCover]
    );
    let v = e
        .violations
        .iter()
        .find(|v| v.code == Code::TeamRotaForeignApp)
        .expect("foreign");
    assert_eq!(v.applications, vec!["search"]);
    assert_eq!(v.rota.as_deref(), Some("pay"));
}

#[test]
fn geographic_domain_named_or_shared() {
    // Named: a "leeds" rota.
    let e = eval(
        r#"
[[rotas]]
name = "leeds"
kind = "domain"
domain = "leeds"
applications = ["search", "recs"]
[[rotas]]
name = "pay"
kind = "team"
team = "pay"
applications = ["pay", "ledger"]
[[rotas]]
name = "basket"
kind = "team"
team = "shop"
applications = ["basket"]
"#,
    );
    let v = only(&e, Code::GeographicDomain);
    assert_eq!(v.rota.as_deref(), Some("leeds"));
    assert_eq!(v.applications, vec!["search", "recs"]);
    // They do share an architectural domain: the message says which.
    assert!(v.message.contains("\"discovery\""), "{}", v.message);

    // Shared, unnamed: search and reports are both Leeds teams' and in the
    // leeds domain, but reports is in no product or architectural domain.
    let e = eval(
        r#"
[[rotas]]
name = "north"
kind = "domain"
applications = ["search", "reports"]
[[rotas]]
name = "pay"
kind = "team"
team = "pay"
applications = ["pay", "ledger"]
[[rotas]]
name = "basket"
kind = "team"
team = "shop"
applications = ["basket"]
"#,
    );
    let v = only(&e, Code::GeographicDomain);
    assert_eq!(v.applications, vec!["search", "reports"]);
    assert!(v.message.contains("\"leeds\""), "{}", v.message);
}

#[test]
fn technology_domain_named_or_shared() {
    let e = good_with(r#"domain = "commerce""#, r#"domain = "jvm""#);
    let v = only(&e, Code::TechnologyDomain);
    assert!(
        v.message.contains("technology domain \"jvm\""),
        "{}",
        v.message
    );

    // Shared technology only: basket moves out of commerce into jvm alone,
    // and pay's team moves to Bristol, so basket and ledger share java and
    // jvm but no product domain and no location.
    let mut s = scenario();
    let basket = s
        .applications
        .iter_mut()
        .find(|a| a.id == "basket")
        .expect("basket");
    basket.domains = vec!["jvm".into()];
    let pay_team = s.teams.iter_mut().find(|t| t.id == "pay").expect("pay");
    pay_team.location = Some("Bristol".into());
    let layout: Layout = toml::from_str(
        r#"
[[rotas]]
name = "java"
kind = "domain"
applications = ["basket", "ledger"]
[[rotas]]
name = "pay"
kind = "team"
team = "pay"
applications = ["pay"]
[[rotas]]
name = "discovery"
kind = "domain"
applications = ["search", "recs"]
"#,
    )
    .expect("layout");
    let e = evaluate(&s, &layout).expect("evaluates");
    let v = only(&e, Code::TechnologyDomain);
    assert_eq!(v.applications, vec!["basket", "ledger"]);
}

#[test]
fn no_common_domain() {
    // ledger (commerce, London via pay) and search (discovery, Leeds, go).
    let e = eval(
        r#"
[[rotas]]
name = "mixed"
kind = "domain"
applications = ["ledger", "search"]
[[rotas]]
name = "pay"
kind = "team"
team = "pay"
applications = ["pay"]
[[rotas]]
name = "shop"
kind = "team"
team = "shop"
applications = ["basket"]
"#,
    );
    let v = only(&e, Code::NoCommonDomain);
    assert_eq!(v.applications, vec!["ledger", "search"]);
    assert!(
        v.message.contains("\"search\" (discovery)"),
        "{}",
        v.message
    );
    assert_eq!(e.rotas[0].domain, None);
}

#[test]
fn outside_domain() {
    let e = good_with(r#"domain = "commerce""#, r#"domain = "checkout-flow""#);
    let v = only(&e, Code::OutsideDomain);
    assert_eq!(v.applications, vec!["ledger"]);
    assert!(v.message.contains("\"commerce\""), "{}", v.message);
}

#[test]
fn load_exceeded() {
    let mut s = scenario();
    s.policy.max_rota_teams = 0;
    let layout: Layout = toml::from_str(
        &GOOD
            .replace(
                r#"["basket", "ledger"]"#,
                r#"["basket", "ledger", "pay", "search", "recs"]"#,
            )
            .replace("applications = [\"pay\"]", "applications = []")
            .replace(r#"["search", "recs"]"#, "[]"),
    )
    .expect("layout");
    let e = evaluate(&s, &layout).expect("evaluates");
    let codes = e.codes();
    assert!(codes.contains(&Code::LoadExceeded), "{codes:?}");
    // pay and search cannot sit on a commerce rota either, and the emptied
    // rotas cost standby for nothing.
    let v = e
        .violations
        .iter()
        .find(|v| v.code == Code::LoadExceeded)
        .expect("load");
    assert_eq!(v.rota.as_deref(), Some("commerce"));
    assert!(v.message.contains("load of 5"), "{}", v.message);
    assert!(codes.contains(&Code::EmptyRota), "{codes:?}");
}

#[test]
fn too_many_teams() {
    let mut s = scenario();
    s.policy.max_rota_teams = 1;
    let layout: Layout = toml::from_str(GOOD).expect("layout");
    let e = evaluate(&s, &layout).expect("evaluates");
    // commerce (shop + pay) and discovery (search + ops) both span 2 teams.
    assert_eq!(e.codes(), vec![Code::TooManyTeams, Code::TooManyTeams]);
    assert_eq!(e.violations[0].rota.as_deref(), Some("commerce"));
}

#[test]
fn uncovered_inferred_and_listed() {
    // search's targets all need cover (floor 99.5%, current 99.9%).
    let e = good_with(r#"["search", "recs"]"#, r#"["recs"]"#);
    let v = only(&e, Code::Uncovered);
    assert_eq!(v.applications, vec!["search"]);
    assert_eq!(v.rota, None);
    assert_eq!(app(&e, "search").target, "99.5%");
    assert_eq!(app(&e, "search").cover, SupportLevel::None);

    // recs listed at 99.5% but taken off its rota.
    let e = eval(&format!(
        "{}\n[targets]\nrecs = \"99.5%\"\n",
        GOOD.replace(r#"["search", "recs"]"#, r#"["search"]"#)
    ));
    let v = only(&e, Code::Uncovered);
    assert_eq!(v.applications, vec!["recs"]);
}

#[test]
fn needs_team_rota_inferred_and_listed() {
    // pay's floor is 99.9% (team rota) and its demand is high.
    let e = good_with(r#"["basket", "ledger"]"#, r#"["basket", "ledger", "pay"]"#);
    let codes = e.codes();
    assert!(codes.contains(&Code::DuplicateCover), "{codes:?}");
    let e = eval(
        &GOOD
            .replace(r#"["pay"]"#, r#"["ledger"]"#)
            .replace(r#"["basket", "ledger"]"#, r#"["basket", "pay"]"#),
    );
    let v = only(&e, Code::NeedsTeamRota);
    assert_eq!(v.applications, vec!["pay"]);
    assert_eq!(v.rota.as_deref(), Some("commerce"));
    assert_eq!(app(&e, "pay").target, "99.9%");

    let e = eval(&format!("{GOOD}\n[targets]\nbasket = \"99.9%\"\n"));
    let v = only(&e, Code::NeedsTeamRota);
    assert_eq!(v.applications, vec!["basket"]);
}

#[test]
fn unneeded_cover_inferred_and_listed() {
    // archive is held at 99.0% (no cover) and its floor is laxest.
    let e = good_with(r#"["search", "recs"]"#, r#"["search", "recs", "archive"]"#);
    let v = only(&e, Code::UnneededCover);
    assert_eq!(v.applications, vec!["archive"]);
    // Covered, it restores in 30 minutes instead of 12 hours.
    assert_relative_eq!(app(&e, "archive").expected_loss, 0.5 * 100.0 * 0.5);

    let e = eval(&format!("{GOOD}\n[targets]\nrecs = \"99.0%\"\n"));
    let v = only(&e, Code::UnneededCover);
    assert_eq!(v.applications, vec!["recs"]);
}

#[test]
fn target_below_floor_and_min_target() {
    let e = eval(&format!(
        "{}\n[targets]\nsearch = \"99.0%\"\n",
        GOOD.replace(r#"["search", "recs"]"#, r#"["recs"]"#)
    ));
    let v = only(&e, Code::TargetBelowFloor);
    assert_eq!(v.applications, vec!["search"]);
    assert!(v.message.contains("loss floor 99.5%"), "{}", v.message);

    let e = eval(&format!("{GOOD}\n[targets]\nledger = \"99.5%\"\n"));
    let v = only(&e, Code::TargetBelowFloor);
    assert!(v.message.contains("min_target 99.9%"), "{}", v.message);
}

#[test]
fn target_above_allowed() {
    let e = eval(&format!(
        "{}\n[targets]\narchive = \"99.5%\"\n",
        GOOD.replace(r#"["search", "recs"]"#, r#"["search", "recs", "archive"]"#)
    ));
    let v = only(&e, Code::TargetAboveAllowed);
    assert_eq!(v.applications, vec!["archive"]);
    let mut s = scenario();
    s.policy.allow_upgrades = true;
    let layout: Layout = toml::from_str(&format!(
        "{}\n[targets]\narchive = \"99.5%\"\n",
        GOOD.replace(r#"["search", "recs"]"#, r#"["search", "recs", "archive"]"#)
    ))
    .expect("layout");
    assert!(evaluate(&s, &layout).expect("evaluates").feasible());
}

#[test]
fn duplicate_rota_missing_team_and_empty_rota() {
    let e = eval(&format!(
        "{GOOD}\n[[rotas]]\nname = \"pay\"\nkind = \"team\"\napplications = []\n"
    ));
    assert_eq!(
        e.codes(),
        vec![Code::DuplicateRota, Code::EmptyRota, Code::MissingTeam]
    );
    // The empty rota still costs its standby.
    assert_relative_eq!(e.totals.standby, 3000.0 * 2.0 + 2000.0 * 2.0);

    let e = good_with("team = \"pay\"\n", "");
    let v = only(&e, Code::MissingTeam);
    assert!(v.message.contains("add team = \"pay\""), "{}", v.message);
}

#[test]
fn every_code_has_a_distinct_name() {
    let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Code::ALL.len());
    for c in Code::ALL {
        assert_eq!(
            serde_json::to_value(c).expect("json"),
            serde_json::Value::String(c.as_str().into())
        );
    }
}

#[test]
fn a_scenario_without_targets_is_an_error_not_a_panic() {
    let mut s = scenario();
    s.targets.clear();
    assert_eq!(
        evaluate(&s, &Layout::default()),
        Err(EvaluateError::NoTargets)
    );
}
