//! `rota report --format dot`: the layout for Graphviz. Domains are nested
//! clusters, each rota a cluster holding its applications (one node each,
//! filled by target, marked where downgraded, dashed where left without
//! out-of-hours cover). Every id is quoted and escaped; node and cluster
//! names are made from positions, so no id can break the syntax. The same
//! plan gives the same bytes.

use std::fmt::Write as _;

use crate::model::Model;
use crate::numbers::{load_text, money, printable};
use crate::plan::Plan;
use crate::report::picture::{regions, Group, Region};
use crate::report::solve::SolveReport;

/// Fills for targets, strictest first (as on the HTML page).
const FILLS: [&str; 10] = [
    "#8fc1e3", "#f6c177", "#9fd59a", "#f4a3a0", "#b6a4d8", "#f2dc7d", "#8ed1c6", "#e7b3d3",
    "#d1b9a5", "#c8ccd2",
];

/// `text` as a DOT double-quoted string: hidden characters written out (see
/// `numbers::printable`), then `\` and `"` escaped, so that Graphviz shows
/// the text as it is and reads no escape sequence in it.
pub fn quoted(text: &str) -> String {
    let shown = printable(text);
    let mut out = String::with_capacity(shown.len() + 2);
    out.push('"');
    for c in shown.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lines of a label joined with Graphviz's centred line break (`\n`), each
/// line quoted as by `quoted`.
fn label(lines: &[String]) -> String {
    let parts: Vec<String> = lines
        .iter()
        .map(|l| {
            let q = quoted(l);
            q[1..q.len() - 1].to_string()
        })
        .collect();
    format!("\"{}\"", parts.join("\\n"))
}

/// The graph. `r` is the solve report of `plan`.
pub fn render(m: &Model, plan: &Plan, r: &SolveReport) -> String {
    let mut out = String::from("digraph rota {\n");
    let _ = writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", fontsize=16, rankdir=LR, compound=true];",
        label(&[
            format!("{}: {} layout", r.scenario, r.status.as_str()),
            format!(
                "{} {} per month, baseline {}",
                money(r.totals.total),
                r.currency,
                money(r.baseline.totals.total)
            ),
        ])
    );
    out.push_str(
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n",
    );
    let root = regions(m, plan);
    let mut clusters = 0usize;
    write_region(&mut out, m, plan, r, &root, 1, &mut clusters);
    out.push_str("}\n");
    out
}

fn write_region(
    out: &mut String,
    m: &Model,
    plan: &Plan,
    r: &SolveReport,
    reg: &Region,
    depth: usize,
    clusters: &mut usize,
) {
    let pad = "  ".repeat(depth);
    let inner = match reg.domain {
        Some(d) => {
            let domain = &m.domains[d];
            *clusters += 1;
            let kind = format!("{:?}", domain.kind).to_lowercase();
            let _ = writeln!(out, "{pad}subgraph \"cluster_{}\" {{", clusters);
            let _ = writeln!(
                out,
                "{pad}  graph [label={}, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#9db4d6\"];",
                label(&[format!("{} ({kind} domain)", domain.id)])
            );
            depth + 1
        }
        None => depth,
    };
    for g in &reg.groups {
        write_group(out, m, plan, r, g, inner, clusters);
    }
    for c in &reg.children {
        write_region(out, m, plan, r, c, inner, clusters);
    }
    if reg.domain.is_some() {
        let _ = writeln!(out, "{pad}}}");
    }
}

fn write_group(
    out: &mut String,
    m: &Model,
    plan: &Plan,
    r: &SolveReport,
    g: &Group,
    depth: usize,
    clusters: &mut usize,
) {
    let pad = "  ".repeat(depth);
    *clusters += 1;
    let _ = writeln!(out, "{pad}subgraph \"cluster_{}\" {{", clusters);
    match g.rota {
        Some(i) => {
            let row = &r.rotas[i];
            let _ = writeln!(
                out,
                "{pad}  graph [label={}, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#475569\"];",
                label(&[
                    format!("rota {}", row.name),
                    format!(
                        "{} rota, standby {} {}, load {}",
                        row.kind.as_str(),
                        money(row.standby),
                        r.currency,
                        load_text(row.load)
                    ),
                ])
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{pad}  graph [label=\"no out-of-hours cover\", style=\"dashed,filled\", fillcolor=\"#f1f2f4\", color=\"#8a939c\"];"
            );
        }
    }
    for &a in &g.apps {
        let row = &r.applications[a];
        let t = plan.decisions[a].target;
        let shade = (m.targets.len().saturating_sub(1).saturating_sub(t)) % FILLS.len();
        let target = match row.change {
            "downgraded" => format!("▼ {} (from {})", row.target, row.current_target),
            "upgraded" => format!("▲ {} (from {})", row.target, row.current_target),
            _ => row.target.clone(),
        };
        let style = if row.cover == "none" {
            "rounded,filled,dashed"
        } else {
            "rounded,filled"
        };
        let _ = writeln!(
            out,
            "{pad}  {} [label={}, fillcolor=\"{}\", style=\"{style}\"];",
            quoted(&format!("app:{}", row.id)),
            label(&[row.id.clone(), target]),
            FILLS[shade]
        );
    }
    let _ = writeln!(out, "{pad}}}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_quotes_and_backslashes_and_shows_hidden_characters() {
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        // A newline is written out, then its backslash escaped: Graphviz
        // shows `\n` instead of breaking the line.
        assert_eq!(quoted("x\ny"), "\"x\\\\ny\"");
        assert_eq!(quoted("}; digraph {"), "\"}; digraph {\"");
    }

    #[test]
    fn label_joins_lines_with_graphviz_breaks() {
        assert_eq!(label(&["a\"".into(), "b".into()]), "\"a\\\"\\nb\"");
    }
}
