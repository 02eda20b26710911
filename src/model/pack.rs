//! First-fit-decreasing packing of applications into rotas under the load
//! and team-count limits.

/// First-fit decreasing packing of `(item, load, team)` into rotas of capacity
/// `cap` with at most `max_teams` teams each (0: no limit). Bins come out in
/// non-increasing load order. An upper bound on the rotas any subset needs.
pub fn pack(items: &[(usize, f64, usize)], cap: f64, max_teams: usize) -> Vec<Vec<usize>> {
    let mut sorted = items.to_vec();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut bins: Vec<(f64, Vec<usize>, Vec<usize>)> = Vec::new();
    for (item, load, team) in sorted {
        let fits = bins.iter_mut().find(|(l, _, teams)| {
            *l + load <= cap + 1e-9
                && (max_teams == 0 || teams.contains(&team) || teams.len() < max_teams)
        });
        match fits {
            Some((l, members, teams)) => {
                *l += load;
                members.push(item);
                if !teams.contains(&team) {
                    teams.push(team);
                }
            }
            None => bins.push((load, vec![item], vec![team])),
        }
    }
    bins.sort_by(|a, b| b.0.total_cmp(&a.0));
    bins.into_iter().map(|(_, members, _)| members).collect()
}
