//! Seasons (SPEC §7.2): each season is the scenario with its factors applied,
//! solved on its own. Checked against scenarios scaled by hand here, the brute
//! force and the independent evaluator; validation of `[[seasons]]`.

use rand::{Rng, SeedableRng};
use rota::model::load::{load_bytes, Loaded};
use rota::model::season::season_models;
use rota::scenario::format::Season;
use rota::scenario::season::{find_season, year_per_month};
use rota::scenario::{ProblemCode, Scenario};
use rota::solve::season::optimise_each;
use rota::solve::{optimise, Method, SolveOptions};

use crate::brute_force::brute_force;
use crate::common::{agree, assert_evaluator_agrees, load_scenario, random_scenario, TINY};

fn options() -> SolveOptions {
    SolveOptions::default()
}

fn season(name: &str, months: f64, loss_factor: f64, incident_factor: f64) -> Season {
    Season {
        name: name.to_string(),
        months,
        loss_factor,
        incident_factor,
    }
}

/// The scenario scaled by hand, written out field by field in the test.
fn scaled_by_hand(s: &Scenario, lf: f64, inc: f64) -> Scenario {
    let mut out = s.clone();
    out.seasons = Vec::new();
    for a in &mut out.applications {
        a.loss_per_hour *= lf;
        if let Some(m) = a.max_loss.as_mut() {
            *m *= lf;
        }
        a.incidents_per_month *= inc;
    }
    out
}

/// Random seasons summing to 12 months, factors between 0.5 and 3.
fn random_seasons(rng: &mut rand::rngs::StdRng) -> Vec<Season> {
    let n = rng.gen_range(1..=3);
    let mut left = 12.0;
    (0..n)
        .map(|i| {
            let months = if i + 1 == n {
                left
            } else {
                let m = f64::from(rng.gen_range(1..=4));
                left -= m;
                m
            };
            season(
                &format!("season-{i}"),
                months,
                *[0.5, 1.0, 2.5, 3.0].get(rng.gen_range(0..4)).unwrap(),
                *[0.5, 1.0, 1.5].get(rng.gen_range(0..3)).unwrap(),
            )
        })
        .collect()
}

fn with_random_seasons(seed: u64, max_apps: usize) -> (Loaded, Vec<Season>) {
    let base = random_scenario(seed, max_apps);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed ^ 0x5ea5);
    let seasons = random_seasons(&mut rng);
    let mut s = base.scenario.clone();
    s.seasons = seasons.clone();
    (load_scenario(s, &format!("seasons-{seed}")), seasons)
}

#[test]
fn each_season_equals_the_hand_scaled_scenario_solved_alone() {
    for seed in 0..25 {
        let (loaded, seasons) = with_random_seasons(seed, 6);
        let sms = season_models(&loaded).expect("season models");
        assert_eq!(sms.len(), seasons.len());
        let models: Vec<_> = sms.iter().map(|s| &s.model).collect();
        let plans = optimise_each(&models, &options(), Method::Dedicated).expect("solves");
        let mut year = Vec::new();
        for ((sm, plan), season) in sms.iter().zip(&plans).zip(&seasons) {
            assert_eq!(sm.season.name, season.name, "declared order");
            let hand = load_scenario(
                scaled_by_hand(&loaded.scenario, season.loss_factor, season.incident_factor),
                "hand",
            );
            let alone = optimise(&hand.model, &options(), Method::Dedicated, false).unwrap();
            let total = plan.totals(&sm.model).total;
            assert!(
                agree(total, alone.totals(&hand.model).total),
                "seed {seed} season {}: {total} vs {}",
                season.name,
                alone.totals(&hand.model).total
            );
            year.push((season.months, total));
        }
        let by_hand: f64 = year.iter().map(|(m, t)| m * t).sum::<f64>() / 12.0;
        assert!(agree(year_per_month(year.iter().copied()), by_hand));
    }
}

#[test]
fn each_season_is_optimal_by_brute_force_and_passes_the_evaluator() {
    for seed in 100..130 {
        let (loaded, _) = with_random_seasons(seed, 5);
        let sms = season_models(&loaded).expect("season models");
        let models: Vec<_> = sms.iter().map(|s| &s.model).collect();
        let plans = optimise_each(&models, &options(), Method::Dedicated).expect("solves");
        for (sm, plan) in sms.iter().zip(&plans) {
            let label = format!("seed {seed} season {}", sm.season.name);
            let best = brute_force(&sm.model);
            let total = plan.totals(&sm.model).total;
            assert!(
                agree(total, best),
                "{label}: solver {total}, brute force {best}"
            );
            // The evaluator judges the layout from the season's scenario alone.
            let season_loaded = Loaded {
                scenario: sm.scenario.clone(),
                model: sm.model.clone(),
                source: loaded.source.clone(),
            };
            let judged = assert_evaluator_agrees(&season_loaded, plan, &label);
            assert!(agree(judged, total), "{label}");
        }
    }
}

#[test]
fn a_loss_factor_of_one_everywhere_is_the_year() {
    let (loaded, _) = with_random_seasons(7, 6);
    let mut s = loaded.scenario.clone();
    s.seasons = vec![season("a", 5.0, 1.0, 1.0), season("b", 7.0, 1.0, 1.0)];
    let loaded = load_scenario(s.clone(), "ones");
    let sms = season_models(&loaded).unwrap();
    let models: Vec<_> = sms.iter().map(|s| &s.model).collect();
    let plans = optimise_each(&models, &options(), Method::Dedicated).unwrap();
    s.seasons.clear();
    let plain = load_scenario(s, "plain");
    let year = optimise(&plain.model, &options(), Method::Dedicated, false).unwrap();
    let per_month = year_per_month(
        sms.iter()
            .zip(&plans)
            .map(|(sm, p)| (sm.season.months, p.totals(&sm.model).total)),
    );
    assert!(agree(per_month, year.totals(&plain.model).total));
}

fn problems(seasons: &str) -> rota::scenario::ScenarioError {
    let text = format!("{TINY}\n{seasons}");
    load_bytes("s.toml".as_ref(), text.as_bytes()).expect_err("invalid")
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn months_must_sum_to_twelve() {
    let seasons =
        "[[seasons]]\nname = \"peak\"\nmonths = 2\n\n[[seasons]]\nname = \"rest\"\nmonths = 9\n";
    let e = problems(seasons);
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.problems[0].code, ProblemCode::SeasonMonths);
    assert!(e.problems[0].message.contains("sum to 11"), "{e}");
    assert!(e.problems[0].message.contains("must sum to 12"), "{e}");
    assert!(e.to_string().contains("s.toml"), "{e}");
}

#[test]
fn months_within_tolerance_are_accepted() {
    let seasons = "[[seasons]]\nname = \"a\"\nmonths = 4.0000000000001\n\n[[seasons]]\nname = \"b\"\nmonths = 7.9999999999999\n";
    let text = format!("{TINY}\n{seasons}");
    let loaded = load_bytes("s.toml".as_ref(), text.as_bytes()).expect("valid");
    assert_eq!(loaded.scenario.seasons.len(), 2);
    assert_eq!(loaded.scenario.seasons[0].loss_factor, 1.0);
    assert_eq!(loaded.scenario.seasons[1].incident_factor, 1.0);
}

#[test]
fn bad_months_factors_and_names_are_each_reported_at_their_line() {
    let seasons = "[[seasons]]\nname = \"peak\"\nmonths = 0\nloss_factor = -2\n\n[[seasons]]\nname = \"peak\"\nmonths = 12\nincident_factor = nan\n";
    let text = format!("{TINY}\n{seasons}");
    let e = problems(seasons);
    let codes: Vec<_> = e.problems.iter().map(|p| p.code).collect();
    assert!(codes.contains(&ProblemCode::DuplicateId), "{e}");
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == ProblemCode::InvalidNumber)
            .count(),
        3,
        "{e}"
    );
    let months = e
        .problems
        .iter()
        .find(|p| p.message.contains("months is 0"))
        .expect("months problem");
    assert_eq!(months.line, Some(line_of(&text, "months = 0")), "{e}");
    assert!(months.message.contains("> 0"), "{e}");
    let dup = e
        .problems
        .iter()
        .find(|p| p.code == ProblemCode::DuplicateId)
        .unwrap();
    assert_eq!(dup.id.as_deref(), Some("peak"));
    assert!(e.to_string().contains("s.toml:"), "{e}");
}

#[test]
fn an_unknown_season_names_the_valid_ones() {
    let seasons = "[[seasons]]\nname = \"peak\"\nmonths = 2\n\n[[seasons]]\nname = \"rest of year\"\nmonths = 10\n";
    let text = format!("{TINY}\n{seasons}");
    let loaded = load_bytes("s.toml".as_ref(), text.as_bytes()).expect("valid");
    let err = find_season(&loaded.scenario, "summer").unwrap_err();
    assert!(
        err.contains("'summer'") && err.contains("'peak'") && err.contains("'rest of year'"),
        "{err}"
    );
    assert_eq!(find_season(&loaded.scenario, "peak").unwrap().months, 2.0);
}

const PEAK: &str = "models/peak-trading.toml";

#[test]
fn solve_reports_each_season_and_the_year_and_writes_a_layout_per_season() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("L.toml");
    let (code, stdout, stderr) = crate::common::rota(&[
        "solve",
        PEAK,
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let seasons = v["seasons"].as_array().unwrap();
    let names: Vec<&str> = seasons
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["peak", "rest-of-year"]);
    let by_hand: f64 = seasons
        .iter()
        .map(|s| s["months"].as_f64().unwrap() * s["totals"]["total"].as_f64().unwrap())
        .sum::<f64>()
        / 12.0;
    assert!(agree(v["totals"]["total"].as_f64().unwrap(), by_hand));
    for s in seasons {
        assert_eq!(s["status"], "optimal");
        assert!(!s["rotas"].as_array().unwrap().is_empty());
        assert_eq!(s["applications"].as_array().unwrap().len(), 10);
    }
    // Peak staffs a rota the rest of the year does without, and says so.
    let part = v["staffed_in_some_seasons"].as_array().unwrap();
    assert!(!part.is_empty(), "{stdout}");
    assert!(!dir.path().join("L.toml").exists());
    for name in names {
        let layout = dir.path().join(format!("L.{name}.toml"));
        assert!(layout.exists(), "{}", layout.display());
        // Each season's layout judged against that season: no violations and
        // the optimum's cost.
        let (code, stdout, stderr) = crate::common::rota(&[
            "compare",
            PEAK,
            layout.to_str().unwrap(),
            "--season",
            name,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{name}: {stderr}{stdout}");
        let season = seasons.iter().find(|s| s["name"] == name).unwrap();
        assert!(
            stdout.contains(&format!("{}", season["totals"]["total"])),
            "{name}: {stdout}"
        );
    }
}

#[test]
fn compare_and_batch_refuse_an_unknown_season_naming_the_valid_ones() {
    let (code, _, stderr) = crate::common::rota(&[
        "compare",
        PEAK,
        "fixtures/fruits-r-us.layout.toml",
        "--season",
        "summer",
    ]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("unknown-season")
            && stderr.contains("'peak'")
            && stderr.contains("'rest-of-year'"),
        "{stderr}"
    );
    let (_, stdout, _) =
        crate::common::rota(&["batch", PEAK, "--season", "summer", "--format", "json"]);
    assert!(stdout.contains("unknown season 'summer'"), "{stdout}");
}

#[test]
fn the_peak_layout_judged_against_the_rest_of_the_year_costs_more_than_its_optimum() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("L.toml");
    let (code, _, stderr) =
        crate::common::rota(&["solve", PEAK, "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let peak = dir.path().join("L.peak.toml");
    let (code, stdout, stderr) = crate::common::rota(&[
        "compare",
        PEAK,
        peak.to_str().unwrap(),
        "--season",
        "rest-of-year",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let judged = v["totals"]["total"].as_f64().unwrap();
    let optimum = v["optimal"]["totals"]["total"].as_f64().unwrap();
    // The peak's extra rota is not worth its standby the rest of the year.
    assert!(judged > optimum + 1.0, "{judged} vs {optimum}");
    // And the optimum compare finds is the rest of the year's from solve.
    let (_, json, _) = crate::common::rota(&["solve", PEAK, "--format", "json"]);
    let solved: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rest = solved["seasons"][1]["totals"]["total"].as_f64().unwrap();
    assert!(agree(optimum, rest), "{optimum} vs {rest}");
}

#[test]
fn explain_and_by_team_are_refused_with_seasons_rather_than_ignored() {
    for flag in ["--explain", "--by-team"] {
        let (code, stdout, stderr) = crate::common::rota(&["solve", PEAK, flag]);
        assert_eq!(code, 2, "{flag}: {stderr}");
        assert!(
            stdout.is_empty() && stderr.contains(flag) && stderr.contains("seasons"),
            "{stderr}"
        );
    }
}
