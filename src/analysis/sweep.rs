//! Sweeps and break-even points (SPEC §7.3): the optimum solved again at
//! every value of one or more figures of the scenario, what changed between
//! neighbouring values, and where between them the layout changes.
//!
//! A key is a path into the scenario as written: `policy.max_rota_load`,
//! `support.team_rota.standby_per_month`, `applications.<id>.incidents_per_month`,
//! `targets.<name>.min_revenue_loss`; entries of a list are named by their
//! `id` (or a target by its `name`). Every numeric field the file holds is a
//! key. Values are set on a copy of the scenario, which is validated and
//! built as a file would be, so a value the file could not hold (a negative
//! load, say) makes that row an error rather than a wrong answer.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::layout::Totals;
use crate::model::Loaded;
use crate::plan::{Plan, Status};
use crate::scenario::{Scenario, Source};
use crate::solve::{optimise, Method, SolveOptions};

/// The most rows one sweep may ask for.
pub const MAX_ROWS: usize = 10_000;

/// One swept figure and its values, in the order given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    pub key: String,
    pub values: Vec<f64>,
}

/// An application's decision in one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub application: String,
    pub target: String,
    pub cover: &'static str,
    pub rota: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweptRota {
    pub name: String,
    pub applications: Vec<String>,
}

/// The optimum at one combination of values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solved {
    pub status: Status,
    pub totals: Totals,
    pub rotas: Vec<SweptRota>,
    pub decisions: Vec<Decision>,
}

impl Solved {
    fn of(loaded: &Loaded, plan: &Plan) -> Solved {
        let m = &loaded.model;
        Solved {
            status: plan.status,
            totals: plan.totals(m),
            rotas: plan
                .rotas
                .iter()
                .map(|r| SweptRota {
                    name: r.name.clone(),
                    applications: r
                        .apps
                        .iter()
                        .map(|&a| m.applications[a].id.clone())
                        .collect(),
                })
                .collect(),
            decisions: plan
                .decisions
                .iter()
                .enumerate()
                .map(|(i, d)| Decision {
                    application: m.applications[i].id.clone(),
                    target: m.targets[d.target].name.clone(),
                    cover: d.cover.as_str(),
                    rota: d.rota.map(|r| plan.rotas[r].name.clone()),
                })
                .collect(),
        }
    }

    /// Same layout: the same targets, covers and rotas.
    fn same_layout(&self, other: &Solved) -> bool {
        self.decisions == other.decisions && self.rotas == other.rotas
    }
}

/// An application whose target or cover differs between two solutions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub application: String,
    pub target_before: String,
    pub cover_before: &'static str,
    pub target_after: String,
    pub cover_after: &'static str,
}

/// Applications whose target or cover changed from `a` to `b`.
pub fn changes(a: &Solved, b: &Solved) -> Vec<Change> {
    a.decisions
        .iter()
        .zip(&b.decisions)
        .filter(|(x, y)| x.target != y.target || x.cover != y.cover)
        .map(|(x, y)| Change {
            application: x.application.clone(),
            target_before: x.target.clone(),
            cover_before: x.cover,
            target_after: y.target.clone(),
            cover_after: y.cover,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// One value per axis.
    pub values: Vec<f64>,
    /// The optimum, or why this row has none.
    pub solved: Result<Solved, String>,
    /// Against the previous row (empty for the first, or next to an error).
    pub changed: Vec<Change>,
}

/// Where between two neighbouring rows the layout changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    pub key: String,
    /// The neighbouring rows' values of `key`.
    pub from: f64,
    pub to: f64,
    /// The first value (from `from` toward `to`, to 1e-6 relative; for a
    /// whole-number key the first whole number) whose layout differs from
    /// `from`'s.
    pub value: f64,
    /// The key holds whole numbers: the layout changes *at* `value`.
    pub whole: bool,
    /// Every solve that placed it was proven optimal and none failed: when
    /// false (a time or node limit, an interrupt) the value is approximate.
    pub proven: bool,
    /// The other axes' values, in axis order (their own value at `key`).
    pub at: Vec<f64>,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    pub axes: Vec<Axis>,
    pub rows: Vec<Row>,
    pub break_evens: Vec<BreakEven>,
}

/// A scenario with its figures addressable by key.
pub struct Base {
    value: Value,
    source: Source,
    keys: Vec<(String, bool)>,
    /// How every row and bisection step is solved (limits, the deadline).
    options: SolveOptions,
}

/// Why a row or a bisection step was not solved: Ctrl-C.
pub const INTERRUPTED: &str = "not solved: the sweep was interrupted";

impl Base {
    pub fn new(loaded: &Loaded) -> Result<Base, String> {
        let value = serde_json::to_value(&loaded.scenario)
            .map_err(|e| format!("cannot read the scenario's figures: {e}"))?;
        let mut keys = Vec::new();
        numeric_keys(&value, String::new(), &mut keys);
        Ok(Base {
            value,
            source: loaded.source.clone(),
            keys,
            options: SolveOptions::default(),
        })
    }

    /// Solves every row and bisection step with these options: a node limit
    /// for each solve, and the command's deadline (`--time-limit`) for all.
    pub fn with_options(self, options: SolveOptions) -> Base {
        Base { options, ..self }
    }

    /// Whether `key` holds a whole number.
    pub fn is_whole(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, w)| k == key && *w)
    }

    /// Every key a sweep may set, in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(k, _)| k.as_str())
    }

    /// `Ok` for a known key; otherwise the error names the nearest valid ones.
    pub fn check_key(&self, key: &str) -> Result<(), String> {
        if self.keys.iter().any(|(k, _)| k == key) {
            return Ok(());
        }
        let mut near: Vec<(f64, &str)> = self
            .keys()
            .map(|k| (strsim::jaro_winkler(key, k), k))
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let names: Vec<String> = near
            .iter()
            .take(5)
            .map(|(_, k)| format!("\"{k}\""))
            .collect();
        Err(format!(
            "unknown key \"{key}\": a key is a path to a number in the scenario; the nearest are {}",
            names.join(", ")
        ))
    }

    /// The scenario with each `(key, value)` set; an error names the key and
    /// what it would accept.
    pub fn with(&self, settings: &[(&str, f64)]) -> Result<Scenario, String> {
        let mut v = self.value.clone();
        for &(key, x) in settings {
            self.check_key(key)?;
            let whole = self.keys.iter().any(|(k, w)| k == key && *w);
            let number = if whole {
                if x.fract() != 0.0 || !(0.0..=u32::MAX as f64).contains(&x) {
                    return Err(format!("{key} is {x}; it must be a whole number >= 0"));
                }
                Value::from(x as u64)
            } else {
                serde_json::Number::from_f64(x)
                    .map(Value::Number)
                    .ok_or_else(|| format!("{key} is {x}; it must be a finite number"))?
            };
            match lookup(&mut v, key) {
                Some(slot) => *slot = number,
                None => return Err(format!("unknown key \"{key}\"")),
            }
        }
        serde_json::from_value(v).map_err(|e| format!("{e}"))
    }

    /// Validated, built and solved at these settings.
    pub fn solve(&self, settings: &[(&str, f64)]) -> Result<Solved, String> {
        let scenario = self.with(settings)?;
        let loaded = crate::model::from_parts(scenario, self.source.clone())
            .map_err(|e| e.to_string().replace('\n', "; "))?;
        if crate::deadline::interrupted() {
            return Err(INTERRUPTED.to_string());
        }
        let plan = optimise(&loaded.model, &self.options, Method::Dedicated, false)
            .map_err(|e| e.to_string())?;
        Ok(Solved::of(&loaded, &plan))
    }
}

/// The label of a list entry: its `id`, or its `name`.
fn label(entry: &Value) -> Option<&str> {
    entry
        .get("id")
        .and_then(Value::as_str)
        .or_else(|| entry.get("name").and_then(Value::as_str))
}

fn numeric_keys(v: &Value, prefix: String, out: &mut Vec<(String, bool)>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Number(n) => out.push((prefix.clone(), n.is_u64() || n.is_i64())),
        Value::Object(map) => {
            for (k, x) in map {
                numeric_keys(x, join(k), out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                let name = label(x).map_or_else(|| i.to_string(), str::to_string);
                numeric_keys(x, join(&name), out);
            }
        }
        _ => {}
    }
}

/// The number at `key`, following list entries by label. Labels may hold
/// dots: each list tries the longest label that matches first.
fn lookup<'v>(v: &'v mut Value, key: &str) -> Option<&'v mut Value> {
    if key.is_empty() {
        return v.is_number().then_some(v);
    }
    match v {
        Value::Object(map) => {
            let (head, rest) = key.split_once('.').unwrap_or((key, ""));
            lookup(map.get_mut(head)?, rest)
        }
        Value::Array(items) => {
            let i = items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| {
                    let l = label(x)?;
                    (key == l || key.starts_with(&format!("{l}."))).then_some((l.len(), i))
                })
                .max_by_key(|&(len, i)| (len, std::cmp::Reverse(i)))?
                .1;
            let l = label(&items[i])?.len();
            let rest = key.get(l..)?.strip_prefix('.').unwrap_or("");
            lookup(&mut items[i], rest)
        }
        _ => None,
    }
}

/// How many rows the axes make (their product), or `None` past `usize`.
pub fn row_count(axes: &[Axis]) -> Option<usize> {
    axes.iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
}

/// Every combination of the axes' values, the last axis varying fastest.
pub fn combinations(axes: &[Axis]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new()];
    for axis in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                axis.values.iter().map(move |&x| {
                    let mut row = prefix.clone();
                    row.push(x);
                    row
                })
            })
            .collect();
    }
    out
}

fn settings<'a>(axes: &'a [Axis], values: &[f64]) -> Vec<(&'a str, f64)> {
    axes.iter()
        .map(|a| a.key.as_str())
        .zip(values.iter().copied())
        .collect()
}

/// Solves every row (in parallel; `tick` after each) and finds the
/// break-even value between each pair of neighbouring rows that differ in
/// one key and whose layouts differ.
pub fn sweep(base: &Base, axes: Vec<Axis>, tick: &(dyn Fn() + Sync)) -> Result<Sweep, String> {
    for (i, a) in axes.iter().enumerate() {
        base.check_key(&a.key)?;
        if axes[..i].iter().any(|b| b.key == a.key) {
            return Err(format!(
                "{} is given twice; give each key once, with all its values",
                a.key
            ));
        }
    }
    match row_count(&axes) {
        Some(n) if n <= MAX_ROWS => {}
        Some(n) => {
            return Err(format!(
                "the sweep asks for {n} rows; give at most {MAX_ROWS}"
            ))
        }
        None => {
            return Err(format!(
                "the sweep asks for more rows than can be counted; give at most {MAX_ROWS}"
            ))
        }
    }
    let combos = combinations(&axes);
    let solved: Vec<Result<Solved, String>> = combos
        .par_iter()
        .map(|values| {
            let r = base.solve(&settings(&axes, values));
            tick();
            r
        })
        .collect();
    let mut rows: Vec<Row> = Vec::with_capacity(combos.len());
    for (i, (values, s)) in combos.iter().zip(solved).enumerate() {
        let changed = match (i.checked_sub(1).map(|p| &rows[p].solved), &s) {
            (Some(Ok(prev)), Ok(this)) => changes(prev, this),
            _ => Vec::new(),
        };
        rows.push(Row {
            values: values.clone(),
            solved: s,
            changed,
        });
    }
    let pairs: Vec<(usize, usize)> = (1..rows.len())
        .filter_map(|i| {
            let (a, b) = (&rows[i - 1], &rows[i]);
            let differing: Vec<usize> = (0..axes.len())
                .filter(|&k| a.values[k] != b.values[k])
                .collect();
            match (&a.solved, &b.solved, differing.as_slice()) {
                (Ok(x), Ok(y), &[k]) if !x.same_layout(y) => Some((i - 1, k)),
                _ => None,
            }
        })
        .collect();
    let break_evens = pairs
        .par_iter()
        .map(|&(i, k)| bisect(base, &axes, &rows[i], &rows[i + 1], k))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    Ok(Sweep {
        axes,
        rows,
        break_evens,
    })
}

/// Bisection on axis `k` between two rows whose layouts differ, to 1e-6
/// relative: `lo` keeps `a`'s layout, `hi` does not.
fn bisect(base: &Base, axes: &[Axis], a: &Row, b: &Row, k: usize) -> Option<BreakEven> {
    let (Ok(start), Ok(end)) = (&a.solved, &b.solved) else {
        return None;
    };
    if crate::deadline::interrupted() {
        return None;
    }
    let whole = base.is_whole(&axes[k].key);
    let mut values = a.values.clone();
    let (mut lo, mut hi) = (a.values[k], b.values[k]);
    let mut at_hi = end.clone();
    let mut proven = start.status == Status::Optimal && end.status == Status::Optimal;
    for _ in 0..200 {
        let scale = lo.abs().max(hi.abs());
        if (hi - lo).abs() <= 1e-6 * scale || scale == 0.0 && lo == hi {
            break;
        }
        // A whole-number key is bisected over whole numbers: done when the
        // two are neighbours.
        let mid = if whole {
            if (hi - lo).abs() <= 1.0 {
                break;
            }
            lo + ((hi - lo) / 2.0).trunc()
        } else {
            lo + (hi - lo) / 2.0
        };
        if mid == lo || mid == hi {
            break;
        }
        values[k] = mid;
        match base.solve(&settings(axes, &values)) {
            Ok(s) => {
                proven &= s.status == Status::Optimal;
                if s.same_layout(start) {
                    lo = mid;
                } else {
                    hi = mid;
                    at_hi = s;
                }
            }
            // A value the file cannot hold, or an interrupted run: stop
            // where the rows still solve (the value is then less exact).
            Err(_) => {
                proven = false;
                break;
            }
        }
    }
    Some(BreakEven {
        key: axes[k].key.clone(),
        from: a.values[k],
        to: b.values[k],
        value: hi,
        whole,
        proven,
        at: a.values.clone(),
        changes: changes(start, &at_hi),
    })
}
