//! The random scenario generator the cross-checks rely on gives valid,
//! varied organisations.

#[test]
fn random_scenarios_are_valid_and_vary() {
    let mut sizes = std::collections::BTreeSet::new();
    for seed in 0..50 {
        let l = crate::common::random_scenario(seed, 6);
        sizes.insert(l.model.applications.len());
    }
    assert!(sizes.len() >= 4, "sizes {sizes:?}");
}
