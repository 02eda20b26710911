//! Large neighbourhood search: re-solve one region of an assignment while
//! the rest stays put. A region is every item of a group of teams that may
//! join one domain block (a large block's teams are split into groups of at
//! most `REGION_ITEMS` items); the blocks they may join, with the items
//! already on their rotas (every rota of a block with few, else the rotas
//! holding a freed item) held in place, make a small instance that a short
//! branch and bound (`search`, a fixed number of nodes) solves in a fraction
//! of a second. `decompose::solve` hands `improve` to `search` as its region
//! search.

use super::instance::{Block, Choice, Instance, Item};
use super::local::Assignment;
use super::relax::Allowed;
use super::search::{search_with, SearchOptions};
use crate::deadline::Deadline;
use crate::model::Cover;
use crate::numbers::tolerance_at;

/// Nodes for one region's search: a count, not a time, so that the same
/// input gives the same assignment on every machine (only `--time-limit` cuts).
const REGION_NODES: u64 = 100;
/// Packing budget at a region's leaves: a region needs assignments, not
/// proofs.
const REGION_PACK_BUDGET: u64 = 200_000;
/// Most items a region frees: larger blocks are split by team.
const REGION_ITEMS: usize = 300;
/// A touched block with at most this many rotas (twice and four times as
/// many for the larger regions) brings them all into the region; a larger one
/// only its rotas that hold a freed item.
const KEEP_ALL_ROTAS: usize = 16;

/// Improves `assignment` region by region, largest domain block first, until
/// a pass finds nothing or the deadline comes. Returns whether anything
/// improved; `trace` reports each improvement on stderr.
pub fn improve(
    inst: &Instance,
    assignment: &mut Assignment,
    deadline: Deadline,
    trace: bool,
) -> bool {
    let mut order: Vec<usize> = (0..inst.blocks.len())
        .filter(|&b| inst.blocks[b].cover == Cover::DomainRota)
        .collect();
    order.sort_by(|&x, &y| {
        inst.blocks[y]
            .items
            .len()
            .cmp(&inst.blocks[x].items.len())
            .then(x.cmp(&y))
    });
    let mut any = false;
    // Larger organisations go on with regions twice and four times as large,
    // searched twice and four times as long, once the smaller ones are spent.
    let levels = if inst.items.len() > LARGE { 3 } else { 1 };
    for level in 0..levels {
        let size = Size {
            items: REGION_ITEMS << level,
            nodes: REGION_NODES << level,
            keep_all_rotas: KEEP_ALL_ROTAS << level,
        };
        any |= passes(inst, assignment, &order, &size, deadline, trace);
        if deadline.passed() {
            break;
        }
    }
    any
}

/// Above this many items an organisation gets the larger regions too.
const LARGE: usize = 500;

/// How large regions are and how long they are searched.
struct Size {
    /// Most items freed.
    items: usize,
    /// Most nodes searched.
    nodes: u64,
    /// Touched blocks with at most this many rotas come in whole.
    keep_all_rotas: usize,
}

/// Up to three passes over every region of the given size, until a pass
/// finds nothing.
fn passes(
    inst: &Instance,
    assignment: &mut Assignment,
    order: &[usize],
    size: &Size,
    deadline: Deadline,
    trace: bool,
) -> bool {
    let mut any = false;
    for _pass in 0..3 {
        let mut better = false;
        for &b in order {
            for teams in team_groups(inst, b, size.items) {
                if deadline.passed() {
                    return any;
                }
                if improve_region(inst, assignment, b, &teams, size, deadline, trace) {
                    better = true;
                    any = true;
                }
            }
        }
        if !better {
            break;
        }
    }
    any
}

/// The teams with items that may join block `b`, in groups of at most
/// `limit` items (all items of a team count). Teams that share their other
/// domain blocks come together, so that a group touches few blocks.
fn team_groups(inst: &Instance, b: usize, limit: usize) -> Vec<Vec<usize>> {
    let n_teams = inst.items.iter().map(|it| it.team + 1).max().unwrap_or(0);
    let mut size = vec![0usize; n_teams];
    let mut others: Vec<Vec<usize>> = vec![Vec::new(); n_teams];
    for it in &inst.items {
        size[it.team] += 1;
        others[it.team].extend(
            it.blocks
                .iter()
                .map(|x| x.0)
                .filter(|&x| x != b && inst.blocks[x].cover == Cover::DomainRota),
        );
    }
    for o in &mut others {
        o.sort_unstable();
        o.dedup();
    }
    let mut teams: Vec<usize> = inst.blocks[b]
        .items
        .iter()
        .map(|&i| inst.items[i].team)
        .collect();
    teams.sort_unstable();
    teams.dedup();
    teams.sort_by(|&x, &y| others[x].cmp(&others[y]).then(x.cmp(&y)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut count = 0;
    for t in teams {
        if groups.is_empty() || count + size[t] > limit {
            groups.push(Vec::new());
            count = 0;
        }
        groups.last_mut().expect("a group").push(t);
        count += size[t];
    }
    for g in &mut groups {
        g.sort_unstable(); // `Region::around` looks teams up by binary search
    }
    groups
}

/// Re-solves the region of `teams` around block `b` and keeps the result
/// when it is cheaper; whether it was.
fn improve_region(
    inst: &Instance,
    assignment: &mut Assignment,
    b: usize,
    teams: &[usize],
    size: &Size,
    deadline: Deadline,
    trace: bool,
) -> bool {
    let region = Region::around(inst, assignment, teams, size);
    let Some(sub) = region.instance(inst, assignment) else {
        return false;
    };
    let Some(current) = region.current(&sub.inst, assignment) else {
        return false;
    };
    let before = current.cost(&sub.inst);
    let out = search_with(
        &sub.inst,
        sub.allowed,
        Some(current),
        &SearchOptions {
            deadline,
            progress: false,
            node_limit: Some(size.nodes),
            regions: None,
            pack_budget: REGION_PACK_BUDGET,
            exact_packing: false,
            rota_branching: false,
        },
    );
    if out.cost >= before - tolerance_at(before) {
        return false;
    }
    if trace {
        eprintln!(
            "  region {b} ({} s left): {} items, {:.2} -> {:.2}{}",
            deadline.left().map_or(-1.0, |d| d.as_secs_f64()),
            region.members.len(),
            before,
            out.cost,
            if out.optimal { " (optimal)" } else { "" }
        );
    }
    region.splice(inst, assignment, &out.assignment);
    true
}

/// The part of an assignment that a region search re-solves: every item of
/// some teams, free to move, and the rotas they may join, with the items
/// already on those rotas held in place.
struct Region {
    /// Per item: one of the region's teams.
    free: Vec<bool>,
    /// The blocks a free item may join, ascending: the region's blocks, in
    /// this order.
    touched: Vec<usize>,
    /// Per touched block, per rota: whether the rota comes into the region.
    kept: Vec<Vec<bool>>,
    /// The region's items, ascending: the free ones and those on the rotas
    /// that come in.
    members: Vec<usize>,
}

/// A region as an instance of its own, with the held items fixed.
struct SubProblem {
    inst: Instance,
    allowed: Allowed,
}

impl Region {
    fn around(inst: &Instance, assignment: &Assignment, teams: &[usize], size: &Size) -> Region {
        let free: Vec<bool> = inst
            .items
            .iter()
            .map(|it| teams.binary_search(&it.team).is_ok())
            .collect();
        let mut touched: Vec<usize> = (0..inst.items.len())
            .filter(|&i| free[i])
            .flat_map(|i| inst.items[i].blocks.iter().map(|x| x.0))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let kept: Vec<Vec<bool>> = touched
            .iter()
            .map(|&x| {
                let rotas = &assignment.rotas[x];
                rotas
                    .iter()
                    .map(|r| rotas.len() <= size.keep_all_rotas || r.items.iter().any(|&i| free[i]))
                    .collect()
            })
            .collect();
        let mut on_kept = vec![false; inst.items.len()];
        for (s, &x) in touched.iter().enumerate() {
            for (r, &keep) in assignment.rotas[x].iter().zip(&kept[s]) {
                if keep {
                    for &i in &r.items {
                        on_kept[i] = true;
                    }
                }
            }
        }
        let members = (0..inst.items.len())
            .filter(|&i| free[i] || on_kept[i])
            .collect();
        Region {
            free,
            touched,
            kept,
            members,
        }
    }

    /// Block `x`'s index in the region, if it is one of its blocks.
    fn block_of(&self, x: usize) -> Option<usize> {
        self.touched.binary_search(&x).ok()
    }

    /// Item `i`'s index in the region, if it is one of its items.
    fn item_of(&self, i: usize) -> Option<usize> {
        self.members.binary_search(&i).ok()
    }

    /// The region's instance: its items with only the region's blocks as
    /// options, free items allowed all of them and held items only their
    /// current choice; none when a held item's choice is out of reach.
    fn instance(&self, inst: &Instance, assignment: &Assignment) -> Option<SubProblem> {
        let mut items = Vec::with_capacity(self.members.len());
        let mut allowed: Allowed = Vec::with_capacity(self.members.len());
        let mut blocks: Vec<Block> = self
            .touched
            .iter()
            .map(|&x| Block {
                items: Vec::new(),
                ..inst.blocks[x].clone()
            })
            .collect();
        for (k, &i) in self.members.iter().enumerate() {
            let it = &inst.items[i];
            let options: Vec<(usize, f64)> = it
                .blocks
                .iter()
                .filter_map(|&(x, c)| self.block_of(x).map(|s| (s, c)))
                .collect();
            for &(s, _) in &options {
                blocks[s].items.push(k);
            }
            let sub = Item {
                blocks: options,
                ..it.clone()
            };
            allowed.push(self.mask(assignment, i, &sub)?);
            items.push(sub);
        }
        let inst = Instance {
            items,
            blocks,
            cap: inst.cap,
            cap_units: inst.cap_units,
            quantum: inst.quantum,
            fixed_none: Vec::new(),
            fixed_cost: 0.0,
        };
        Some(SubProblem { inst, allowed })
    }

    /// The options item `i` (as `sub` in the region) may take: all when it
    /// is free, else its current choice.
    fn mask(&self, assignment: &Assignment, i: usize, sub: &Item) -> Option<u64> {
        if self.free[i] {
            let n = sub.n_options();
            return Some(if n >= 64 { u64::MAX } else { (1u64 << n) - 1 });
        }
        let c = match assignment.choice[i] {
            Choice::Block(x) => self.block_of(x).map(Choice::Block),
            Choice::None => Some(Choice::None),
        };
        match c.and_then(|c| sub.option_of(c)) {
            Some(o) if o < 64 => Some(1u64 << o),
            _ => None,
        }
    }

    /// The current arrangement in the region's terms; none when a rota that
    /// comes in holds an item outside the region.
    fn current(&self, sub: &Instance, assignment: &Assignment) -> Option<Assignment> {
        let choice: Vec<Choice> = self
            .members
            .iter()
            .map(|&i| match assignment.choice[i] {
                Choice::Block(x) => self.block_of(x).map_or(Choice::None, Choice::Block),
                Choice::None => Choice::None,
            })
            .collect();
        let mut packings = Vec::with_capacity(self.touched.len());
        for (s, &x) in self.touched.iter().enumerate() {
            let mut p = Vec::new();
            for (r, _) in assignment.rotas[x]
                .iter()
                .zip(&self.kept[s])
                .filter(|(_, &k)| k)
            {
                let rota = r
                    .items
                    .iter()
                    .map(|&i| self.item_of(i))
                    .collect::<Option<Vec<usize>>>()?;
                p.push(rota);
            }
            packings.push(p);
        }
        Some(Assignment::from_packings(sub, choice, packings))
    }

    /// Puts the region's solved assignment back into the whole one: the
    /// rotas that stayed out, then the region's.
    fn splice(&self, inst: &Instance, assignment: &mut Assignment, solved: &Assignment) {
        for (k, &i) in self.members.iter().enumerate() {
            assignment.choice[i] = match solved.choice[k] {
                Choice::Block(s) => Choice::Block(self.touched[s]),
                Choice::None => Choice::None,
            };
        }
        let mut all: Vec<Vec<Vec<usize>>> = assignment
            .rotas
            .iter()
            .map(|rotas| rotas.iter().map(|r| r.items.clone()).collect())
            .collect();
        for (s, &x) in self.touched.iter().enumerate() {
            let stay = assignment.rotas[x]
                .iter()
                .zip(&self.kept[s])
                .filter(|(_, &k)| !k)
                .map(|(r, _)| r.items.clone());
            let new = solved.rotas[s]
                .iter()
                .map(|r| r.items.iter().map(|&k| self.members[k]).collect());
            all[x] = stay.chain(new).collect();
        }
        *assignment = Assignment::from_packings(inst, assignment.choice.clone(), all);
    }
}
