//! Validation of a scenario: every problem at once, each with a code, the
//! offending id, the line where the file lets us know it, and what would be valid.

use std::collections::BTreeMap;

use super::error::{suggestion, Problem};
use super::format::Scenario;
use super::source::{Seg, Source};

/// Gathers problems, each placed at the line of its path in the file.
pub struct Collector<'a> {
    source: &'a Source,
    problems: Vec<Problem>,
}

impl<'a> Collector<'a> {
    pub fn new(source: &'a Source) -> Self {
        Collector {
            source,
            problems: Vec::new(),
        }
    }

    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    pub fn push(&mut self, path: &[Seg], problem: Problem) {
        let mut problem = problem;
        problem.line = self.source.line_of(path);
        self.problems.push(problem);
    }

    fn number(&mut self, path: &[Seg], what: &str, value: f64, rule: Rule, id: Option<&str>) {
        let ok = value.is_finite()
            && match rule {
                Rule::NonNegative => value >= 0.0,
                Rule::Positive => value > 0.0,
                Rule::Probability => value > 0.0 && value < 1.0,
            };
        if !ok {
            let valid = match rule {
                Rule::NonNegative => "a finite number >= 0",
                Rule::Positive => "a finite number > 0",
                Rule::Probability => "a number strictly between 0 and 1",
            };
            let code = match rule {
                Rule::Probability => "availability-out-of-range",
                _ => "invalid-number",
            };
            let mut p = Problem::new(code, format!("{what} is {value}; it must be {valid}"));
            if let Some(id) = id {
                p = p.with_id(id);
            }
            self.push(path, p);
        }
    }
}

#[derive(Clone, Copy)]
enum Rule {
    NonNegative,
    Positive,
    Probability,
}

use Seg::{Index as I, Key as K};

/// Checks ids, references and numbers. The model is only built when this is clean.
pub fn structure(s: &Scenario, source: &Source) -> Vec<Problem> {
    let mut c = Collector {
        source,
        problems: Vec::new(),
    };

    // Policy and support.
    c.number(
        &[K("policy"), K("month_hours")],
        "policy.month_hours",
        s.policy.month_hours,
        Rule::Positive,
        None,
    );
    c.number(
        &[K("policy"), K("max_rota_load")],
        "policy.max_rota_load",
        s.policy.max_rota_load,
        Rule::Positive,
        None,
    );
    let mut rota_supports = vec![("team_rota", &s.support.team_rota)];
    if let Some(d) = &s.support.domain_rota {
        rota_supports.push(("domain_rota", d));
    }
    if let Some(o) = &s.support.operations {
        rota_supports.push(("operations", o));
    }
    for (key, r) in rota_supports {
        for (field, value) in [
            ("standby_per_month", r.standby_per_month),
            ("ttr_minutes", r.ttr_minutes),
            ("callout_cost", r.callout_cost),
        ] {
            c.number(
                &[K("support"), K(key), K(field)],
                &format!("support.{key}.{field}"),
                value,
                Rule::NonNegative,
                None,
            );
        }
    }
    if let Some(n) = &s.support.none {
        c.number(
            &[K("support"), K("none"), K("ttr_minutes")],
            "support.none.ttr_minutes",
            n.ttr_minutes,
            Rule::NonNegative,
            None,
        );
    }

    // Targets.
    if s.targets.is_empty() {
        c.push(
            &[K("targets")],
            Problem::new(
                "no-targets",
                "the scenario defines no [[targets]]; at least one is needed",
            ),
        );
    }
    let mut target_names = BTreeMap::new();
    for (i, t) in s.targets.iter().enumerate() {
        let path = [K("targets"), I(i)];
        if let Some(first) = target_names.insert(t.name.as_str(), i) {
            c.push(&path, Problem::new("duplicate-id", format!("target \"{}\" is defined twice (targets {} and {}); target names must be unique", t.name, first + 1, i + 1)).with_id(&t.name));
        }
        c.number(
            &[K("targets"), I(i), K("availability")],
            &format!("availability of target \"{}\"", t.name),
            t.availability,
            Rule::Probability,
            Some(&t.name),
        );
        c.number(
            &[K("targets"), I(i), K("min_revenue_loss")],
            &format!("min_revenue_loss of target \"{}\"", t.name),
            t.min_revenue_loss,
            Rule::NonNegative,
            Some(&t.name),
        );
        c.number(
            &[K("targets"), I(i), K("engineering_cost_per_month")],
            &format!("engineering_cost_per_month of target \"{}\"", t.name),
            t.engineering_cost_per_month,
            Rule::NonNegative,
            Some(&t.name),
        );
    }
    for (i, t) in s.targets.iter().enumerate() {
        for (j, u) in s.targets.iter().enumerate().skip(i + 1) {
            if t.availability == u.availability && t.availability.is_finite() {
                c.push(&[K("targets"), I(j), K("availability")], Problem::new("duplicate-availability", format!("targets \"{}\" and \"{}\" have the same availability {}; each target needs its own", t.name, u.name, t.availability)).with_id(&u.name));
            }
            let (lax, strict) = if t.availability < u.availability {
                (t, u)
            } else {
                (u, t)
            };
            if t.availability != u.availability && strict.support < lax.support {
                let at = if strict.name == t.name { i } else { j };
                c.push(&[K("targets"), I(at), K("support")], Problem::new("support-order", format!("target \"{}\" ({}) asks for {} but the laxer target \"{}\" ({}) asks for {}; a stricter target needs at least as much support", strict.name, strict.availability, strict.support.as_str(), lax.name, lax.availability, lax.support.as_str())).with_id(&strict.name));
            }
        }
    }

    // Teams.
    let mut team_ids = BTreeMap::new();
    for (i, t) in s.teams.iter().enumerate() {
        check_id(&mut c, &[K("teams"), I(i), K("id")], "team", &t.id);
        if team_ids.insert(t.id.as_str(), i).is_some() {
            c.push(
                &[K("teams"), I(i), K("id")],
                Problem::new(
                    "duplicate-id",
                    format!(
                        "team \"{}\" is defined twice; team ids must be unique",
                        t.id
                    ),
                )
                .with_id(&t.id),
            );
        }
    }

    // Domains: ids, parents, kinds, cycles.
    let mut domain_ids = BTreeMap::new();
    for (i, d) in s.domains.iter().enumerate() {
        check_id(&mut c, &[K("domains"), I(i), K("id")], "domain", &d.id);
        if domain_ids.insert(d.id.as_str(), i).is_some() {
            c.push(
                &[K("domains"), I(i), K("id")],
                Problem::new(
                    "duplicate-id",
                    format!(
                        "domain \"{}\" is defined twice; domain ids must be unique",
                        d.id
                    ),
                )
                .with_id(&d.id),
            );
        }
    }
    let domain_names = || s.domains.iter().map(|d| d.id.as_str());
    for (i, d) in s.domains.iter().enumerate() {
        let Some(p) = &d.parent else { continue };
        match domain_ids.get(p.as_str()) {
            None => c.push(&[K("domains"), I(i), K("parent")], Problem::new("unknown-domain", format!("unknown parent domain \"{p}\" for domain \"{}\"{}", d.id, suggestion(p, domain_names()))).with_id(p)),
            Some(&pi) if s.domains[pi].kind != d.kind => c.push(&[K("domains"), I(i), K("parent")], Problem::new("parent-kind", format!("domain \"{}\" is {} but its parent \"{}\" is {}; a parent must be a domain of the same kind", d.id, d.kind.as_str(), p, s.domains[pi].kind.as_str())).with_id(&d.id)),
            Some(_) => {}
        }
    }
    let parents: Vec<Option<usize>> = s
        .domains
        .iter()
        .map(|d| d.parent.as_deref().and_then(|p| domain_ids.get(p).copied()))
        .collect();
    for cycle in parent_cycles(&parents) {
        let first = cycle[0];
        let mut names: Vec<&str> = cycle.iter().map(|&k| s.domains[k].id.as_str()).collect();
        names.push(&s.domains[first].id);
        c.push(
            &[K("domains"), I(first), K("parent")],
            Problem::new(
                "parent-cycle",
                format!(
                    "domain parents form a cycle: {}; remove one parent",
                    names.join(" -> ")
                ),
            )
            .with_id(&s.domains[first].id),
        );
    }

    // Applications.
    let mut app_ids = BTreeMap::new();
    let team_names = || s.teams.iter().map(|t| t.id.as_str());
    let targets = || s.targets.iter().map(|t| t.name.as_str());
    for (i, a) in s.applications.iter().enumerate() {
        let at = |k: &'static str| [K("applications"), I(i), K(k)];
        check_id(&mut c, &at("id"), "application", &a.id);
        if app_ids.insert(a.id.as_str(), i).is_some() {
            c.push(
                &at("id"),
                Problem::new(
                    "duplicate-id",
                    format!(
                        "application \"{}\" is defined twice; application ids must be unique",
                        a.id
                    ),
                )
                .with_id(&a.id),
            );
        }
        if !team_ids.contains_key(a.team.as_str()) {
            c.push(
                &at("team"),
                Problem::new(
                    "unknown-team",
                    format!(
                        "unknown team \"{}\" for application \"{}\"{}",
                        a.team,
                        a.id,
                        suggestion(&a.team, team_names())
                    ),
                )
                .with_id(&a.team),
            );
        }
        for (k, d) in a.domains.iter().enumerate() {
            if !domain_ids.contains_key(d.as_str()) {
                c.push(
                    &[K("applications"), I(i), K("domains"), I(k)],
                    Problem::new(
                        "unknown-domain",
                        format!(
                            "unknown domain \"{d}\" for application \"{}\"{}",
                            a.id,
                            suggestion(d, domain_names())
                        ),
                    )
                    .with_id(d),
                );
            }
        }
        for (key, t) in [("target", &a.target), ("min_target", &a.min_target)] {
            if let Some(t) = t {
                if !target_names.contains_key(t.as_str()) {
                    c.push(
                        &at(key),
                        Problem::new(
                            "unknown-target",
                            format!(
                                "unknown {key} \"{t}\" for application \"{}\"{}",
                                a.id,
                                suggestion(t, targets())
                            ),
                        )
                        .with_id(t),
                    );
                }
            }
        }
        c.number(
            &at("loss_per_hour"),
            &format!("loss_per_hour of application \"{}\"", a.id),
            a.loss_per_hour,
            Rule::NonNegative,
            Some(&a.id),
        );
        if let Some(m) = a.max_loss {
            c.number(
                &at("max_loss"),
                &format!("max_loss of application \"{}\"", a.id),
                m,
                Rule::NonNegative,
                Some(&a.id),
            );
        }
        c.number(
            &at("incidents_per_month"),
            &format!("incidents_per_month of application \"{}\"", a.id),
            a.incidents_per_month,
            Rule::NonNegative,
            Some(&a.id),
        );
        c.number(
            &at("load"),
            &format!("load of application \"{}\"", a.id),
            a.load,
            Rule::Positive,
            Some(&a.id),
        );
    }
    c.problems
}

fn check_id(c: &mut Collector<'_>, path: &[Seg], what: &str, id: &str) {
    if id.trim().is_empty() {
        c.push(
            path,
            Problem::new(
                "empty-id",
                format!("a {what} has an empty id; give it a non-empty id"),
            ),
        );
    }
}

/// Cycles in the domain parent relation (`parents[d]` is `d`'s parent), each
/// listed from its first domain in file order along the parent links.
pub fn parent_cycles(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut g = petgraph::graph::DiGraph::<usize, ()>::new();
    let nodes: Vec<petgraph::graph::NodeIndex> =
        (0..parents.len()).map(|d| g.add_node(d)).collect();
    for (d, p) in parents.iter().enumerate() {
        if let Some(p) = p {
            g.add_edge(nodes[d], nodes[*p], ());
        }
    }
    let mut cycles: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&g)
        .into_iter()
        .filter(|scc| scc.len() > 1 || parents[scc[0].index()] == Some(scc[0].index()))
        .map(|scc| {
            // Each domain has one parent, so a strongly connected component is
            // one simple cycle: walk it from its first member.
            let first = scc.iter().map(|n| n.index()).min().unwrap_or(0);
            let mut cycle = vec![first];
            let mut cur = first;
            while let Some(p) = parents[cur].filter(|&p| p != first) {
                cycle.push(p);
                cur = p;
            }
            cycle
        })
        .collect();
    cycles.sort();
    cycles
}

#[cfg(test)]
mod tests {
    use super::parent_cycles;

    #[test]
    fn finds_each_cycle_once_and_ignores_chains() {
        // 0 -> 1 -> 2 -> 0, 3 -> 0 (a chain into the cycle), 4 -> 4, 5 -> none.
        let parents = [Some(1), Some(2), Some(0), Some(0), Some(4), None];
        assert_eq!(parent_cycles(&parents), vec![vec![0, 1, 2], vec![4]]);
        assert!(parent_cycles(&[None, Some(0), Some(1)]).is_empty());
    }
}
