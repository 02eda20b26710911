//! `rota generate`: deterministic, valid, realistic organisations.

use std::collections::BTreeSet;

use rota::generate::{generate, to_toml};
use rota::model::DomainKind;

fn load(text: &str) -> rota::model::Loaded {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("generated.toml");
    std::fs::write(&path, text).expect("write");
    rota::model::load(&path).unwrap_or_else(|e| panic!("generated scenario invalid: {e}"))
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = to_toml(&generate(200, 7)).expect("toml");
    let b = to_toml(&generate(200, 7)).expect("toml");
    let c = to_toml(&generate(200, 8)).expect("toml");
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn generated_scenarios_load_at_every_size() {
    for (n, seed) in [(1, 1), (2, 5), (10, 2), (30, 3), (150, 4), (1000, 1)] {
        let loaded = load(&to_toml(&generate(n, seed)).expect("toml"));
        let m = &loaded.model;
        assert_eq!(m.applications.len(), n);
        // Teams hold one to six applications.
        let mut per_team = vec![0usize; m.teams.len()];
        for a in &m.applications {
            per_team[a.team] += 1;
        }
        assert!(
            per_team.iter().all(|&k| (1..=6).contains(&k)),
            "{per_team:?}"
        );
    }
}

#[test]
fn a_large_organisation_has_the_documented_shape() {
    let loaded = load(&to_toml(&generate(1000, 11)).expect("toml"));
    let m = &loaded.model;
    let teams = m.teams.len();
    assert!(
        (250..=450).contains(&teams),
        "{teams} teams for 1000 applications"
    );
    let kinds: BTreeSet<DomainKind> = m.domains.iter().map(|d| d.kind).collect();
    assert_eq!(kinds.len(), 4, "every kind of domain appears");
    assert!(
        m.domains.iter().any(|d| d.parent.is_some()),
        "some domains nest"
    );
    // Every application belongs to a product domain.
    assert!(m.applications.iter().all(|a| a
        .member_of
        .iter()
        .any(|&d| m.domains[d].kind == DomainKind::Product)));
    // Loss floors spread over all three targets, and some demand is low.
    let floors: BTreeSet<usize> = m.applications.iter().map(|a| a.floor).collect();
    assert_eq!(floors.len(), 3);
    let low = m
        .applications
        .iter()
        .filter(|a| a.demand == rota::model::Demand::Low)
        .count();
    assert!((150..=450).contains(&low), "{low} low-demand applications");
    assert!(m.applications.iter().any(|a| a.max_loss.is_some()));
    assert!(m.applications.iter().any(|a| a.min_target.is_some()));
}

#[test]
fn the_command_writes_the_same_file_as_the_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("org.toml");
    let out = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .args(["generate", "--apps", "40", "--seed", "9", "--output"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&path).expect("read");
    assert_eq!(written, to_toml(&generate(40, 9)).expect("toml"));
    let bad = assert_cmd::Command::cargo_bin("rota")
        .expect("binary")
        .args(["generate", "--apps", "0"])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("error: "));
}
