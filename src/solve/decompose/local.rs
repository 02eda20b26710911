//! Assignments found fast: built from the relaxation's choices, then improved
//! by local search (move an item to another option, open a rota, dissolve a
//! rota, repack a block). Every assignment here satisfies the rules; its cost
//! is exact.

use super::instance::{Choice, Instance};
use super::pack;
use super::relax::{is_allowed, Allowed, Relaxation};
use crate::deadline::Deadline;
use crate::model::Cover;
use crate::numbers::tolerance_at;

/// Load slack: a rota holds loads up to `cap + TOL` (as in `pack`).
const TOL: f64 = 1e-9;

/// One staffed rota of an assignment, kept up to date as local search moves
/// items on and off it.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffedRota {
    pub items: Vec<usize>,
    pub load: f64,
    /// (team, items of it on this rota)
    pub teams: Vec<(usize, usize)>,
}

impl StaffedRota {
    fn admits(&self, inst: &Instance, max_teams: usize, i: usize) -> bool {
        let it = &inst.items[i];
        self.load + it.load <= inst.cap + TOL
            && (max_teams == 0
                || self.teams.len() < max_teams
                || self.teams.iter().any(|t| t.0 == it.team))
    }

    fn add(&mut self, inst: &Instance, i: usize) {
        let it = &inst.items[i];
        self.items.push(i);
        self.load += it.load;
        match self.teams.iter_mut().find(|t| t.0 == it.team) {
            Some(t) => t.1 += 1,
            None => self.teams.push((it.team, 1)),
        }
    }

    fn remove(&mut self, inst: &Instance, i: usize) {
        let it = &inst.items[i];
        if let Some(p) = self.items.iter().position(|&x| x == i) {
            self.items.swap_remove(p);
            self.load -= it.load;
            if let Some(t) = self.teams.iter().position(|t| t.0 == it.team) {
                self.teams[t].1 -= 1;
                if self.teams[t].1 == 0 {
                    self.teams.swap_remove(t);
                }
            }
        }
        if self.items.is_empty() {
            self.load = 0.0;
        }
    }

    fn of(inst: &Instance, items: &[usize]) -> StaffedRota {
        let mut b = StaffedRota {
            items: Vec::new(),
            load: 0.0,
            teams: Vec::new(),
        };
        for &i in items {
            b.add(inst, i);
        }
        b
    }
}

/// A complete assignment of the instance's items: each item's choice and
/// each block's staffed rotas.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub choice: Vec<Choice>,
    /// Per block: its staffed rotas.
    pub rotas: Vec<Vec<StaffedRota>>,
    /// Per item: (block, index in its rotas) when on a rota.
    pub at: Vec<Option<(usize, usize)>>,
}

impl Assignment {
    pub fn cost(&self, inst: &Instance) -> f64 {
        let items: f64 = self
            .choice
            .iter()
            .enumerate()
            .map(|(i, &c)| inst.items[i].cost(c).unwrap_or(f64::INFINITY))
            .sum();
        let standby: f64 = self
            .rotas
            .iter()
            .enumerate()
            .map(|(b, rotas)| rotas.len() as f64 * inst.blocks[b].standby)
            .sum();
        inst.fixed_cost + items + standby
    }

    /// Builds an assignment from a choice per item (each must be an option of it).
    pub fn from_choices(inst: &Instance, choice: Vec<Choice>) -> Assignment {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); inst.blocks.len()];
        for (i, c) in choice.iter().enumerate() {
            if let Choice::Block(b) = c {
                members[*b].push(i);
            }
        }
        let packings = members
            .iter()
            .enumerate()
            .map(|(b, m)| pack::pack(inst, &inst.blocks[b], m))
            .collect();
        Assignment::from_packings(inst, choice, packings)
    }

    /// An assignment from a choice per item and each block's rotas (which must
    /// hold exactly the items choosing that block).
    pub fn from_packings(
        inst: &Instance,
        choice: Vec<Choice>,
        packings: Vec<Vec<Vec<usize>>>,
    ) -> Assignment {
        let mut l = Assignment {
            choice,
            rotas: vec![Vec::new(); inst.blocks.len()],
            at: vec![None; inst.items.len()],
        };
        for (b, p) in packings.into_iter().enumerate() {
            l.set_block(inst, b, p);
        }
        l
    }

    fn set_block(&mut self, inst: &Instance, b: usize, packing: Vec<Vec<usize>>) {
        self.rotas[b] = packing.iter().map(|p| StaffedRota::of(inst, p)).collect();
        for (k, p) in packing.iter().enumerate() {
            for &i in p {
                self.at[i] = Some((b, k));
            }
        }
    }

    /// Checks every rule; used in tests and debug builds.
    pub fn valid(&self, inst: &Instance) -> bool {
        for (i, c) in self.choice.iter().enumerate() {
            if inst.items[i].cost(*c).is_none() {
                return false;
            }
            let on: Vec<(usize, usize)> = self
                .rotas
                .iter()
                .enumerate()
                .flat_map(|(b, rotas)| {
                    rotas
                        .iter()
                        .enumerate()
                        .filter(move |(_, rota)| rota.items.contains(&i))
                        .map(move |(k, _)| (b, k))
                })
                .collect();
            match c {
                Choice::None if !on.is_empty() => return false,
                Choice::Block(b) if on.len() != 1 || on[0].0 != *b => return false,
                _ => {}
            }
        }
        self.rotas.iter().enumerate().all(|(b, rotas)| {
            rotas.iter().all(|rota| {
                let load: f64 = rota.items.iter().map(|&i| inst.items[i].load).sum();
                let mut teams: Vec<usize> =
                    rota.items.iter().map(|&i| inst.items[i].team).collect();
                teams.sort_unstable();
                teams.dedup();
                let k = inst.blocks[b].max_teams;
                !rota.items.is_empty()
                    && load <= inst.cap + 1e-6
                    && (k == 0 || teams.len() <= k)
                    && (inst.blocks[b].cover != Cover::TeamRota || teams == [inst.blocks[b].key])
            })
        })
    }
}

/// An assignment from the relaxation's choices at a node: each item takes the
/// block that took it (the cheapest, if several did), else no cover where
/// allowed, else its cheapest allowed block.
pub fn from_relaxation(
    inst: &Instance,
    allowed: &Allowed,
    eval: &Relaxation,
    y: &[f64],
) -> Assignment {
    let mut takers: Vec<Vec<usize>> = vec![Vec::new(); inst.items.len()];
    for (b, part) in eval.blocks.iter().enumerate() {
        for &i in &part.taken {
            takers[i].push(b);
        }
    }
    let choice = (0..inst.items.len())
        .map(|i| {
            let it = &inst.items[i];
            let cheapest = |cands: &mut dyn Iterator<Item = usize>| {
                cands
                    .filter(|&b| is_allowed(inst, allowed, i, Choice::Block(b)))
                    .filter_map(|b| it.cost(Choice::Block(b)).map(|c| (b, c)))
                    .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)))
                    .map(|(b, _)| Choice::Block(b))
            };
            let none_ok = is_allowed(inst, allowed, i, Choice::None);
            let prefers_none = it.none.is_some_and(|n| y[i] >= n);
            if let Some(c) = cheapest(&mut takers[i].iter().copied()) {
                if !(none_ok && prefers_none && takers[i].len() > 1) {
                    return c;
                }
            }
            if none_ok {
                return Choice::None;
            }
            cheapest(&mut it.blocks.iter().map(|x| x.0))
                .or_else(|| it.blocks.first().map(|x| Choice::Block(x.0)))
                .unwrap_or(Choice::None)
        })
        .collect();
    Assignment::from_choices(inst, choice)
}

/// Improves `l` in place by local search until no move helps, staying within
/// `allowed`, or until `deadline` passes (a time limit or Ctrl-C: on a
/// large organisation a round takes seconds). Returns its cost.
pub fn improve(
    inst: &Instance,
    allowed: &Allowed,
    l: &mut Assignment,
    rounds: usize,
    deadline: Deadline,
) -> f64 {
    for _ in 0..rounds {
        if deadline.passed() {
            break;
        }
        let mut better = false;
        better |= relocate_pass(inst, allowed, l);
        better |= open_pass(inst, allowed, l, deadline);
        better |= dissolve_pass(inst, allowed, l);
        better |= repack_pass(inst, l);
        if !better {
            break;
        }
    }
    l.cost(inst)
}

/// Where item `i` could go in block `b`: an existing rota with room, or a new one.
fn slot_in(inst: &Instance, l: &Assignment, b: usize, i: usize) -> Option<usize> {
    let k = inst.blocks[b].max_teams;
    l.rotas[b].iter().position(|rota| rota.admits(inst, k, i))
}

/// Standby saved by taking `i` off its rota (a rota left empty is dropped).
fn removal_saving(inst: &Instance, l: &Assignment, i: usize) -> f64 {
    match l.at[i] {
        Some((b, k)) if l.rotas[b][k].items.len() == 1 => inst.blocks[b].standby,
        _ => 0.0,
    }
}

fn take_off(inst: &Instance, l: &mut Assignment, i: usize) {
    if let Some((b, k)) = l.at[i] {
        l.rotas[b][k].remove(inst, i);
        l.at[i] = None;
        if l.rotas[b][k].items.is_empty() {
            l.rotas[b].swap_remove(k);
            if k < l.rotas[b].len() {
                for &j in &l.rotas[b][k].items {
                    l.at[j] = Some((b, k));
                }
            }
        }
    }
}

fn put_on(inst: &Instance, l: &mut Assignment, i: usize, c: Choice) {
    l.choice[i] = c;
    if let Choice::Block(b) = c {
        let k = match slot_in(inst, l, b, i) {
            Some(k) => k,
            None => {
                l.rotas[b].push(StaffedRota {
                    items: Vec::new(),
                    load: 0.0,
                    teams: Vec::new(),
                });
                l.rotas[b].len() - 1
            }
        };
        l.rotas[b][k].add(inst, i);
        l.at[i] = Some((b, k));
    }
}

/// Cost of putting `i` (already off its rota) under `c`, standby included.
fn insertion_cost(inst: &Instance, l: &Assignment, i: usize, c: Choice) -> Option<f64> {
    let cost = inst.items[i].cost(c)?;
    Some(match c {
        Choice::None => cost,
        Choice::Block(b) => {
            cost + if slot_in(inst, l, b, i).is_some() {
                0.0
            } else {
                inst.blocks[b].standby
            }
        }
    })
}

fn options_of(inst: &Instance, allowed: &Allowed, i: usize) -> Vec<Choice> {
    let it = &inst.items[i];
    (0..it.n_options())
        .map(|k| it.choice(k))
        .filter(|&c| is_allowed(inst, allowed, i, c))
        .collect()
}

fn relocate_pass(inst: &Instance, allowed: &Allowed, l: &mut Assignment) -> bool {
    let mut better = false;
    for i in 0..inst.items.len() {
        let cur = l.choice[i];
        let Some(cur_cost) = inst.items[i].cost(cur) else {
            continue;
        };
        let keep = cur_cost - removal_saving(inst, l, i);
        let mut best: Option<(f64, Choice)> = None;
        for c in options_of(inst, allowed, i) {
            if c == cur {
                continue;
            }
            if let Some(v) = insertion_cost(inst, l, i, c) {
                if v < keep - 1e-9 && best.is_none_or(|b| v < b.0) {
                    best = Some((v, c));
                }
            }
        }
        if let Some((_, c)) = best {
            take_off(inst, l, i);
            put_on(inst, l, i, c);
            better = true;
        }
    }
    better
}

/// Tries to empty each rota: its items go to their best other placement.
fn dissolve_pass(inst: &Instance, allowed: &Allowed, l: &mut Assignment) -> bool {
    let mut better = false;
    for b in 0..inst.blocks.len() {
        // Backwards: a rota taken away is replaced by the last one, already tried.
        let mut k = l.rotas[b].len();
        while k > 0 {
            k -= 1;
            if k < l.rotas[b].len() {
                better |= try_dissolve(inst, allowed, l, b, k);
            }
        }
    }
    better
}

fn try_dissolve(
    inst: &Instance,
    allowed: &Allowed,
    l: &mut Assignment,
    b: usize,
    k: usize,
) -> bool {
    let items = l.rotas[b][k].items.clone();
    // Take the rota away, then place each item at its cheapest elsewhere.
    let mut delta = -inst.blocks[b].standby;
    for &i in &items {
        delta -= inst.items[i].cost(Choice::Block(b)).unwrap_or(0.0);
        take_off(inst, l, i);
    }
    for &i in &items {
        let mut best: Option<(f64, Choice)> = None;
        for c in options_of(inst, allowed, i) {
            if let Some(v) = insertion_cost(inst, l, i, c) {
                if best.is_none_or(|x| v < x.0) {
                    best = Some((v, c));
                }
            }
        }
        let (v, c) = best.unwrap_or((0.0, Choice::Block(b)));
        delta += v;
        put_on(inst, l, i, c);
    }
    if delta < -1e-9 {
        return true;
    }
    // Undo: the items go back onto one rota of their own.
    for &i in &items {
        take_off(inst, l, i);
    }
    l.rotas[b].push(StaffedRota::of(inst, &items));
    let k = l.rotas[b].len() - 1;
    for &i in &items {
        l.choice[i] = Choice::Block(b);
        l.at[i] = Some((b, k));
    }
    false
}

/// Repacks each block from scratch; keeps the result when it needs fewer rotas.
fn repack_pass(inst: &Instance, l: &mut Assignment) -> bool {
    let mut better = false;
    for b in 0..inst.blocks.len() {
        if l.rotas[b].len() < 2 {
            continue;
        }
        let members: Vec<usize> = l.rotas[b].iter().flat_map(|x| x.items.clone()).collect();
        let p = pack::pack(inst, &inst.blocks[b], &members);
        if p.len() < l.rotas[b].len() {
            l.set_block(inst, b, p);
            better = true;
        }
    }
    better
}

/// What an item saves by moving to a block's new rota.
#[derive(Debug, Clone, Copy)]
struct ItemGain {
    item: usize,
    gain: f64,
}

/// A team rota whose items could all move to a domain block's new rota
/// together, saving its standby too: they come together or not at all.
#[derive(Debug, Clone)]
struct WholeRota {
    team: usize,
    items: Vec<usize>,
    gain: f64,
}

/// Opens a new rota in each block where one pays: the items that would save
/// most by joining it (their cost now, plus standby freed when they leave a
/// rota alone, minus their cost in the block), chosen by a knapsack within
/// the rota's capacity and team limit, when the savings beat the standby.
fn open_pass(inst: &Instance, allowed: &Allowed, l: &mut Assignment, deadline: Deadline) -> bool {
    let mut better = false;
    for b in 0..inst.blocks.len() {
        // Each block costs a pass over the whole assignment: on a large
        // organisation the pass is long enough to need the deadline.
        if deadline.passed() {
            break;
        }
        let block = &inst.blocks[b];
        let gains = item_gains(inst, allowed, l, b);
        let whole = whole_rotas(inst, allowed, l, b);
        let total: f64 =
            gains.iter().map(|g| g.gain).sum::<f64>() + whole.iter().map(|w| w.gain).sum::<f64>();
        if total <= block.standby + 1e-9 {
            continue;
        }
        let (gain, chosen) = best_rota(inst, block.max_teams, &gains, &whole);
        if gain <= block.standby + 1e-6 || chosen.is_empty() {
            continue;
        }
        let load: f64 = chosen.iter().map(|&i| inst.items[i].load).sum();
        if load > inst.cap + TOL {
            continue; // loads off the grid rounded down: not really room
        }
        better |= open_rota(inst, l, b, &chosen);
    }
    better
}

/// The items outside block `b` that may join it and would save by doing so.
fn item_gains(inst: &Instance, allowed: &Allowed, l: &Assignment, b: usize) -> Vec<ItemGain> {
    inst.blocks[b]
        .items
        .iter()
        .copied()
        .filter(|&i| l.choice[i] != Choice::Block(b))
        .filter(|&i| is_allowed(inst, allowed, i, Choice::Block(b)))
        .filter_map(|i| {
            let now = inst.items[i].cost(l.choice[i])? + removal_saving(inst, l, i);
            let there = inst.items[i].cost(Choice::Block(b))?;
            (now - there > 1e-9).then_some(ItemGain {
                item: i,
                gain: now - there,
            })
        })
        .collect()
}

/// For a domain block `b`: the team rotas (of two items or more) whose items
/// may all join it, and would save by doing so, standby included.
fn whole_rotas(inst: &Instance, allowed: &Allowed, l: &Assignment, b: usize) -> Vec<WholeRota> {
    let mut whole = Vec::new();
    if inst.blocks[b].cover != Cover::DomainRota {
        return whole;
    }
    for (ob, rotas) in l.rotas.iter().enumerate() {
        if ob == b || inst.blocks[ob].cover != Cover::TeamRota {
            continue;
        }
        for rota in rotas {
            if rota.items.len() < 2
                || !rota
                    .items
                    .iter()
                    .all(|&i| is_allowed(inst, allowed, i, Choice::Block(b)))
            {
                continue;
            }
            let mut g = inst.blocks[ob].standby;
            for &i in &rota.items {
                let it = &inst.items[i];
                g += it.cost(l.choice[i]).unwrap_or(0.0)
                    - it.cost(Choice::Block(b)).unwrap_or(f64::INFINITY);
            }
            if g > 1e-9 {
                whole.push(WholeRota {
                    team: inst.blocks[ob].key,
                    items: rota.items.clone(),
                    gain: g,
                });
            }
        }
    }
    whole
}

/// Moves `chosen` onto a new rota of block `b`, and keeps the move only if
/// the whole assignment got cheaper (several items leaving one rota free its
/// standby once, not once each). Whether it kept it.
fn open_rota(inst: &Instance, l: &mut Assignment, b: usize, chosen: &[usize]) -> bool {
    let before = l.cost(inst);
    let snapshot = l.clone();
    for &i in chosen {
        take_off(inst, l, i);
        l.choice[i] = Choice::Block(b);
    }
    l.rotas[b].push(StaffedRota::of(inst, chosen));
    let k = l.rotas[b].len() - 1;
    for &i in chosen {
        l.at[i] = Some((b, k));
    }
    if l.cost(inst) < before - tolerance_at(before) {
        true
    } else {
        *l = snapshot;
        false
    }
}

/// A partial rota in a knapsack: its gain (minus infinity: unreachable) and
/// items.
#[derive(Debug, Clone)]
struct Fill {
    gain: f64,
    items: Vec<usize>,
}

impl Fill {
    fn unreachable() -> Fill {
        Fill {
            gain: f64::NEG_INFINITY,
            items: Vec::new(),
        }
    }

    fn empty() -> Fill {
        Fill {
            gain: 0.0,
            items: Vec::new(),
        }
    }
}

/// One way to fill part of a rota with one team's items.
#[derive(Debug, Clone)]
struct TeamOption {
    units: usize,
    gain: f64,
    items: Vec<usize>,
}

/// The most valuable set of items for one rota, with its gain: a knapsack
/// over load units per team, then over teams with at most `max_teams` of
/// them (0: no limit).
fn best_rota(
    inst: &Instance,
    max_teams: usize,
    gains: &[ItemGain],
    whole: &[WholeRota],
) -> (f64, Vec<usize>) {
    let cap = inst.cap_units as usize;
    let teams = by_team(inst, gains, whole);
    let limit = if max_teams == 0 {
        teams.len()
    } else {
        max_teams.min(teams.len())
    };
    let options: Vec<Vec<TeamOption>> = teams
        .iter()
        .map(|(team, its)| team_options(inst, cap, *team, its, whole))
        .collect();
    over_teams(&options, limit, cap)
}

/// The item gains per team, teams in order of first appearance (then the
/// teams only whole rotas bring).
fn by_team(
    inst: &Instance,
    gains: &[ItemGain],
    whole: &[WholeRota],
) -> Vec<(usize, Vec<ItemGain>)> {
    let mut teams: Vec<(usize, Vec<ItemGain>)> = Vec::new();
    for &g in gains {
        let t = inst.items[g.item].team;
        match teams.iter_mut().find(|x| x.0 == t) {
            Some(x) => x.1.push(g),
            None => teams.push((t, vec![g])),
        }
    }
    for w in whole {
        if !teams.iter().any(|x| x.0 == w.team) {
            teams.push((w.team, Vec::new()));
        }
    }
    teams
}

/// A team's ways to fill part of a rota: for each load that gains more than
/// every smaller one, its best items (a knapsack over load units), then each
/// of its whole rotas that fits.
fn team_options(
    inst: &Instance,
    cap: usize,
    team: usize,
    gains: &[ItemGain],
    whole: &[WholeRota],
) -> Vec<TeamOption> {
    let mut best = vec![Fill::unreachable(); cap + 1];
    best[0] = Fill::empty();
    for g in gains {
        let w = inst.items[g.item].units as usize;
        for c in (w..=cap).rev() {
            if best[c - w].gain.is_finite() && best[c - w].gain + g.gain > best[c].gain {
                let mut items = best[c - w].items.clone();
                items.push(g.item);
                best[c] = Fill {
                    gain: best[c - w].gain + g.gain,
                    items,
                };
            }
        }
    }
    let mut options = Vec::new();
    let mut top = 0.0;
    for (c, fill) in best.into_iter().enumerate() {
        if c > 0 && fill.gain.is_finite() && fill.gain > top {
            top = fill.gain;
            options.push(TeamOption {
                units: c,
                gain: fill.gain,
                items: fill.items,
            });
        }
    }
    for w in whole.iter().filter(|w| w.team == team) {
        let units: usize = w.items.iter().map(|&i| inst.items[i].units as usize).sum();
        if units <= cap {
            options.push(TeamOption {
                units,
                gain: w.gain,
                items: w.items.clone(),
            });
        }
    }
    options
}

/// The best rota from at most one option per team, at most `limit` teams
/// and `cap` units: `f[k][c]` is the best gain with `k` teams and `c` units.
/// Ties go to fewer items.
fn over_teams(options: &[Vec<TeamOption>], limit: usize, cap: usize) -> (f64, Vec<usize>) {
    let width = cap + 1;
    let mut f = vec![Fill::unreachable(); (limit + 1) * width];
    f[0] = Fill::empty();
    for opts in options {
        let prev = f.clone();
        for k in 0..limit {
            for c in 0..=cap {
                let from = &prev[k * width + c];
                if !from.gain.is_finite() {
                    continue;
                }
                for o in opts {
                    if c + o.units > cap {
                        continue;
                    }
                    let idx = (k + 1) * width + c + o.units;
                    if from.gain + o.gain > f[idx].gain {
                        let mut items = from.items.clone();
                        items.extend_from_slice(&o.items);
                        f[idx] = Fill {
                            gain: from.gain + o.gain,
                            items,
                        };
                    }
                }
            }
        }
    }
    f.into_iter()
        .filter(|x| x.gain.is_finite())
        .max_by(|x, y| {
            x.gain
                .total_cmp(&y.gain)
                .then(y.items.len().cmp(&x.items.len()))
        })
        .map(|mut best| {
            best.items.sort_unstable();
            (best.gain, best.items)
        })
        .unwrap_or((0.0, Vec::new()))
}
