//! Packing applications into rotas under the load and team-count limits: the
//! one `Bin` type and first-fit decreasing, which every packer builds on.
//!
//! `pack` serves the formulation's copy bounds, the baseline and the
//! operations policy, with bins in non-increasing load order. The dedicated
//! solver's packer (`solve::decompose::pack`) uses the same `Bin` and the
//! same first fit for single items, and adds what needs its instance and a
//! budget: whole-team heuristics and an exact search. It reports each bin's
//! items sorted and keeps the bins in the order they were opened, so its
//! results are not reordered by load as `pack`'s are.

/// Loads within this of the capacity still fit.
pub const LOAD_TOLERANCE: f64 = 1e-9;

/// One rota being filled: its load, the teams on it (in the order they
/// came) and its items (in the order they were put).
#[derive(Debug, Clone, Default)]
pub struct Bin {
    pub load: f64,
    pub teams: Vec<usize>,
    pub items: Vec<usize>,
}

impl Bin {
    /// Whether an item of `load` from `team` fits: within `cap` (plus the
    /// tolerance) and, unless `max_teams` is 0, within the team count.
    pub fn admits(&self, load: f64, team: usize, cap: f64, max_teams: usize) -> bool {
        self.load + load <= cap + LOAD_TOLERANCE
            && (max_teams == 0 || self.teams.len() < max_teams || self.teams.contains(&team))
    }

    pub fn put(&mut self, item: usize, load: f64, team: usize) {
        self.load += load;
        self.items.push(item);
        if !self.teams.contains(&team) {
            self.teams.push(team);
        }
    }
}

/// First-fit decreasing of `(item, load, team)` into rotas of capacity `cap`
/// with at most `max_teams` teams each (0: no limit): heaviest first (then
/// by item), each into the first bin that admits it. Bins in the order they
/// were opened.
pub fn first_fit_decreasing(items: &[(usize, f64, usize)], cap: f64, max_teams: usize) -> Vec<Bin> {
    let mut sorted = items.to_vec();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut bins: Vec<Bin> = Vec::new();
    for (item, load, team) in sorted {
        match bins
            .iter_mut()
            .find(|b| b.admits(load, team, cap, max_teams))
        {
            Some(b) => b.put(item, load, team),
            None => {
                let mut b = Bin::default();
                b.put(item, load, team);
                bins.push(b);
            }
        }
    }
    bins
}

/// First-fit decreasing packing of `(item, load, team)` into rotas of capacity
/// `cap` with at most `max_teams` teams each (0: no limit). Bins come out in
/// non-increasing load order. An upper bound on the rotas any subset needs.
pub fn pack(items: &[(usize, f64, usize)], cap: f64, max_teams: usize) -> Vec<Vec<usize>> {
    let mut bins = first_fit_decreasing(items, cap, max_teams);
    bins.sort_by(|a, b| b.load.total_cmp(&a.load));
    bins.into_iter().map(|b| b.items).collect()
}
