//! `rota sweep --html`: the sweep as one self-contained page, in the style
//! of `rota report --html` (its stylesheet and escaping). An inline SVG line
//! chart of total cost, standby and expected loss per month against the
//! swept value, every row's point marked, each break-even value a dashed
//! vertical line labelled with its sentence; then the rows and the
//! break-even sentences. With several keys the last (the one varying
//! fastest) is across the chart, and there is one chart per combination of
//! the others. No script, nothing fetched; every piece of text escaped; the
//! same sweep gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::numbers::money;
use crate::report::html::{clipped, escape, PART_FILLS, STYLE};
use crate::report::sweep::{changed_text, figure, BreakEvenReport, SweepReport, SweepRowReport};

/// The most charts one page draws (one per combination of the other keys).
pub const MAX_CHARTS: usize = 24;

const WIDTH: f64 = 1240.0;
const LEFT: f64 = 96.0;
const RIGHT: f64 = 28.0;
const PLOT_HEIGHT: f64 = 320.0;
const BOTTOM: f64 = 58.0;
/// Height of one break-even label's line above the plot.
const LABEL_LINE: f64 = 18.0;
/// Width of a character of 12px text, roughly, for clipping labels.
const CHAR_WIDTH: f64 = 7.0;

/// A series of the chart: name, colour, and its figure in a row.
struct Series {
    name: &'static str,
    colour: &'static str,
    width: f64,
    of: fn(&crate::layout::Totals) -> f64,
}

const SERIES: [Series; 3] = [
    Series {
        name: "total",
        colour: "#1f2933",
        width: 2.5,
        of: |t| t.total,
    },
    Series {
        name: "standby",
        colour: PART_FILLS[0],
        width: 2.0,
        of: |t| t.standby,
    },
    Series {
        name: "expected loss",
        colour: PART_FILLS[1],
        width: 2.0,
        of: |t| t.expected_loss,
    },
];

/// The page.
pub fn render(r: &SweepReport) -> String {
    let mut out = String::new();
    let title = escape(&r.scenario);
    let keys = r.keys.join(" × ");
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{title} — sweep of {}</title>", escape(&keys));
    out.push_str(STYLE);
    out.push_str("</head>\n<body>\n<main>\n");
    let _ = writeln!(out, "<h1>{title}</h1>");
    let _ = writeln!(
        out,
        "<p class=\"note\">Sweep of {}: {} rows, {} per month.</p>",
        escape(&keys),
        r.rows.len(),
        escape(&r.currency)
    );
    out.push_str(&chart_section(r));
    out.push_str(&rows_table(r));
    out.push_str(&break_even_section(r));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The rows that share the values of every key but the last, in order of
/// their first row: (those values, the rows).
type Group<'a> = (Vec<(String, f64)>, Vec<&'a SweepRowReport>);

fn groups(r: &SweepReport) -> Vec<Group<'_>> {
    let Some((_, others)) = r.keys.split_last() else {
        return Vec::new();
    };
    let mut out: Vec<Group<'_>> = Vec::new();
    for row in &r.rows {
        let at: Vec<(String, f64)> = others
            .iter()
            .map(|k| (k.clone(), row.values.get(k).copied().unwrap_or(f64::NAN)))
            .collect();
        match out.iter_mut().find(|(a, _)| same_values(a, &at)) {
            Some((_, rows)) => rows.push(row),
            None => out.push((at, vec![row])),
        }
    }
    out
}

fn same_values(a: &[(String, f64)], b: &[(String, f64)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && va.to_bits() == vb.to_bits())
}

fn chart_section(r: &SweepReport) -> String {
    let mut out =
        String::from("<section id=\"chart\">\n<h2>Cost per month against the value</h2>\n");
    let Some(x_key) = r.keys.last() else {
        out.push_str("<p class=\"note\">Nothing was swept.</p>\n</section>\n");
        return out;
    };
    out.push_str(&legend());
    let groups = groups(r);
    if r.keys.len() > 1 {
        let others = &r.keys[..r.keys.len() - 1];
        let _ = writeln!(
            out,
            "<p class=\"note\">{} across each chart; one chart for each value of {}.</p>",
            escape(x_key),
            escape(&others.join(" × "))
        );
    }
    for (at, rows) in groups.iter().take(MAX_CHARTS) {
        let caption: Vec<String> = at
            .iter()
            .map(|(k, v)| format!("{} = {}", k, figure(*v)))
            .collect();
        if !caption.is_empty() {
            let _ = writeln!(out, "<h3>At {}</h3>", escape(&caption.join(", ")));
        }
        let lines: Vec<&BreakEvenReport> = r
            .break_evens
            .iter()
            .filter(|b| {
                &b.key == x_key
                    && at
                        .iter()
                        .all(|(k, v)| b.at.get(k).is_some_and(|w| w.to_bits() == v.to_bits()))
            })
            .collect();
        out.push_str(&chart(r, x_key, rows, &lines));
    }
    if groups.len() > MAX_CHARTS {
        let _ = writeln!(
            out,
            "<p class=\"note\">The first {MAX_CHARTS} of {} charts are drawn; every row is in the table below.</p>",
            groups.len()
        );
    }
    let elsewhere = r.break_evens.iter().filter(|b| &b.key != x_key).count();
    if elsewhere > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">{elsewhere} break-even value(s) along the other keys are not drawn; their sentences are below.</p>"
        );
    }
    out.push_str("</section>\n");
    out
}

fn legend() -> String {
    let mut out = String::from("<div class=\"legend\">");
    for s in &SERIES {
        let _ = write!(
            out,
            "<span><i class=\"swatch\" style=\"background:{c};border-color:{c}\"></i>{}</span>",
            s.name,
            c = s.colour
        );
    }
    out.push_str("<span>┆ break-even value</span></div>\n");
    out
}

/// About `want` steps of 1, 2 or 5 times a power of ten across `span`.
fn tick_step(span: f64, want: f64) -> f64 {
    let raw = span / want;
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let unit = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    unit * magnitude
}

/// The multiples of `step` in `[lo, hi]`.
fn ticks(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// A y tick's label: whole money, or a short figure for steps below one.
fn y_label(v: f64, step: f64) -> String {
    if step >= 1.0 {
        money(v)
    } else {
        figure(v)
    }
}

fn chart(
    r: &SweepReport,
    x_key: &str,
    rows: &[&SweepRowReport],
    lines: &[&BreakEvenReport],
) -> String {
    // The solved rows, left to right.
    let mut points: Vec<(f64, &crate::layout::Totals)> = rows
        .iter()
        .filter_map(|row| Some((*row.values.get(x_key)?, row.totals.as_ref()?)))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    if points.is_empty() {
        return "<p class=\"note\">No row of this chart was solved; see the table.</p>\n".into();
    }
    let failed = rows.len() - points.len();

    // The x range holds every point and every break-even line.
    let xs = points
        .iter()
        .map(|p| p.0)
        .chain(lines.iter().map(|b| b.value));
    let (mut x_lo, mut x_hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    if x_hi - x_lo <= f64::EPSILON * x_lo.abs().max(1.0) {
        let pad = (x_lo.abs() * 0.1).max(1.0);
        x_lo -= pad;
        x_hi += pad;
    }
    let ys = points
        .iter()
        .flat_map(|(_, t)| SERIES.iter().map(move |s| (s.of)(t)));
    let (y_min, y_max) = ys.fold((0.0f64, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let y_span = if y_max - y_min > 0.0 {
        y_max - y_min
    } else {
        1.0
    };
    let y_step = tick_step(y_span, 6.0);
    let y_lo = (y_min / y_step).floor() * y_step;
    let y_hi = ((y_max / y_step).ceil() * y_step).max(y_lo + y_step);
    let x_step = tick_step(x_hi - x_lo, 8.0);

    let top = 14.0 + LABEL_LINE * lines.len() as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let height = top + PLOT_HEIGHT + BOTTOM;
    let sx = |x: f64| LEFT + (x - x_lo) / (x_hi - x_lo) * plot_w;
    let sy = |y: f64| top + PLOT_HEIGHT - (y - y_lo) / (y_hi - y_lo) * PLOT_HEIGHT;
    let bottom = top + PLOT_HEIGHT;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg class=\"chart\" width=\"{WIDTH}\" height=\"{height:.0}\" viewBox=\"0 0 {WIDTH} {height:.0}\" role=\"img\" aria-label=\"cost per month against {}\">",
        escape(x_key)
    );
    // Grid and y ticks.
    for v in ticks(y_lo, y_hi, y_step) {
        let y = sy(v);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e4e7eb\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#52606d\">{}</text>",
            LEFT + plot_w,
            LEFT - 8.0,
            y + 4.0,
            escape(&y_label(v, y_step))
        );
    }
    // X ticks.
    for v in ticks(x_lo, x_hi, x_step) {
        let x = sx(v);
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{bottom:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#52606d\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#52606d\">{}</text>",
            bottom + 5.0,
            bottom + 19.0,
            escape(&figure(v))
        );
    }
    // Axes and their titles.
    let _ = writeln!(
        svg,
        "<path d=\"M{LEFT:.1},{top:.1} V{bottom:.1} H{:.1}\" fill=\"none\" stroke=\"#52606d\" class=\"axes\"/>",
        LEFT + plot_w
    );
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1f2933\">{}</text>",
        LEFT + plot_w / 2.0,
        bottom + 42.0,
        clipped(x_key, (plot_w / CHAR_WIDTH) as usize)
    );
    let _ = writeln!(
        svg,
        "<text transform=\"translate(18 {:.1}) rotate(-90)\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1f2933\">{} per month</text>",
        top + PLOT_HEIGHT / 2.0,
        clipped(&r.currency, 20)
    );
    // Break-even lines, each labelled with its sentence on a line of its own.
    for (i, b) in lines.iter().enumerate() {
        let x = sx(b.value);
        // The chart's caption gives the other keys' values: the label
        // leaves out the sentence's "(at ...)".
        let label = match b.sentence.rfind(" (at ") {
            Some(i) if r.keys.len() > 1 => &b.sentence[..i],
            _ => b.sentence.as_str(),
        };
        let label_y = 14.0 + LABEL_LINE * i as f64;
        let left_half = x < LEFT + plot_w / 2.0;
        let (anchor, tx, room) = if left_half {
            ("start", x + 5.0, WIDTH - x - 10.0)
        } else {
            ("end", x - 5.0, x - 10.0)
        };
        let _ = writeln!(
            svg,
            "<g class=\"break-even\" data-value=\"{}\"><title>{}</title><line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\" stroke=\"#6a55a0\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"{tx:.1}\" y=\"{label_y:.1}\" font-size=\"12\" text-anchor=\"{anchor}\" fill=\"#4a3a80\">{}</text></g>",
            b.value,
            escape(&b.sentence),
            label_y - 10.0,
            clipped(label, (room / CHAR_WIDTH).max(8.0) as usize)
        );
    }
    // The series: one polyline each, every point marked.
    for s in &SERIES {
        let coords: Vec<String> = points
            .iter()
            .map(|(x, t)| format!("{:.1},{:.1}", sx(*x), sy((s.of)(t))))
            .collect();
        let _ = writeln!(
            svg,
            "<g class=\"series\" data-series=\"{}\"><polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"/>",
            s.name,
            coords.join(" "),
            s.colour,
            s.width
        );
        for (x, t) in &points {
            let y = (s.of)(t);
            let _ = writeln!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#fff\" stroke=\"{}\" stroke-width=\"2\"><title>{} {}: {} {}</title></circle>",
                sx(*x),
                sy(y),
                s.colour,
                escape(x_key),
                escape(&figure(*x)),
                s.name,
                money(y)
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>\n");
    if failed > 0 {
        let _ = writeln!(
            svg,
            "<p class=\"note\">{failed} row(s) of this chart could not be solved and are not drawn; see the table.</p>"
        );
    }
    svg
}

fn rows_table(r: &SweepReport) -> String {
    let mut out = String::from("<section id=\"rows\">\n<h2>Rows</h2>\n<table>\n<tr>");
    for k in &r.keys {
        let _ = write!(out, "<th class=\"num\">{}</th>", escape(k));
    }
    out.push_str("<th>status</th><th class=\"num\">rotas</th><th class=\"num\">standby</th><th class=\"num\">expected loss</th><th class=\"num\">callouts</th><th class=\"num\">engineering</th><th class=\"num\">total</th><th>changed</th></tr>\n");
    for row in &r.rows {
        let class = if row.totals.is_some() {
            "row"
        } else {
            "row no"
        };
        let _ = write!(out, "<tr class=\"{class}\">");
        let values: BTreeMap<&str, f64> =
            row.values.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        for k in &r.keys {
            let v = values.get(k.as_str()).copied().unwrap_or(f64::NAN);
            let _ = write!(out, "<td class=\"num\">{}</td>", escape(&figure(v)));
        }
        let _ = write!(out, "<td>{}</td>", escape(row.status));
        match &row.totals {
            Some(t) => {
                let _ = write!(out, "<td class=\"num\">{}</td>", row.rotas.len());
                for x in [
                    t.standby,
                    t.expected_loss,
                    t.callouts,
                    t.engineering,
                    t.total,
                ] {
                    let _ = write!(out, "<td class=\"num\">{}</td>", money(x));
                }
                let _ = write!(out, "<td>{}</td>", escape(&changed_text(&row.changed)));
            }
            None => {
                out.push_str(&"<td></td>".repeat(6));
                let _ = write!(
                    out,
                    "<td>{}</td>",
                    escape(row.error.as_deref().unwrap_or_default())
                );
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</section>\n");
    out
}

fn break_even_section(r: &SweepReport) -> String {
    let mut out = String::from("<section id=\"break-evens\">\n<h2>Break-even points</h2>\n");
    if r.break_evens.is_empty() {
        out.push_str("<p class=\"note\">The layout is the same at every value swept: no break-even point between them.</p>\n");
    } else {
        out.push_str("<p class=\"note\">Found by bisection between neighbouring values whose layouts differ, to 1e-6 relative.</p>\n<ul class=\"why\">\n");
        for b in &r.break_evens {
            let _ = writeln!(out, "<li class=\"break-even\">{}</li>", escape(&b.sentence));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}
