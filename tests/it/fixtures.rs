//! Every hand-designed layout in fixtures/ has exactly the violations its
//! header comment promises, and the money compares with the optimum as it says.

use std::path::{Path, PathBuf};

use approx::assert_relative_eq;
use rota::evaluate::{evaluate, Code, Evaluation};
use rota::layout::read_layout;
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::solve_program;
use rota::solve::SolveOptions;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The hand layout's evaluation and the optimum's total.
fn judge(scenario: &str, layout: &str) -> (Evaluation, f64) {
    let loaded = rota::model::load(&fixture(scenario)).expect("fixture loads");
    let layout = read_layout(&fixture(layout)).expect("layout reads");
    let e = evaluate(&loaded.scenario, &layout).expect("evaluates");
    let plan = solve_program(&loaded.model, &SolveOptions::default(), &MicroLp).expect("solves");
    (e, plan.totals(&loaded.model).total)
}

/// (code, rota, applications) of every violation, in report order.
fn found(e: &Evaluation) -> Vec<(Code, Option<&str>, Vec<&str>)> {
    e.violations
        .iter()
        .map(|v| {
            (
                v.code,
                v.rota.as_deref(),
                v.applications.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn the_articles_layout_is_sound_and_optimal() {
    let (e, optimum) = judge("fruits-r-us.toml", "fruits-r-us.layout.toml");
    assert!(found(&e).is_empty(), "{:#?}", e.violations);
    assert_relative_eq!(e.totals.standby, 9000.0);
    assert_relative_eq!(e.totals.total, optimum, max_relative = 1e-9);
    // Inferred targets follow the article: downgrades to 99.5% and 99.0%.
    let target = |id: &str| {
        e.applications
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.target.as_str())
    };
    assert_eq!(target("product"), Some("99.9%"));
    assert_eq!(target("orders"), Some("99.5%"));
    assert_eq!(target("stock-levels"), Some("99.0%"));
}

#[test]
fn per_location_rotas_are_geographic() {
    let (e, optimum) = judge("per-location.toml", "per-location.layout.toml");
    assert_eq!(
        found(&e),
        vec![
            (
                Code::GeographicDomain,
                Some("lisbon"),
                vec![
                    "flight-search",
                    "flight-booking",
                    "hotel-booking",
                    "loyalty-portal"
                ]
            ),
            (
                Code::GeographicDomain,
                Some("glasgow"),
                vec!["car-hire", "points-ledger", "partner-feeds"]
            ),
        ]
    );
    // Against the rules, yet no cheaper: the same two rotas' worth of money.
    assert_relative_eq!(e.totals.total, optimum, max_relative = 1e-9);
}

#[test]
fn per_technology_rotas_are_technology_domains() {
    let (e, _) = judge("per-technology.toml", "per-technology.layout.toml");
    assert_eq!(
        found(&e),
        vec![
            (
                Code::TechnologyDomain,
                Some("frontend"),
                vec!["online-banking", "mobile-banking", "statements-web"]
            ),
            (
                Code::TechnologyDomain,
                Some("java"),
                vec!["accounts-service", "standing-orders", "card-auth"]
            ),
        ]
    );
}

#[test]
fn an_overloaded_rota_is_cheaper_only_by_breaking_rules() {
    let (e, optimum) = judge("overloaded.toml", "overloaded.layout.toml");
    let all = vec![
        "berth-planner",
        "crane-control",
        "customs-declarations",
        "container-tracking",
        "shipment-api",
        "invoicing",
        "yard-map",
        "gate-access",
    ];
    assert_eq!(
        found(&e),
        vec![
            (Code::TooManyTeams, Some("shipping"), all.clone()),
            (Code::LoadExceeded, Some("shipping"), all),
        ]
    );
    assert_relative_eq!(e.rotas[0].load, 8.0);
    assert!(e.totals.total < optimum - 1.0);
}

#[test]
fn unrelated_domains_share_nothing() {
    let (e, _) = judge("unrelated-domains.toml", "unrelated-domains.layout.toml");
    assert_eq!(
        found(&e),
        vec![
            (
                Code::NoCommonDomain,
                Some("out-of-hours"),
                vec!["parking-permits", "library-catalogue", "housing-repairs"]
            ),
            (Code::OutsideDomain, Some("benefits"), vec!["council-tax"]),
        ]
    );
    assert!(e.violations[1].message.contains("\"citizen-accounts\""));
}

#[test]
fn a_high_demand_999_application_needs_its_team_rota() {
    let (e, _) = judge("high-demand.toml", "high-demand.layout.toml");
    assert_eq!(
        found(&e),
        vec![(Code::NeedsTeamRota, Some("store"), vec!["checkout"])]
    );
}

#[test]
fn the_status_quo_is_sound_but_costly() {
    let (e, optimum) = judge("costly.toml", "costly.layout.toml");
    assert!(found(&e).is_empty(), "{:#?}", e.violations);
    assert_relative_eq!(e.totals.standby, 6.0 * 3000.0);
    assert_relative_eq!(e.totals.engineering, 7.0 * 800.0);
    assert!(
        e.totals.total > optimum * 1.2,
        "{} vs {optimum}",
        e.totals.total
    );
}

#[test]
fn a_stale_layout_shows_every_reference_and_target_mistake() {
    let (e, _) = judge("typos.toml", "typos.layout.toml");
    assert_eq!(
        found(&e),
        vec![
            (Code::UnknownTeam, Some("streaming"), vec![]),
            (
                Code::TeamRotaForeignApp,
                Some("identity"),
                vec!["ad-server"]
            ),
            (Code::DuplicateCover, Some("accounts"), vec!["profiles"]),
            (Code::UnknownDomain, Some("accounts"), vec![]),
            (Code::UnknownApplication, Some("discovery"), vec!["search"]),
            (Code::UnknownTarget, None, vec!["player"]),
            (Code::TargetBelowFloor, Some("identity"), vec!["login"]),
            (Code::Uncovered, None, vec!["search-api"]),
            (
                Code::TargetAboveAllowed,
                Some("discovery"),
                vec!["recommendations"]
            ),
            (
                Code::UnneededCover,
                Some("discovery"),
                vec!["watch-history"]
            ),
        ]
    );
}

#[test]
fn a_json_layout_beside_a_json_scenario() {
    let (e, optimum) = judge("bakery.json", "bakery.layout.json");
    assert!(found(&e).is_empty(), "{:#?}", e.violations);
    // Inference takes the strictest target a team rota serves (99.9%), which
    // costs engineering the optimum saves by choosing 99.5%.
    assert!(e.totals.total > optimum);
    assert_eq!(e.currency, "EUR");
}

/// Every layout in fixtures/ is covered by a test above.
#[test]
fn every_fixture_layout_is_checked() {
    let mut layouts: Vec<String> = std::fs::read_dir(fixture(""))
        .expect("fixtures")
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.contains(".layout."))
        .collect();
    layouts.sort();
    assert_eq!(
        layouts,
        vec![
            "bakery.layout.json",
            "costly.layout.toml",
            "fruits-r-us.layout.toml",
            "high-demand.layout.toml",
            "overloaded.layout.toml",
            "per-location.layout.toml",
            "per-technology.layout.toml",
            "typos.layout.toml",
            "unrelated-domains.layout.toml",
        ]
    );
}
