//! Packing the items a block takes onto as few rotas as possible: a fast
//! heuristic, and an exact search (with a budget) for "do they fit on `k`?".
//!
//! Loads are the real (f64) loads with the same tolerance as the formulation;
//! a domain rota holds at most `max_teams` teams. Bins and first-fit
//! decreasing are `model::pack`'s, shared with the other packers.

use super::instance::{Block, Instance};
use crate::model::pack::{first_fit_decreasing, Bin, LOAD_TOLERANCE as TOL};

/// The fewest rotas that could hold `items`: load and team-count bounds.
pub fn lower_bound(inst: &Instance, block: &Block, items: &[usize]) -> usize {
    if items.is_empty() {
        return 0;
    }
    let load: f64 = items.iter().map(|&i| inst.items[i].load).sum();
    let by_load = ((load - TOL) / inst.cap).ceil().max(1.0) as usize;
    if block.max_teams == 0 {
        return by_load;
    }
    let mut teams: Vec<usize> = items.iter().map(|&i| inst.items[i].team).collect();
    teams.sort_unstable();
    teams.dedup();
    by_load.max(teams.len().div_ceil(block.max_teams))
}

/// A good packing found quickly: whole teams first-fit and best-fit
/// decreasing, and plain first-fit decreasing, the best of them; then a
/// search for fewer rotas, from the lower bound up, within a budget.
pub fn pack(inst: &Instance, block: &Block, items: &[usize]) -> Vec<Vec<usize>> {
    if items.is_empty() {
        return Vec::new();
    }
    let chunks = team_chunks(inst, block, items);
    let mut best = pack_chunks(inst, block, &chunks, false);
    for cand in [
        pack_chunks(inst, block, &chunks, true),
        pack_fill(inst, block, &chunks),
        pack_by_item(inst, block, items),
    ] {
        if cand.len() < best.len() {
            best = cand;
        }
    }
    let lb = lower_bound(inst, block, items);
    for k in lb..best.len() {
        if let Fit::Yes(p) = fit(inst, block, items, k, 20_000) {
            best = p;
            break;
        }
    }
    best
}

fn finish(bins: Vec<Bin>) -> Vec<Vec<usize>> {
    bins.into_iter()
        .map(|mut b| {
            b.items.sort_unstable();
            b.items
        })
        .collect()
}

/// Plain first-fit decreasing over single items.
fn pack_by_item(inst: &Instance, block: &Block, items: &[usize]) -> Vec<Vec<usize>> {
    let pieces: Vec<(usize, f64, usize)> = items
        .iter()
        .map(|&i| (i, inst.items[i].load, inst.items[i].team))
        .collect();
    finish(first_fit_decreasing(&pieces, inst.cap, block.max_teams))
}

/// Items of one team that go onto a rota together.
#[derive(Debug, Clone)]
struct Chunk {
    load: f64,
    team: usize,
    items: Vec<usize>,
}

/// Heaviest first, then by items.
fn sort_chunks(chunks: &mut [Chunk]) {
    chunks.sort_by(|x, y| y.load.total_cmp(&x.load).then(x.items.cmp(&y.items)));
}

/// A team's items, split first-fit decreasing when over one rota.
fn team_chunks(inst: &Instance, block: &Block, items: &[usize]) -> Vec<Chunk> {
    let mut by_team: Vec<(usize, Vec<usize>)> = Vec::new();
    for &i in items {
        let t = inst.items[i].team;
        match by_team.iter_mut().find(|(x, _)| *x == t) {
            Some((_, v)) => v.push(i),
            None => by_team.push((t, vec![i])),
        }
    }
    let mut chunks: Vec<Chunk> = Vec::new();
    for (t, v) in by_team {
        let single = Block {
            max_teams: 0,
            ..block.clone()
        };
        for c in pack_by_item(inst, &single, &v) {
            let load = c.iter().map(|&i| inst.items[i].load).sum();
            chunks.push(Chunk {
                load,
                team: t,
                items: c,
            });
        }
    }
    sort_chunks(&mut chunks);
    chunks
}

/// Whole chunks, decreasing: first fit, or best fit (the fullest rota with room).
fn pack_chunks(
    inst: &Instance,
    block: &Block,
    chunks: &[Chunk],
    best_fit: bool,
) -> Vec<Vec<usize>> {
    let mut bins: Vec<Bin> = Vec::new();
    for Chunk {
        load,
        team,
        items: c,
    } in chunks
    {
        let fits = |b: &Bin| b.admits(*load, *team, inst.cap, block.max_teams);
        let slot = if best_fit {
            bins.iter()
                .enumerate()
                .filter(|(_, b)| fits(b))
                .max_by(|x, y| x.1.load.total_cmp(&y.1.load).then(y.0.cmp(&x.0)))
                .map(|(k, _)| k)
        } else {
            bins.iter().position(fits)
        };
        let k = match slot {
            Some(k) => k,
            None => {
                bins.push(Bin::default());
                bins.len() - 1
            }
        };
        for &i in c {
            bins[k].put(i, inst.items[i].load, *team);
        }
    }
    finish(bins)
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fit {
    Yes(Vec<Vec<usize>>),
    No,
    Unknown,
}

/// Do `items` fit on `k` rotas? Exact depth-first search with at most
/// `budget` placements tried.
pub fn fit(inst: &Instance, block: &Block, items: &[usize], k: usize, budget: u64) -> Fit {
    if items.is_empty() {
        return Fit::Yes(Vec::new());
    }
    if k == 0 || lower_bound(inst, block, items) > k {
        return Fit::No;
    }
    // Whole teams first: far fewer pieces, and usually enough. When no team
    // is heavier than a rota and no rota place is left over to split one, a
    // complete search over whole teams settles the question.
    let chunks = team_chunks(inst, block, items);
    let mut teams: Vec<usize> = items.iter().map(|&i| inst.items[i].team).collect();
    teams.sort_unstable();
    teams.dedup();
    let whole = chunks.len() == teams.len();
    let spare_places = (k * block.max_teams).saturating_sub(teams.len());
    let first = fit_chunks(inst, block, &chunks, k, budget / 2);
    match first {
        Ok(p) => return Fit::Yes(p),
        Err(true) if block.max_teams > 0 && whole && spare_places == 0 => return Fit::No,
        _ => {}
    }
    // One place to spare: at most one team splits in two. Try each split.
    if block.max_teams > 0 && whole && spare_places == 1 {
        if let Some(settled) = fit_splitting_one(inst, block, &chunks, k, first == Err(true)) {
            return settled;
        }
    }
    fit_by_item(inst, block, items, k, budget)
}

/// Whole chunks on `k` rotas with one team split in two, each split of
/// each team of 2 to 12 items tried. `Some(Fit::Yes)` when one fits,
/// `Some(Fit::No)` when the search was complete (`whole_complete`: so was
/// the one over whole chunks) and none does, `None` when it proves nothing.
fn fit_splitting_one(
    inst: &Instance,
    block: &Block,
    chunks: &[Chunk],
    k: usize,
    whole_complete: bool,
) -> Option<Fit> {
    let mut complete = whole_complete;
    for (c, chunk) in chunks.iter().enumerate() {
        let (team, members) = (chunk.team, &chunk.items);
        if members.len() < 2 || members.len() > 12 {
            complete &= members.len() < 2;
            continue;
        }
        // Splits with the first item in part one (each split once).
        for mask in 0..(1u32 << (members.len() - 1)) {
            let mut one = vec![members[0]];
            let mut two = Vec::new();
            for (x, &i) in members.iter().enumerate().skip(1) {
                if mask & (1 << (x - 1)) != 0 {
                    one.push(i);
                } else {
                    two.push(i);
                }
            }
            if two.is_empty() {
                continue;
            }
            let load = |v: &[usize]| v.iter().map(|&i| inst.items[i].load).sum::<f64>();
            let mut split = chunks.to_vec();
            split[c] = Chunk {
                load: load(&one),
                team,
                items: one.clone(),
            };
            split.push(Chunk {
                load: load(&two),
                team,
                items: two,
            });
            sort_chunks(&mut split);
            match fit_chunks(inst, block, &split, k, 20_000) {
                Ok(p) => return Some(Fit::Yes(p)),
                Err(true) => {}
                Err(false) => complete = false,
            }
        }
    }
    complete.then_some(Fit::No)
}

/// Single items on `k` rotas by exact depth-first search, heaviest first,
/// with at most `budget` placements tried.
fn fit_by_item(inst: &Instance, block: &Block, items: &[usize], k: usize, budget: u64) -> Fit {
    let mut sorted = items.to_vec();
    sorted.sort_by(|&x, &y| {
        inst.items[y]
            .load
            .total_cmp(&inst.items[x].load)
            .then(inst.items[x].team.cmp(&inst.items[y].team))
            .then(x.cmp(&y))
    });
    let mut suffix = vec![0.0; sorted.len() + 1];
    for j in (0..sorted.len()).rev() {
        suffix[j] = suffix[j + 1] + inst.items[sorted[j]].load;
    }
    let mut bins: Vec<Bin> = Vec::new();
    let mut left = budget;
    let mut s = Search {
        inst,
        block,
        sorted: &sorted,
        suffix: &suffix,
        k,
        left: &mut left,
    };
    match s.place(0, &mut bins) {
        Some(true) => Fit::Yes(finish(bins)),
        Some(false) => Fit::No,
        None => Fit::Unknown,
    }
}

struct Search<'a> {
    inst: &'a Instance,
    block: &'a Block,
    sorted: &'a [usize],
    suffix: &'a [f64],
    k: usize,
    left: &'a mut u64,
}

impl Search<'_> {
    /// `Some(true)`: placed (bins hold the packing); `Some(false)`: proven
    /// impossible from here; `None`: budget spent.
    fn place(&mut self, j: usize, bins: &mut Vec<Bin>) -> Option<bool> {
        if j == self.sorted.len() {
            return Some(true);
        }
        if *self.left == 0 {
            return None;
        }
        *self.left -= 1;
        let free: f64 = bins.iter().map(|b| self.inst.cap - b.load).sum::<f64>()
            + (self.k - bins.len()) as f64 * self.inst.cap;
        if self.suffix[j] > free + TOL * self.sorted.len() as f64 {
            return Some(false);
        }
        let i = self.sorted[j];
        let (load, team) = (self.inst.items[i].load, self.inst.items[i].team);
        let mut tried: Vec<(u64, Vec<usize>)> = Vec::new();
        let mut unknown = false;
        for b in 0..bins.len() {
            if !bins[b].admits(load, team, self.inst.cap, self.block.max_teams) {
                continue;
            }
            // Bins alike in load and teams are interchangeable.
            let mut teams = bins[b].teams.clone();
            teams.sort_unstable();
            let key = (bins[b].load.to_bits(), teams);
            if tried.contains(&key) {
                continue;
            }
            tried.push(key);
            let had_team = bins[b].teams.contains(&team);
            bins[b].put(i, load, team);
            match self.place(j + 1, bins) {
                Some(true) => return Some(true),
                None => unknown = true,
                Some(false) => {}
            }
            bins[b].load -= load;
            bins[b].items.pop();
            if !had_team {
                bins[b].teams.pop();
            }
            if unknown {
                return None;
            }
        }
        if bins.len() < self.k {
            let mut nb = Bin::default();
            nb.put(i, load, team);
            bins.push(nb);
            match self.place(j + 1, bins) {
                Some(true) => return Some(true),
                None => unknown = true,
                Some(false) => {}
            }
            bins.pop();
        }
        if unknown {
            None
        } else {
            Some(false)
        }
    }
}

/// Whole chunks onto `k` rotas by bin completion: each rota in turn takes
/// the heaviest chunk left and a set of others, fullest sets first, while the
/// total waste stays within the slack `k * capacity - load`. `Err(true)` when
/// the search was complete and found none (no packing of whole chunks
/// exists), `Err(false)` when the budget ran out.
fn fit_chunks(
    inst: &Instance,
    block: &Block,
    chunks: &[Chunk],
    k: usize,
    budget: u64,
) -> Result<Vec<Vec<usize>>, bool> {
    let total: f64 = chunks.iter().map(|c| c.load).sum();
    let slack = k as f64 * inst.cap - total;
    if slack < -1e-6 {
        return Err(true);
    }
    let mut c = Completion {
        inst,
        block,
        chunks,
        left: budget,
        bins: Vec::new(),
        cut: false,
    };
    let remaining: Vec<usize> = (0..chunks.len()).collect();
    let found = c.complete(&remaining, k, slack);
    if !found && !c.cut {
        return Err(true);
    }
    if found {
        let bins = c
            .bins
            .iter()
            .map(|set| {
                let mut b = Bin::default();
                for &j in set {
                    for &i in &chunks[j].items {
                        b.put(i, inst.items[i].load, chunks[j].team);
                    }
                }
                b
            })
            .collect();
        Ok(finish(bins))
    } else {
        Err(false)
    }
}

/// Fillings tried per rota before the search counts as cut short.
const FILL_NODES: u64 = 50_000;

struct Completion<'a> {
    inst: &'a Instance,
    block: &'a Block,
    chunks: &'a [Chunk],
    left: u64,
    bins: Vec<Vec<usize>>,
    /// The budget ran out somewhere: a failure proves nothing.
    cut: bool,
}

impl Completion<'_> {
    /// Packs `remaining` (indices, heaviest first) on `k` rotas.
    fn complete(&mut self, remaining: &[usize], k: usize, slack: f64) -> bool {
        if remaining.is_empty() {
            return true;
        }
        if k == 0 {
            return false;
        }
        if self.left == 0 {
            self.cut = true;
            return false;
        }
        let mt = self.block.max_teams;
        if mt > 0 {
            let mut teams: Vec<usize> = remaining.iter().map(|&j| self.chunks[j].team).collect();
            teams.sort_unstable();
            teams.dedup();
            if teams.len() > k * mt {
                return false;
            }
        }
        let first = remaining[0];
        let rest = &remaining[1..];
        // Candidate fillings of this rota, fullest first.
        let mut fillings = Fillings {
            inst: self.inst,
            block: self.block,
            chunks: self.chunks,
            rest,
            slack,
            teams: vec![self.chunks[first].team],
            chosen: Vec::new(),
            found: Vec::new(),
            nodes: 0,
        };
        fillings.collect(0, self.chunks[first].load);
        if fillings.nodes > FILL_NODES {
            self.cut = true;
        }
        let mut fills = fillings.found;
        fills.sort_by(|x, y| y.load.total_cmp(&x.load).then(x.set.cmp(&y.set)));
        for Filling { load, set } in fills {
            if self.left == 0 {
                self.cut = true;
                return false;
            }
            self.left -= 1;
            let waste = self.inst.cap - load;
            let mut bin = vec![first];
            bin.extend(set.iter().map(|&x| rest[x]));
            let next: Vec<usize> = rest
                .iter()
                .enumerate()
                .filter(|(x, _)| !set.contains(x))
                .map(|(_, &j)| j)
                .collect();
            self.bins.push(bin);
            if self.complete(&next, k - 1, slack - waste) {
                return true;
            }
            self.bins.pop();
        }
        false
    }
}

/// One way to fill a rota: its load and the chunks that join the first
/// (indices into `rest`).
struct Filling {
    load: f64,
    set: Vec<usize>,
}

/// The search for a rota's fillings in `Completion::complete`: sets of
/// `rest` that join the rota's first chunk and waste no more than `slack`.
struct Fillings<'a> {
    inst: &'a Instance,
    block: &'a Block,
    chunks: &'a [Chunk],
    rest: &'a [usize],
    slack: f64,
    /// Teams on the rota and chunks chosen so far.
    teams: Vec<usize>,
    chosen: Vec<usize>,
    found: Vec<Filling>,
    /// Sets visited (past `FILL_NODES` the search stops).
    nodes: u64,
}

impl Fillings<'_> {
    fn collect(&mut self, from: usize, load: f64) {
        self.nodes += 1;
        if self.inst.cap - load <= self.slack + 1e-6 {
            self.found.push(Filling {
                load,
                set: self.chosen.clone(),
            });
        }
        if self.nodes > FILL_NODES {
            return;
        }
        let mt = self.block.max_teams;
        let mut seen: Vec<(u64, bool)> = Vec::new();
        for x in from..self.rest.len() {
            let chunk = &self.chunks[self.rest[x]];
            let (l, t) = (chunk.load, chunk.team);
            if load + l > self.inst.cap + TOL {
                continue;
            }
            let new_team = !self.teams.contains(&t);
            if new_team && mt > 0 && self.teams.len() >= mt {
                continue;
            }
            // Equal chunks of new teams are interchangeable here.
            let key = (l.to_bits(), new_team);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            if new_team {
                self.teams.push(t);
            }
            self.chosen.push(x);
            self.collect(x + 1, load + l);
            self.chosen.pop();
            if new_team {
                self.teams.pop();
            }
        }
    }
}

/// Minimum slack: each rota takes the heaviest chunk left, then the set of
/// other chunks (as many as the team limit allows) that fills it best.
fn pack_fill(inst: &Instance, block: &Block, chunks: &[Chunk]) -> Vec<Vec<usize>> {
    let mut left: Vec<usize> = (0..chunks.len()).collect();
    let mut bins: Vec<Bin> = Vec::new();
    let depth = if block.max_teams == 0 {
        4
    } else {
        block.max_teams.saturating_sub(1).min(4)
    };
    while let Some(&first) = left.first() {
        let mut bin = Bin::default();
        for &i in &chunks[first].items {
            bin.put(i, inst.items[i].load, chunks[first].team);
        }
        let rest: Vec<usize> = left[1..].to_vec();
        let mut search = Fill {
            inst,
            block,
            chunks,
            rest: &rest,
            chosen: Vec::new(),
            best_load: bin.load,
            best: Vec::new(),
            budget: 5_000,
        };
        search.fill(0, depth, &mut bin.clone());
        let best = search.best;
        for &j in &best {
            let chunk = &chunks[rest[j]];
            for &i in &chunk.items {
                bin.put(i, inst.items[i].load, chunk.team);
            }
        }
        let used: Vec<usize> = best.iter().map(|&j| rest[j]).collect();
        left = left[1..]
            .iter()
            .copied()
            .filter(|x| !used.contains(x))
            .collect();
        bins.push(bin);
        // Top up with whatever still fits, first fit.
        let mut k = 0;
        while k < left.len() {
            let chunk = &chunks[left[k]];
            let last = bins.len() - 1;
            if bins[last].admits(chunk.load, chunk.team, inst.cap, block.max_teams) {
                for &i in &chunk.items {
                    bins[last].put(i, inst.items[i].load, chunk.team);
                }
                left.remove(k);
            } else {
                k += 1;
            }
        }
    }
    finish(bins)
}

/// The search for the fullest filling of one rota in `pack_fill`: up to
/// `depth` more chunks of `rest`, within a budget of chunks tried.
struct Fill<'a> {
    inst: &'a Instance,
    block: &'a Block,
    chunks: &'a [Chunk],
    rest: &'a [usize],
    chosen: Vec<usize>,
    /// The fullest load found and the chunks (indices into `rest`) behind it.
    best_load: f64,
    best: Vec<usize>,
    budget: u64,
}

impl Fill<'_> {
    fn fill(&mut self, from: usize, depth: usize, bin: &mut Bin) {
        if bin.load > self.best_load + 1e-9 {
            self.best_load = bin.load;
            self.best = self.chosen.clone();
        }
        if depth == 0 || self.budget == 0 || self.best_load >= self.inst.cap - 1e-9 {
            return;
        }
        for j in from..self.rest.len() {
            self.budget = self.budget.saturating_sub(1);
            if self.budget == 0 {
                return;
            }
            let chunk = &self.chunks[self.rest[j]];
            let (l, t) = (chunk.load, chunk.team);
            if !bin.admits(l, t, self.inst.cap, self.block.max_teams) {
                continue;
            }
            let saved = bin.clone();
            bin.load += l;
            if !bin.teams.contains(&t) {
                bin.teams.push(t);
            }
            self.chosen.push(j);
            self.fill(j + 1, depth - 1, bin);
            self.chosen.pop();
            *bin = saved;
        }
    }
}

/// Do `items` fit on `k` rotas? An exact search that scales where
/// `fit`'s item-by-item search does not: items of one team and one load are
/// interchangeable (a kind), so the search places counts of kinds, never
/// single items; each rota in turn takes the heaviest item left and one of
/// its *maximal* fillings (no item left over would still fit: moving such an
/// item onto it from another rota never hurts), fullest first, within the
/// slack `k * capacity - load`; states (what is left, as a multiset of teams'
/// multisets, so teams alike are one) that failed are remembered; and load,
/// team-place and Martello–Toth L2 bounds prune. `Fit::Unknown` only when
/// more than `budget` fillings and states were visited.
pub fn fit_exact(inst: &Instance, block: &Block, items: &[usize], k: usize, budget: u64) -> Fit {
    if items.is_empty() {
        return Fit::Yes(Vec::new());
    }
    if k == 0 || lower_bound(inst, block, items) > k {
        return Fit::No;
    }
    let mut e = Exact::new(inst, block, items, budget);
    let mut counts: Vec<u32> = e.kinds.iter().map(|x| x.items.len() as u32).collect();
    let total: f64 = items.iter().map(|&i| inst.items[i].load).sum();
    let slack = k as f64 * inst.cap - total;
    match e.solve(&mut counts, k, slack) {
        Some(true) => Fit::Yes(e.packing()),
        Some(false) => Fit::No,
        None => Fit::Unknown,
    }
}

/// Items of one team and one load.
struct Kind {
    load: f64,
    /// The team's index among the block's teams here (0, 1, ...).
    team: usize,
    items: Vec<usize>,
}

/// Slack in the load sums of the exact search (sums of up to a few hundred
/// loads).
const EXACT_TOL: f64 = 1e-6;

/// Failed states `fit_exact` remembers at most (a memory cap, a few tens
/// of megabytes for blocks of a hundred items: past it, new ones are
/// searched again when met).
const MEMO_STATES: usize = 1 << 16;

/// The state of `fit_exact`'s search.
struct Exact {
    /// Heaviest first, then by team.
    kinds: Vec<Kind>,
    teams: usize,
    cap: f64,
    max_teams: usize,
    /// Visits left before the search gives up.
    left: u64,
    /// States (canonical keys) that do not fit on this many rotas (the most
    /// tried).
    failed: std::collections::HashMap<Vec<u64>, usize>,
    /// The rotas filled so far: (kind, count) each.
    bins: Vec<Vec<(usize, u32)>>,
}

/// One way to fill a rota: (kind, count) pairs, its load, and the key of
/// the state it leaves.
struct KindFilling {
    take: Vec<(usize, u32)>,
    load: f64,
    /// Team places the state it leaves needs (`Exact::places`).
    places: usize,
    key: Vec<u64>,
}

impl Exact {
    fn new(inst: &Instance, block: &Block, items: &[usize], budget: u64) -> Exact {
        let mut sorted = items.to_vec();
        sorted.sort_by(|&x, &y| {
            let (a, b) = (&inst.items[x], &inst.items[y]);
            b.load
                .total_cmp(&a.load)
                .then(a.team.cmp(&b.team))
                .then(x.cmp(&y))
        });
        let mut team_ids: Vec<usize> = Vec::new();
        let mut kinds: Vec<Kind> = Vec::new();
        for i in sorted {
            let (load, team) = (inst.items[i].load, inst.items[i].team);
            let t = match team_ids.iter().position(|&x| x == team) {
                Some(t) => t,
                None => {
                    team_ids.push(team);
                    team_ids.len() - 1
                }
            };
            match kinds.last_mut() {
                Some(last) if last.team == t && last.load.to_bits() == load.to_bits() => {
                    last.items.push(i);
                }
                _ => kinds.push(Kind {
                    load,
                    team: t,
                    items: vec![i],
                }),
            }
        }
        Exact {
            kinds,
            teams: team_ids.len(),
            cap: inst.cap,
            max_teams: block.max_teams,
            left: budget,
            failed: std::collections::HashMap::new(),
            bins: Vec::new(),
        }
    }

    /// What is left, the same for any renaming of teams: each team's
    /// (load, count) list, the lists sorted.
    fn key(&self, counts: &[u32]) -> Vec<u64> {
        let mut per_team: Vec<Vec<u64>> = vec![Vec::new(); self.teams];
        for (x, kind) in self.kinds.iter().enumerate() {
            if counts[x] > 0 {
                per_team[kind.team].push(kind.load.to_bits());
                per_team[kind.team].push(u64::from(counts[x]));
            }
        }
        per_team.retain(|v| !v.is_empty());
        per_team.sort_unstable();
        let mut key = Vec::new();
        for v in per_team {
            key.push(v.len() as u64);
            key.extend(v);
        }
        key
    }

    /// The team places what is left needs at least: a team of load `L`
    /// (any left) `ceil(L / cap)` of them.
    fn places(&self, counts: &[u32]) -> usize {
        let mut per_team = vec![0.0; self.teams];
        for (x, kind) in self.kinds.iter().enumerate() {
            per_team[kind.team] += f64::from(counts[x]) * kind.load;
        }
        let mut any = vec![false; self.teams];
        for (x, kind) in self.kinds.iter().enumerate() {
            any[kind.team] |= counts[x] > 0;
        }
        per_team
            .iter()
            .zip(&any)
            .filter(|(_, &a)| a)
            .map(|(&l, _)| ((l - EXACT_TOL) / self.cap).ceil().max(1.0) as usize)
            .sum()
    }

    /// Whether what is left could fit on `k` rotas by the cheap bounds:
    /// team places (a team of load `L` needs `ceil(L / cap)` of them) and
    /// Martello and Toth's L2.
    fn may_fit(&self, counts: &[u32], k: usize) -> bool {
        let cap = self.cap;
        if self.max_teams > 0 && self.places(counts) > k * self.max_teams {
            return false;
        }
        // L2: for a threshold `a` (0 or an item's load up to half a rota),
        // items over `cap - a` and those over half a rota each need their
        // own rota; those from `a` to half a rota fill the room the latter
        // leave, and the rest need more rotas.
        let left: Vec<(f64, u32)> = self
            .kinds
            .iter()
            .zip(counts)
            .filter(|(_, &c)| c > 0)
            .map(|(kind, &c)| (kind.load, c))
            .collect();
        let mut thresholds: Vec<f64> = vec![0.0];
        thresholds.extend(
            left.iter()
                .map(|x| x.0)
                .filter(|&l| l <= cap / 2.0 + EXACT_TOL),
        );
        thresholds.dedup_by(|a, b| a.to_bits() == b.to_bits());
        for a in thresholds {
            let (mut big, mut mid, mut mid_load, mut small_load) = (0u64, 0u64, 0.0, 0.0);
            for &(l, c) in &left {
                if l > cap - a + EXACT_TOL {
                    big += u64::from(c);
                } else if l > cap / 2.0 + EXACT_TOL {
                    mid += u64::from(c);
                    mid_load += f64::from(c) * l;
                } else if l >= a {
                    small_load += f64::from(c) * l;
                }
            }
            let room = mid as f64 * cap - mid_load;
            let extra = ((small_load - room - EXACT_TOL) / cap).ceil().max(0.0) as u64;
            if big + mid + extra > k as u64 {
                return false;
            }
        }
        true
    }

    /// Packs what `counts` leaves on `k` rotas with total waste at most
    /// `slack`. `None` when the budget ran out.
    fn solve(&mut self, counts: &mut [u32], k: usize, slack: f64) -> Option<bool> {
        let Some(first) = counts.iter().position(|&c| c > 0) else {
            return Some(true);
        };
        if k == 0 || slack < -EXACT_TOL {
            return Some(false);
        }
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        if !self.may_fit(counts, k) {
            return Some(false);
        }
        let key = self.key(counts);
        if self.failed.get(&key).is_some_and(|&tried| tried >= k) {
            return Some(false);
        }
        let fillings = self.fillings(counts, first, slack)?;
        for f in fillings {
            for &(x, c) in &f.take {
                counts[x] -= c;
            }
            self.bins.push(f.take.clone());
            let r = self.solve(counts, k - 1, slack - (self.cap - f.load));
            if r == Some(true) {
                return r;
            }
            self.bins.pop();
            for &(x, c) in &f.take {
                counts[x] += c;
            }
            r?;
        }
        if self.failed.len() < MEMO_STATES || self.failed.contains_key(&key) {
            let tried = self.failed.entry(key).or_insert(0);
            *tried = (*tried).max(k);
        }
        Some(false)
    }

    /// The maximal fillings of a rota that holds an item of kind `first`,
    /// wasting at most `slack`, each leaving a different state, fullest
    /// first. `None` when the budget ran out.
    fn fillings(&mut self, counts: &[u32], first: usize, slack: f64) -> Option<Vec<KindFilling>> {
        let mut reach = vec![0.0; self.kinds.len() + 1];
        for x in (0..self.kinds.len()).rev() {
            reach[x] = reach[x + 1] + f64::from(counts[x]) * self.kinds[x].load;
        }
        let mut walk = FillWalk {
            counts,
            reach: &reach,
            need: self.cap - slack - EXACT_TOL,
            chosen: vec![0; self.kinds.len()],
            teams: Vec::new(),
            found: Vec::new(),
        };
        walk.go(self, first, first, 0.0)?;
        let mut found: Vec<KindFilling> = Vec::new();
        for (take, load) in walk.found {
            let mut next = counts.to_vec();
            for &(x, c) in &take {
                next[x] -= c;
            }
            let key = self.key(&next);
            let places = self.places(&next);
            found.push(KindFilling {
                take,
                load,
                places,
                key,
            });
        }
        found.sort_by(|a, b| {
            b.load
                .total_cmp(&a.load)
                .then(a.places.cmp(&b.places))
                .then(a.key.cmp(&b.key))
        });
        found.dedup_by(|a, b| a.key == b.key);
        Some(found)
    }

    /// The rotas found, as items.
    fn packing(&self) -> Vec<Vec<usize>> {
        let mut pools: Vec<Vec<usize>> = self.kinds.iter().map(|x| x.items.clone()).collect();
        for pool in &mut pools {
            pool.reverse();
        }
        let bins = self
            .bins
            .iter()
            .map(|take| {
                let mut b = Bin::default();
                for &(x, c) in take {
                    for _ in 0..c {
                        if let Some(i) = pools[x].pop() {
                            b.put(i, self.kinds[x].load, self.kinds[x].team);
                        }
                    }
                }
                b
            })
            .collect();
        finish(bins)
    }
}

/// The walk over kinds that lists a rota's maximal fillings.
struct FillWalk<'a> {
    counts: &'a [u32],
    /// Load of every item left from kind `x` on.
    reach: &'a [f64],
    /// Least load a filling must reach (capacity less the slack).
    need: f64,
    chosen: Vec<u32>,
    teams: Vec<usize>,
    /// (kind, count) pairs and load of each filling found.
    found: Vec<(Vec<(usize, u32)>, f64)>,
}

impl FillWalk<'_> {
    fn go(&mut self, e: &mut Exact, first: usize, x: usize, load: f64) -> Option<()> {
        if e.left == 0 {
            return None;
        }
        e.left -= 1;
        if load + self.reach[x] < self.need {
            return Some(());
        }
        if x == e.kinds.len() {
            if self.maximal(e, load) {
                let take = (0..e.kinds.len())
                    .filter(|&y| self.chosen[y] > 0)
                    .map(|y| (y, self.chosen[y]))
                    .collect();
                self.found.push((take, load));
            }
            return Some(());
        }
        let kind = &e.kinds[x];
        let (l, t) = (kind.load, kind.team);
        let new_team = !self.teams.contains(&t);
        let room = ((e.cap - load + TOL) / l).floor().max(0.0) as u32;
        let mut most = self.counts[x].min(room);
        while most > 0 && load + f64::from(most) * l > e.cap + TOL {
            most -= 1;
        }
        if new_team && e.max_teams > 0 && self.teams.len() >= e.max_teams {
            most = 0;
        }
        let least = u32::from(x == first);
        if least > most {
            return Some(());
        }
        for c in (least..=most).rev() {
            self.chosen[x] = c;
            let joins = c > 0 && new_team;
            if joins {
                self.teams.push(t);
            }
            let r = self.go(e, first, x + 1, load + f64::from(c) * l);
            if joins {
                self.teams.pop();
            }
            self.chosen[x] = 0;
            r?;
        }
        Some(())
    }

    /// No item left over fits on the rota as well.
    fn maximal(&self, e: &Exact, load: f64) -> bool {
        e.kinds.iter().enumerate().all(|(x, kind)| {
            self.counts[x] <= self.chosen[x]
                || load + kind.load > e.cap + TOL
                || (e.max_teams > 0
                    && self.teams.len() >= e.max_teams
                    && !self.teams.contains(&kind.team))
        })
    }
}

#[cfg(test)]
mod tests_support {
    use super::super::instance::Item;
    use super::*;
    use crate::model::Cover;

    /// An instance of one domain block holding `items` as (load, team).
    pub fn instance(items: &[(f64, usize)], cap: f64, max_teams: usize) -> Instance {
        let items: Vec<Item> = items
            .iter()
            .enumerate()
            .map(|(i, &(load, team))| Item {
                app: i,
                team,
                load,
                units: (load * 2.0) as u32,
                none: None,
                blocks: vec![(0, 1.0)],
            })
            .collect();
        Instance {
            blocks: vec![Block {
                cover: Cover::DomainRota,
                key: 0,
                standby: 1.0,
                max_teams,
                items: (0..items.len()).collect(),
            }],
            items,
            cap,
            cap_units: (cap * 2.0) as u32,
            quantum: 2.0,
            fixed_none: Vec::new(),
            fixed_cost: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::instance;
    use super::*;

    /// Does some assignment of the items to `k` rotas keep every rota
    /// within the load and team limits? Every assignment tried.
    fn brute_fits(inst: &Instance, k: usize) -> bool {
        let n = inst.items.len();
        let mut code = vec![0usize; n];
        loop {
            let mut bins = vec![Bin::default(); k];
            let ok = (0..n).all(|i| {
                let it = &inst.items[i];
                let b = &mut bins[code[i]];
                let fits = b.admits(it.load, it.team, inst.cap, inst.blocks[0].max_teams);
                b.put(i, it.load, it.team);
                fits
            });
            if ok {
                return true;
            }
            let Some(x) = (0..n).find(|&x| code[x] + 1 < k) else {
                return false;
            };
            for c in code.iter_mut().take(x) {
                *c = 0;
            }
            code[x] += 1;
        }
    }

    /// Each item on exactly one rota, and every rota within the limits.
    fn assert_valid(inst: &Instance, packing: &[Vec<usize>], k: usize, label: &str) {
        assert!(packing.len() <= k, "{label}: {} rotas", packing.len());
        let mut seen: Vec<usize> = packing.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..inst.items.len()).collect::<Vec<_>>(), "{label}");
        for rota in packing {
            let mut b = Bin::default();
            for &i in rota {
                let it = &inst.items[i];
                assert!(
                    b.admits(it.load, it.team, inst.cap, inst.blocks[0].max_teams),
                    "{label}: rota {rota:?} over its limits"
                );
                b.put(i, it.load, it.team);
            }
        }
    }

    /// A small deterministic stream (an LCG) for random instances.
    struct Stream(u64);

    impl Stream {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    #[test]
    fn exact_packing_matches_every_assignment_on_small_sets() {
        let mut s = Stream(7);
        let loads = [0.5, 1.0, 1.5, 2.0, 3.0];
        let mut answers = [0usize; 2];
        for case in 0..400 {
            let n = 2 + s.below(7) as usize;
            let teams = 1 + s.below(5) as usize;
            let items: Vec<(f64, usize)> = (0..n)
                .map(|_| {
                    (
                        loads[s.below(loads.len() as u64) as usize],
                        s.below(teams as u64) as usize,
                    )
                })
                .collect();
            let cap = [3.0, 4.0, 4.5][s.below(3) as usize];
            let max_teams = s.below(4) as usize;
            let inst = instance(&items, cap, max_teams);
            let all: Vec<usize> = (0..n).collect();
            for k in 1..=3 {
                let label = format!("case {case} {items:?} cap {cap} teams {max_teams} k {k}");
                let truth = brute_fits(&inst, k);
                match fit_exact(&inst, &inst.blocks[0], &all, k, 1_000_000) {
                    Fit::Yes(p) => {
                        assert!(truth, "{label}: packed {p:?} where none exists");
                        assert_valid(&inst, &p, k, &label);
                        answers[1] += 1;
                    }
                    Fit::No => {
                        assert!(!truth, "{label}: said no");
                        answers[0] += 1;
                    }
                    Fit::Unknown => panic!("{label}: undecided"),
                }
            }
        }
        // Both answers came up often enough to mean something.
        assert!(answers.iter().all(|&a| a > 100), "{answers:?}");
    }

    /// The block that `rota generate --shape random --apps 39 --seed 162`
    /// left undecided (issue #10): 20 items of 10 teams, 24 load, on 6 rotas
    /// of 4 with two teams each. The item-by-item search spends its budget;
    /// the exact one decides, and finds the packing on one rota more.
    #[test]
    fn exact_packing_decides_the_block_the_budget_left_open() {
        let items = [
            (0.5, 2),
            (1.0, 2),
            (2.0, 2),
            (1.0, 3),
            (1.0, 4),
            (1.5, 4),
            (1.0, 4),
            (1.0, 6),
            (1.5, 8),
            (1.0, 9),
            (1.0, 9),
            (1.0, 9),
            (1.0, 9),
            (1.0, 10),
            (1.5, 12),
            (1.0, 13),
            (2.0, 13),
            (2.0, 13),
            (1.0, 14),
            (1.0, 14),
        ];
        let inst = instance(&items, 4.0, 2);
        let all: Vec<usize> = (0..items.len()).collect();
        assert_eq!(fit(&inst, &inst.blocks[0], &all, 6, 200_000), Fit::Unknown);
        assert_eq!(fit_exact(&inst, &inst.blocks[0], &all, 6, 200_000), Fit::No);
        match fit_exact(&inst, &inst.blocks[0], &all, 7, 200_000) {
            Fit::Yes(p) => assert_valid(&inst, &p, 7, "7 rotas"),
            other => panic!("7 rotas: {other:?}"),
        }
    }
}
