//! `rota report --html`: one self-contained page a product manager can open
//! offline. An inline SVG of the layout (domains as nested regions, rotas as
//! boxes holding their applications, each coloured by target and marked
//! where downgraded or left uncovered, standby per rota), the totals beside
//! the baseline and the policies as bars, the insurance table, and every
//! explanation. No script, no stylesheet or font from elsewhere, no link out.
//! Every piece of text from the model is escaped; the same plan gives the
//! same bytes.

use std::fmt::Write as _;

use crate::layout::Totals;
use crate::model::Model;
use crate::numbers::{load_text, money, printable, signed_money};
use crate::plan::{Plan, Status};
use crate::report::insurance::{duration, InsuranceReport};
use crate::report::picture::{regions, Group, Region};
use crate::report::solve::SolveReport;

/// Fills for targets, strictest target first (text on them is dark).
const TARGET_FILLS: [&str; 10] = [
    "#8fc1e3", "#f6c177", "#9fd59a", "#f4a3a0", "#b6a4d8", "#f2dc7d", "#8ed1c6", "#e7b3d3",
    "#d1b9a5", "#c8ccd2",
];
/// Strokes matching `TARGET_FILLS`.
const TARGET_STROKES: [&str; 10] = [
    "#2f6f9f", "#b7791f", "#3f8a3a", "#b4433e", "#6a55a0", "#a58b16", "#2f8a7c", "#a0517f",
    "#7d5f48", "#6b7280",
];
/// Bar segments: standby, expected loss, callouts, engineering.
pub(crate) const PART_FILLS: [&str; 4] = ["#3b6ea8", "#d9622b", "#e0b43c", "#7a8793"];
const PART_NAMES: [&str; 4] = ["standby", "expected loss", "callouts", "engineering"];

const PAGE_WIDTH: u32 = 1240;
const ROTA_WIDTH: u32 = 260;
const ROW_HEIGHT: u32 = 24;
const PAD: u32 = 12;
const GAP: u32 = 12;
const REGION_HEADER: u32 = 26;
const BOX_HEADER: u32 = 44;

/// Text for HTML, safe in element content and in quoted attributes: hidden
/// characters written out (see `numbers::printable`), then `& < > " '`
/// escaped.
pub fn escape(text: &str) -> String {
    let shown = printable(text);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` cut to `max` characters with an ellipsis, escaped.
pub(crate) fn clipped(text: &str, max: usize) -> String {
    let shown = printable(text);
    if shown.chars().count() <= max {
        return escape(&shown);
    }
    let cut: String = shown.chars().take(max.saturating_sub(1)).collect();
    escape(&(cut + "…"))
}

/// The index into the target palettes of target `t` (strictest first).
fn shade(m: &Model, t: usize) -> usize {
    (m.targets.len().saturating_sub(1).saturating_sub(t)) % TARGET_FILLS.len()
}

/// The page. `r` is the solve report of `plan` (explanations attached where
/// they were computed); `insurance` the revenue-insurance table of `m`.
pub fn render(m: &Model, plan: &Plan, r: &SolveReport, insurance: &InsuranceReport) -> String {
    let mut out = String::new();
    let title = escape(&r.scenario);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{title} — on-call rotas</title>");
    out.push_str(STYLE);
    out.push_str("</head>\n<body>\n<main>\n");
    let _ = writeln!(out, "<h1>{title}</h1>");
    out.push_str(&summary(r));
    out.push_str("<section id=\"layout\">\n<h2>The layout</h2>\n");
    out.push_str(&legend(m));
    out.push_str(&layout_svg(m, plan, r));
    out.push_str("</section>\n");
    out.push_str(&totals_section(r));
    out.push_str(&rota_table(r));
    out.push_str(&application_table(r));
    out.push_str(&insurance_section(insurance));
    out.push_str(&explanation_section(r));
    out.push_str(&diagnostic_section(r));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

pub(crate) const STYLE: &str = "<style>
body { margin: 0; background: #f6f7f9; color: #1f2933; font: 14px/1.45 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 2px solid #d8dde3; padding-bottom: 4px; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0; }
.card { background: #fff; border: 1px solid #d8dde3; border-radius: 8px; padding: 10px 16px; min-width: 150px; }
.card b { display: block; font-size: 20px; }
.card span { color: #52606d; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.status-optimal { color: #2f7a3a; } .status-feasible { color: #a15c00; }
svg { display: block; background: #fff; border: 1px solid #d8dde3; border-radius: 8px; max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, Arial, sans-serif; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 6px 0 10px; align-items: center; font-size: 13px; }
.swatch { display: inline-block; width: 16px; height: 12px; border-radius: 3px; border: 1px solid #555; vertical-align: -1px; margin-right: 4px; }
.hatched { background: repeating-linear-gradient(45deg, #eee, #eee 3px, #bbb 3px, #bbb 5px); }
table { border-collapse: collapse; background: #fff; border: 1px solid #d8dde3; margin: 6px 0 12px; font-size: 13px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e4e7eb; text-align: left; vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.no td { color: #8a939c; }
ul.why li { margin: 3px 0; }
.note { color: #52606d; font-size: 13px; }
</style>
";

fn summary(r: &SolveReport) -> String {
    let (status, class) = match r.status {
        Status::Optimal => ("optimal".to_string(), "status-optimal"),
        Status::Feasible => (
            format!("feasible, gap {:.3}%", r.gap * 100.0),
            "status-feasible",
        ),
    };
    let cur = escape(&r.currency);
    let mut out = String::from("<div class=\"summary\">\n");
    let cards = [
        ("layout", format!("<b class=\"{class}\">{status}</b>")),
        (
            "total per month",
            format!("<b>{} {cur}</b>", money(r.totals.total)),
        ),
        (
            "baseline per month",
            format!("<b>{} {cur}</b>", money(r.baseline.totals.total)),
        ),
        (
            "saving per month",
            format!("<b>{} {cur}</b>", money(r.savings)),
        ),
        (
            "rotas",
            format!("<b>{} (baseline {})</b>", r.rotas.len(), r.baseline.rotas),
        ),
        (
            "standby per month",
            format!("<b>{} {cur}</b>", money(r.totals.standby)),
        ),
    ];
    for (label, value) in cards {
        let _ = writeln!(out, "<div class=\"card\"><span>{label}</span>{value}</div>");
    }
    out.push_str("</div>\n");
    out
}

fn legend(m: &Model) -> String {
    let mut out = String::from("<div class=\"legend\">");
    for t in (0..m.targets.len()).rev() {
        let s = shade(m, t);
        let _ = write!(
            out,
            "<span><i class=\"swatch\" style=\"background:{};border-color:{}\"></i>target {}</span>",
            TARGET_FILLS[s],
            TARGET_STROKES[s],
            escape(&m.targets[t].name)
        );
    }
    out.push_str("<span>▼ downgraded</span><span>▲ upgraded</span>");
    out.push_str("<span><i class=\"swatch hatched\"></i>no out-of-hours cover</span></div>\n");
    out
}

/// A drawn piece of the picture: its size and its SVG at the origin.
struct Drawn {
    w: u32,
    h: u32,
    svg: String,
}

fn layout_svg(m: &Model, plan: &Plan, r: &SolveReport) -> String {
    let root = regions(m, plan);
    let inner = PAGE_WIDTH - 2 * PAD;
    // Rotas no single domain holds sit in a frame of their own when there
    // are domains beside them.
    let body = if root.groups.is_empty() || root.children.is_empty() {
        flow(
            m,
            plan,
            r,
            &root.groups,
            &root.children,
            inner,
            "the organisation holds no application",
        )
    } else {
        let across = flow(m, plan, r, &root.groups, &[], inner - 2 * PAD, "");
        let mut pieces = vec![frame(
            "Across domains · no product or architectural domain holds all their applications",
            "rotas and applications outside any single product or architectural domain",
            "class=\"across\"",
            across,
            inner,
            4,
        )];
        pieces.extend(root.children.iter().map(|c| region(m, plan, r, c, inner)));
        flow_pieces(pieces, inner, "")
    };
    // Wider than the page only when nesting runs deeper than it allows.
    let (w, h) = (PAGE_WIDTH.max(body.w + 2 * PAD), body.h + 2 * PAD);
    let mut out = format!(
        "<svg id=\"layout-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"the layout: domains, rotas and applications\">\n"
    );
    out.push_str(
        "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f1f2f4\"/><rect width=\"2\" height=\"6\" fill=\"#c9ced4\"/></pattern></defs>\n",
    );
    let _ = writeln!(
        out,
        "<g transform=\"translate({PAD},{PAD})\">\n{}</g>\n</svg>",
        body.svg
    );
    out
}

/// Groups then sub-regions, left to right in rows no wider than `width`.
fn flow(
    m: &Model,
    plan: &Plan,
    r: &SolveReport,
    groups: &[Group],
    children: &[Region],
    width: u32,
    empty: &str,
) -> Drawn {
    let mut pieces: Vec<Drawn> = groups.iter().map(|g| group_box(m, plan, r, g)).collect();
    pieces.extend(children.iter().map(|c| region(m, plan, r, c, width)));
    flow_pieces(pieces, width, empty)
}

/// `pieces` left to right in rows no wider than `width`; `empty` when none.
fn flow_pieces(pieces: Vec<Drawn>, width: u32, empty: &str) -> Drawn {
    if pieces.is_empty() {
        return Drawn {
            w: width,
            h: 24,
            svg: format!(
                "<text x=\"4\" y=\"16\" font-size=\"13\" fill=\"#52606d\">{}</text>\n",
                escape(empty)
            ),
        };
    }
    let (mut x, mut y, mut row_h, mut max_w) = (0u32, 0u32, 0u32, 0u32);
    let mut svg = String::new();
    for p in pieces {
        if x > 0 && x + p.w > width {
            x = 0;
            y += row_h + GAP;
            row_h = 0;
        }
        let _ = write!(svg, "<g transform=\"translate({x},{y})\">\n{}</g>\n", p.svg);
        max_w = max_w.max(x + p.w);
        row_h = row_h.max(p.h);
        x += p.w + GAP;
    }
    Drawn {
        w: max_w,
        h: y + row_h,
        svg,
    }
}

fn region(m: &Model, plan: &Plan, r: &SolveReport, reg: &Region, width: u32) -> Drawn {
    let Some(d) = reg.domain else {
        return flow(m, plan, r, &reg.groups, &reg.children, width, "");
    };
    let domain = &m.domains[d];
    let body = flow(
        m,
        plan,
        r,
        &reg.groups,
        &reg.children,
        width.saturating_sub(2 * PAD).max(ROTA_WIDTH),
        "",
    );
    let kind = format!("{:?}", domain.kind).to_lowercase();
    let shown = if domain.name.trim().is_empty() {
        &domain.id
    } else {
        &domain.name
    };
    let label = format!("{shown} · {kind} domain");
    let tip = format!("{} (id {}): {kind} domain", domain.name, domain.id);
    let attrs = format!("class=\"domain\" data-domain=\"{}\"", escape(&domain.id));
    frame(&label, &tip, &attrs, body, width, domain.depth.min(4))
}

/// `body` in a labelled, rounded region no wider than `width` where the
/// label allows; `shade` picks the colours (by depth).
fn frame(label: &str, tip: &str, attrs: &str, body: Drawn, width: u32, shade: usize) -> Drawn {
    let fills = ["#eef3fb", "#f4f0fa", "#eef7f1", "#fbf5ec", "#f3f4f6"];
    let strokes = ["#9db4d6", "#b8a7d6", "#9cc7aa", "#d9bb8a", "#b5b9c0"];
    let shade = shade.min(fills.len() - 1);
    // Wide enough for the label where the row allows (about 7 px a character).
    let wanted = label.chars().count() as u32 * 7 + 2 * PAD;
    let w = (body.w + 2 * PAD)
        .max(ROTA_WIDTH + 2 * PAD)
        .max(wanted.min(width));
    let h = body.h + REGION_HEADER + PAD;
    let max_chars = (w.saturating_sub(2 * PAD) / 7) as usize;
    let mut svg = String::new();
    let _ = writeln!(svg, "<g {attrs}><title>{}</title>", escape(tip));
    let _ = writeln!(
        svg,
        "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
        w - 1,
        h - 1,
        fills[shade],
        strokes[shade]
    );
    let _ = writeln!(
        svg,
        "<text x=\"{PAD}\" y=\"18\" font-size=\"13\" font-weight=\"600\" fill=\"#334155\">{}</text>",
        clipped(label, max_chars)
    );
    let _ = write!(
        svg,
        "<g transform=\"translate({PAD},{REGION_HEADER})\">\n{}</g>\n</g>\n",
        body.svg
    );
    Drawn { w, h, svg }
}

/// A rota (or a "no cover" group) and its applications, one row each.
fn group_box(m: &Model, plan: &Plan, r: &SolveReport, g: &Group) -> Drawn {
    let w = ROTA_WIDTH;
    let h = BOX_HEADER + g.apps.len() as u32 * ROW_HEIGHT + 8;
    let mut svg = String::new();
    let (title, detail, id) = match g.rota {
        Some(i) => {
            let row = &r.rotas[i];
            let detail = format!(
                "{} rota · standby {} {} · load {}",
                row.kind.as_str(),
                money(row.standby),
                r.currency,
                load_text(row.load)
            );
            (row.name.clone(), detail, Some(row.name.as_str()))
        }
        None => (
            "no out-of-hours cover".to_string(),
            "restored in working hours · no standby".to_string(),
            None,
        ),
    };
    match id {
        Some(name) => {
            let _ = writeln!(svg, "<g class=\"rota\" data-rota=\"{}\">", escape(name));
        }
        None => svg.push_str("<g class=\"uncovered\">\n"),
    }
    let _ = writeln!(
        svg,
        "<title>{}: {}</title>",
        escape(&title),
        escape(&detail)
    );
    let (fill, stroke, dash) = if id.is_some() {
        ("#ffffff", "#475569", "")
    } else {
        ("url(#hatch)", "#8a939c", " stroke-dasharray=\"5 3\"")
    };
    let _ = writeln!(
        svg,
        "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
        w - 1,
        h - 1
    );
    let weight = if id.is_some() { "700" } else { "600" };
    let _ = writeln!(
        svg,
        "<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"{weight}\" fill=\"#111827\">{}</text>",
        clipped(&title, 30)
    );
    let _ = writeln!(
        svg,
        "<text x=\"10\" y=\"34\" font-size=\"11\" fill=\"#52606d\">{}</text>",
        clipped(&detail, 44)
    );
    for (k, &a) in g.apps.iter().enumerate() {
        let y = BOX_HEADER + k as u32 * ROW_HEIGHT;
        svg.push_str(&app_row(m, plan.decisions[a].target, r, a, y, w));
    }
    svg.push_str("</g>\n");
    Drawn { w, h, svg }
}

fn app_row(m: &Model, t: usize, r: &SolveReport, a: usize, y: u32, w: u32) -> String {
    let row = &r.applications[a];
    let s = shade(m, t);
    let uncovered = row.cover == "none";
    let mark = match row.change {
        "downgraded" => "▼ ",
        "upgraded" => "▲ ",
        _ => "",
    };
    let change = if row.target == row.current_target {
        format!("{} kept", row.target)
    } else {
        format!("{} from {}", row.target, row.current_target)
    };
    let cover = if uncovered {
        "no out-of-hours cover".to_string()
    } else {
        format!("on rota {}", row.rota.as_deref().unwrap_or("-"))
    };
    let tip = format!(
        "{} ({}), team {}: target {change}, {}; {cover}; expected loss {} {}",
        row.id,
        row.name,
        row.team,
        row.change,
        money(row.expected_loss),
        r.currency
    );
    let dash = if uncovered {
        " stroke-dasharray=\"3 2\""
    } else {
        ""
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<g class=\"app\" data-app=\"{}\" data-target=\"{}\" data-change=\"{}\" data-cover=\"{}\"><title>{}</title>",
        escape(&row.id),
        escape(&row.target),
        row.change,
        row.cover,
        escape(&tip)
    );
    let _ = writeln!(
        out,
        "<rect x=\"8\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{}\" stroke=\"{}\"{dash}/>",
        y + 1,
        w - 16,
        ROW_HEIGHT - 4,
        TARGET_FILLS[s],
        TARGET_STROKES[s]
    );
    let _ = writeln!(
        out,
        "<text x=\"14\" y=\"{}\" font-size=\"12\" fill=\"#111827\">{}{}</text>",
        y + 15,
        if mark.is_empty() {
            String::new()
        } else {
            format!("<tspan fill=\"#b42318\" font-weight=\"700\">{mark}</tspan>")
        },
        clipped(&row.id, if mark.is_empty() { 26 } else { 24 })
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#334155\">{}</text>\n</g>",
        w - 14,
        y + 15,
        clipped(&row.target, 9)
    );
    out
}

fn totals_section(r: &SolveReport) -> String {
    let mut out = String::from("<section id=\"totals\">\n<h2>Totals per month</h2>\n");
    let mut bars: Vec<(&str, usize, &Totals)> = vec![
        ("this layout", r.rotas.len(), &r.totals),
        (
            "every team its own rota (baseline)",
            r.baseline.rotas,
            &r.baseline.totals,
        ),
    ];
    if let Some(ops) = &r.operations_policy {
        bars.push(("You Build It Ops Run It at scale", ops.rotas, &ops.totals));
    }
    out.push_str(&bars_svg(r, &bars));
    out.push_str("<table>\n<tr><th></th><th class=\"num\">this layout</th><th class=\"num\">baseline</th><th class=\"num\">difference</th></tr>\n");
    let (o, b) = (&r.totals, &r.baseline.totals);
    for (label, x, y) in [
        ("standby", o.standby, b.standby),
        ("expected loss", o.expected_loss, b.expected_loss),
        ("callouts", o.callouts, b.callouts),
        ("engineering", o.engineering, b.engineering),
        ("total", o.total, b.total),
    ] {
        let _ = writeln!(
            out,
            "<tr><td>{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            money(x),
            money(y),
            signed_money(x - y)
        );
    }
    let _ = writeln!(
        out,
        "<tr><td>rotas</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td></td></tr>\n</table>",
        r.rotas.len(),
        r.baseline.rotas
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">Money in {} per month. Baseline: {}.{}</p>",
        escape(&r.currency),
        escape(r.baseline.description),
        match &r.operations_policy {
            Some(ops) => format!(" Operations: {}.", escape(ops.description)),
            None => " The model prices no Application Operations, so that policy is not shown."
                .to_string(),
        }
    );
    out.push_str("</section>\n");
    out
}

/// One stacked bar per policy: standby, expected loss, callouts, engineering.
fn bars_svg(r: &SolveReport, bars: &[(&str, usize, &Totals)]) -> String {
    let (label_w, bar_w, value_w) = (270u32, 760u32, 180u32);
    let w = label_w + bar_w + value_w;
    let row = 44u32;
    let top = 34u32;
    let h = top + row * bars.len() as u32 + 8;
    let max = bars.iter().map(|(_, _, t)| t.total).fold(0.0f64, f64::max);
    let scale = if max > 0.0 { bar_w as f64 / max } else { 0.0 };
    let mut out = format!(
        "<svg id=\"totals-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"totals per month\">\n"
    );
    let mut lx = label_w;
    for (i, name) in PART_NAMES.iter().enumerate() {
        let _ = writeln!(
            out,
            "<rect x=\"{lx}\" y=\"10\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{}\"/><text x=\"{}\" y=\"20\" font-size=\"12\" fill=\"#334155\">{name}</text>",
            PART_FILLS[i],
            lx + 16
        );
        lx += 120;
    }
    for (k, (label, rotas, t)) in bars.iter().enumerate() {
        let y = top + k as u32 * row;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\" fill=\"#111827\"{}>{}</text>",
            label_w - 10,
            y + 16,
            if k == 0 { " font-weight=\"700\"" } else { "" },
            escape(label)
        );
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#52606d\">{rotas} rota{}</text>",
            label_w - 10,
            y + 30,
            if *rotas == 1 { "" } else { "s" }
        );
        let mut x = label_w as f64;
        for (i, part) in [t.standby, t.expected_loss, t.callouts, t.engineering]
            .into_iter()
            .enumerate()
        {
            let len = (part.max(0.0) * scale).max(0.0);
            if len < 0.05 {
                continue;
            }
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{}\" width=\"{len:.1}\" height=\"26\" fill=\"{}\"><title>{}: {} {}</title></rect>",
                y + 4,
                PART_FILLS[i],
                PART_NAMES[i],
                money(part),
                escape(&r.currency)
            );
            x += len;
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"13\" font-weight=\"600\" fill=\"#111827\">{} {}</text>",
            x + 8.0,
            y + 22,
            money(t.total),
            escape(&r.currency)
        );
    }
    out.push_str("</svg>\n");
    out
}

fn rota_table(r: &SolveReport) -> String {
    let mut out = format!(
        "<section id=\"rotas\">\n<h2>Rotas ({})</h2>\n",
        r.rotas.len()
    );
    if r.rotas.is_empty() {
        out.push_str("<p>No rota is staffed.</p>\n</section>\n");
        return out;
    }
    out.push_str("<table>\n<tr><th>rota</th><th>kind</th><th>team or domain</th><th class=\"num\">load</th><th class=\"num\">standby</th><th>applications</th></tr>\n");
    for row in &r.rotas {
        let owner = row
            .team
            .clone()
            .or_else(|| row.domain.clone())
            .unwrap_or_default();
        let apps: Vec<String> = row.applications.iter().map(|a| escape(a)).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&row.name),
            row.kind.as_str(),
            escape(&owner),
            load_text(row.load),
            money(row.standby),
            apps.join(", ")
        );
    }
    out.push_str("</table>\n</section>\n");
    out
}

fn application_table(r: &SolveReport) -> String {
    let mut out = format!(
        "<section id=\"applications\">\n<h2>Applications ({})</h2>\n",
        r.applications.len()
    );
    out.push_str("<table>\n<tr><th>application</th><th>team</th><th>target</th><th>change</th><th>cover</th><th>rota</th><th class=\"num\">expected loss</th></tr>\n");
    for a in &r.applications {
        let target = if a.target == a.current_target {
            escape(&a.target)
        } else {
            format!("{} → {}", escape(&a.current_target), escape(&a.target))
        };
        let change = if a.forced_upgrade && a.change == "upgraded" {
            "upgraded (floor)"
        } else {
            a.change
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{target}</td><td>{change}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&a.id),
            escape(&a.team),
            a.cover.replace('_', " "),
            a.rota.as_deref().map(escape).unwrap_or_else(|| "–".into()),
            money(a.expected_loss)
        );
    }
    out.push_str("</table>\n</section>\n");
    out
}

fn insurance_section(r: &InsuranceReport) -> String {
    let mut out = String::from(
        "<section id=\"insurance\">\n<h2>Revenue insurance</h2>\n<p class=\"note\">Per target, what each way of restoring out of hours would still lose and what it costs; the cheapest option that protects the target is marked.</p>\n",
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">Money in {} per month.</p>",
        escape(&r.currency)
    );
    out.push_str("<table>\n<tr><th>target</th><th>window</th><th>option</th><th class=\"num\">time to restore</th><th class=\"num\">standby</th><th class=\"num\">projected loss</th><th class=\"num\">cost</th><th>protects</th><th>cheapest</th></tr>\n");
    for row in &r.rows {
        let _ = writeln!(
            out,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            if row.protects { "" } else { " class=\"no\"" },
            escape(&row.target),
            duration(row.window_hours),
            row.option.label(),
            duration(row.ttr_minutes / 60.0),
            money(row.standby),
            money(row.projected_loss),
            money(row.cost),
            if row.protects { "yes" } else { "no" },
            if row.cheapest { "★" } else { "" }
        );
    }
    out.push_str("</table>\n</section>\n");
    out
}

fn explanation_section(r: &SolveReport) -> String {
    let mut out = String::from("<section id=\"why\">\n<h2>Why</h2>\n");
    let apps: Vec<(&str, &str)> = r
        .applications
        .iter()
        .filter_map(|a| {
            a.explanation
                .as_ref()
                .map(|e| (a.id.as_str(), e.sentence.as_str()))
        })
        .collect();
    let rotas: Vec<(&str, &str)> = r
        .rotas
        .iter()
        .filter_map(|x| {
            x.marginal_value
                .as_ref()
                .map(|v| (x.name.as_str(), v.sentence.as_str()))
        })
        .collect();
    if apps.is_empty() && rotas.is_empty() {
        out.push_str("<p class=\"note\">No explanations were computed for this page (each costs a re-solve: they are on by default up to 60 applications; give <code>--explain</code> to compute them for a larger model).</p>\n</section>\n");
        return out;
    }
    if !apps.is_empty() {
        out.push_str("<h3>Each decision against its cheapest alternative</h3>\n<p class=\"note\">The optimum with that alternative forced, everything else free to change.</p>\n<ul class=\"why\">\n");
        for (id, s) in apps {
            let _ = writeln!(out, "<li data-app=\"{}\">{}</li>", escape(id), escape(s));
        }
        out.push_str("</ul>\n");
    }
    if !rotas.is_empty() {
        out.push_str("<h3>What each rota is worth</h3>\n<p class=\"note\">Dropping a rota: none of its applications may be on a rota of its kind; everything else solved again.</p>\n<ul class=\"why\">\n");
        for (name, s) in rotas {
            let _ = writeln!(out, "<li data-rota=\"{}\">{}</li>", escape(name), escape(s));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

fn diagnostic_section(r: &SolveReport) -> String {
    if r.diagnostics.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section id=\"diagnostics\">\n<h2>Worth a look</h2>\n<ul>\n");
    for d in &r.diagnostics {
        let _ = writeln!(
            out,
            "<li><b>{}</b>: {}</li>",
            d.code.as_str(),
            escape(&d.message)
        );
    }
    out.push_str("</ul>\n</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup_and_shows_hidden_characters() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1b}[31m\u{202e}b"), "a\\u{1b}[31m\\u{202e}b");
        assert_eq!(escape("é 東京"), "é 東京");
    }

    #[test]
    fn clipped_cuts_before_escaping() {
        // An entity is never cut in half.
        assert_eq!(clipped("&&&&&", 3), "&amp;&amp;…");
        assert_eq!(clipped("<ab>", 4), "&lt;ab&gt;");
    }
}
