//! `rota sweep --html`: the page's structure (every row's value and total,
//! one polyline per series and chart, a dashed line at each break-even value
//! where the closed form puts it, nothing fetched, hostile ids escaped), the
//! same bytes every run, written atomically, and headless Chromium drawing it
//! (skipped with a message where Chromium is missing).

use std::path::{Path, PathBuf};

use approx::assert_relative_eq;
use rota::numbers::money;
use rota::report::sweep::figure;

use crate::common::rota;
use crate::html::{browse, chromium, esc, hostile_model, screenshot, IMG_ID};

const FRUITS: &str = "models/fruits-r-us.toml";
const STOCK: &str = "applications.stock-levels.incidents_per_month";

/// One application, one rota: cover pays once incidents exceed
/// standby / (P(none) - P(team)) = 3000 / (5000 - 1000 x 20 / 60).
fn one(app: &str) -> String {
    let id = format!("\"{}\"", app.replace('\\', "\\\\").replace('"', "\\\""));
    crate::levers::ONE
        .replacen(
            "name = \"One\"\n",
            "name = \"One <i>app</i> & co\"\ncurrency = \"G<B>P\"\n",
            1,
        )
        .replacen("id = \"stock-levels\"", &format!("id = {id}"), 1)
}

fn closed_form() -> f64 {
    3000.0 / (5000.0 - 1000.0 * 20.0 / 60.0)
}

/// Runs `rota sweep MODEL ARGS... --format json --html FILE`: the page and
/// the JSON printed beside it.
fn sweep_page(model: &Path, args: &[&str], dir: &Path) -> (PathBuf, String, serde_json::Value) {
    let file = dir.join("sweep.html");
    let mut all = vec!["sweep", model.to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend(["--format", "json", "--html", file.to_str().unwrap()]);
    let (code, out, err) = rota(&all);
    assert_eq!(code, 0, "{all:?}: {err}");
    let json = serde_json::from_str(&out).unwrap();
    let page = std::fs::read_to_string(&file).unwrap();
    (file, page, json)
}

/// The numbers in the `data-value` of each break-even line of the page.
fn drawn_break_evens(page: &str) -> Vec<f64> {
    page.match_indices("<g class=\"break-even\" data-value=\"")
        .map(|(i, m)| {
            let rest = &page[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn the_sweep_page_shows_every_row_series_and_break_even() {
    let dir = tempfile::tempdir().unwrap();
    let (_, page, json) = sweep_page(
        Path::new(FRUITS),
        &["--range", &format!("{STOCK}=0..2:8")],
        dir.path(),
    );
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 9);
    // Every row: its value and each of its figures, as cells of the table.
    for row in rows {
        let value = row["values"][STOCK].as_f64().unwrap();
        let t = &row["totals"];
        let mut cells = format!("<td class=\"num\">{}</td><td>optimal</td>", figure(value));
        cells.push_str(&format!(
            "<td class=\"num\">{}</td>",
            row["rotas"].as_array().unwrap().len()
        ));
        for part in [
            "standby",
            "expected_loss",
            "callouts",
            "engineering",
            "total",
        ] {
            cells.push_str(&format!(
                "<td class=\"num\">{}</td>",
                money(t[part].as_f64().unwrap())
            ));
        }
        assert!(page.contains(&cells), "row {value}: {cells}");
        // And its point on the total line, with the total in its tooltip.
        let tip = format!(
            "<title>{STOCK} {}: total {}</title>",
            figure(value),
            money(t["total"].as_f64().unwrap())
        );
        assert!(page.contains(&tip), "{tip}");
    }
    // One chart, one polyline per series, a point per row on each.
    assert_eq!(page.matches("<svg").count(), 1);
    assert_eq!(page.matches("</svg>").count(), 1);
    assert_eq!(page.matches("<polyline").count(), 3);
    for series in ["total", "standby", "expected loss"] {
        let at = page
            .find(&format!("data-series=\"{series}\""))
            .unwrap_or_else(|| panic!("no {series} series"));
        let group = &page[at..at + page[at..].find("</g>").unwrap()];
        assert_eq!(group.matches("<polyline").count(), 1, "{series}");
        assert_eq!(group.matches("<circle").count(), 9, "{series}");
        let line = &group[group.find("points=\"").unwrap() + 8..];
        let points = &line[..line.find('"').unwrap()];
        assert_eq!(points.split(' ').count(), 9, "{series}: {points}");
    }
    // Each break-even drawn at its value, dashed, with its sentence, and
    // listed below the table.
    let break_evens = json["break_evens"].as_array().unwrap();
    assert!(!break_evens.is_empty());
    let drawn = drawn_break_evens(&page);
    assert_eq!(drawn.len(), break_evens.len());
    for (b, x) in break_evens.iter().zip(&drawn) {
        assert_relative_eq!(*x, b["value"].as_f64().unwrap(), max_relative = 1e-12);
        let sentence = esc(b["sentence"].as_str().unwrap());
        assert!(page.contains(&format!("<title>{sentence}</title>")));
        assert!(page.contains(&format!("<li class=\"break-even\">{sentence}</li>")));
    }
    assert_eq!(page.matches("stroke-dasharray").count(), drawn.len());
    // Axis ticks with readable numbers: 0 to 2 across, money up the side.
    for tick in ["0", "0.5", "1", "1.5", "2"] {
        assert!(page.contains(&format!(
            "text-anchor=\"middle\" fill=\"#52606d\">{tick}</text>"
        )));
    }
    assert!(page.contains("text-anchor=\"end\" fill=\"#52606d\">10,000</text>"));

    // Nothing from elsewhere (a model whose ids hold no markup).
    let lower = page.to_lowercase();
    for banned in [
        "http", "<script", "<link", " src=", " href=", "@import", "<iframe", "<img", "url(",
    ] {
        assert!(!lower.contains(banned), "{banned}");
    }
    assert!(lower.starts_with("<!doctype html>"));
    assert!(lower.ends_with("</html>\n"));
}

#[test]
fn the_break_even_line_sits_at_the_closed_form_value() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("one.toml");
    std::fs::write(&model, one("stock-levels")).unwrap();
    let (_, page, json) = sweep_page(
        &model,
        &["--set", &format!("{STOCK}=0,0.25,0.5,0.75,1,1.5")],
        dir.path(),
    );
    let drawn = drawn_break_evens(&page);
    assert_eq!(drawn.len(), 1, "{page}");
    assert_relative_eq!(drawn[0], closed_form(), max_relative = 2e-6);
    // The line lies between the points of 0.5 and 0.75, in proportion.
    let x_of = |value: &str| -> f64 {
        let tip = format!("<title>{STOCK} {value}: total");
        let at = page.find(&tip).unwrap();
        let before = &page[..at];
        let cx = &before[before.rfind("cx=\"").unwrap() + 4..];
        cx[..cx.find('"').unwrap()].parse().unwrap()
    };
    let at = page.find("<g class=\"break-even\"").unwrap();
    let x1 = &page[at + page[at..].find("x1=\"").unwrap() + 4..];
    let line_x: f64 = x1[..x1.find('"').unwrap()].parse().unwrap();
    let (a, b) = (x_of("0.5"), x_of("0.75"));
    let want = a + (b - a) * (closed_form() - 0.5) / 0.25;
    assert!((line_x - want).abs() <= 0.2, "{line_x} vs {want}");
    assert_eq!(json["break_evens"].as_array().unwrap().len(), 1);
}

#[test]
fn several_keys_give_one_chart_per_combination_of_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (_, page, json) = sweep_page(
        Path::new(FRUITS),
        &[
            "--range",
            &format!("{STOCK}=0..2:4"),
            "--set",
            "support.domain_rota.standby_per_month=3000,6000,9000",
        ],
        dir.path(),
    );
    assert_eq!(page.matches("<svg").count(), 3);
    assert_eq!(page.matches("<polyline").count(), 9);
    for v in ["3000", "6000", "9000"] {
        assert!(
            page.contains(&format!(
                "<h3>At support.domain_rota.standby_per_month = {v}</h3>"
            )),
            "{v}"
        );
    }
    // Break-evens along the swept-across key are drawn (each in its own
    // chart); the others are counted in a note; all are listed.
    let break_evens = json["break_evens"].as_array().unwrap();
    let across = break_evens.iter().filter(|b| b["key"] == STOCK).count();
    assert_eq!(drawn_break_evens(&page).len(), across);
    assert_eq!(
        page.matches("<li class=\"break-even\">").count(),
        break_evens.len()
    );
    if across < break_evens.len() {
        assert!(page.contains(&format!(
            "{} break-even value(s) along the other keys are not drawn",
            break_evens.len() - across
        )));
    }
}

#[test]
fn rows_that_fail_are_in_the_table_not_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let (_, page, json) = sweep_page(
        Path::new(FRUITS),
        &["--set", &format!("{STOCK}=-1,0,1")],
        dir.path(),
    );
    assert_eq!(json["rows"][0]["status"], "error");
    let error = json["rows"][0]["error"].as_str().unwrap();
    assert!(page.contains(&esc(error)), "{error}");
    assert!(page.contains("1 row(s) of this chart could not be solved"));
    let at = page.find("data-series=\"total\"").unwrap();
    let group = &page[at..at + page[at..].find("</g>").unwrap()];
    assert_eq!(group.matches("<circle").count(), 2);
}

#[test]
fn the_sweep_page_escapes_hostile_ids() {
    let dir = tempfile::tempdir().unwrap();
    // A hostile application id in the key, the break-even sentence, the
    // changes; markup in the scenario name and the currency.
    let hostile = "</svg><img src=x onerror=alert(1)>";
    let model = dir.path().join("one.toml");
    std::fs::write(&model, one(hostile)).unwrap();
    let key = format!("applications.{hostile}.incidents_per_month");
    let (_, page, json) = sweep_page(&model, &["--range", &format!("{key}=0..1.5:6")], dir.path());
    assert_eq!(json["break_evens"].as_array().unwrap().len(), 1);
    let sentence = json["break_evens"][0]["sentence"].as_str().unwrap();
    assert!(sentence.contains(hostile), "{sentence}");
    for raw in [hostile, "<i>app", "G<B>P", sentence] {
        assert!(!page.contains(raw), "raw {raw}");
    }
    for shown in [esc(hostile), esc("One <i>app</i> & co"), esc("G<B>P")] {
        assert!(page.contains(&shown), "escaped {shown}");
    }
    assert!(page.contains(&esc(sentence)));
    assert_eq!(page.matches("<svg").count(), 1);
    assert_eq!(page.matches("</svg>").count(), 1);

    // The shared hostile model: control characters in the name written out.
    let fruits = hostile_model(dir.path());
    let key = format!("applications.{IMG_ID}.incidents_per_month");
    let (_, page, _) = sweep_page(&fruits, &["--set", &format!("{key}=0,1")], dir.path());
    assert!(page.contains("Evil\\u{1b}[31m\\u{7}&lt;b&gt;bold&lt;/b&gt;\\u{202e}"));
    assert!(!page.contains(IMG_ID) && page.contains(&esc(IMG_ID)));
    for c in page.chars() {
        assert!(
            !((c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
            "raw U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn the_same_sweep_gives_the_same_page_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--range",
        &format!("{STOCK}=0..2:4"),
        "--set",
        "support.domain_rota.standby_per_month=3000,6000",
    ];
    let (_, first, _) = sweep_page(Path::new(FRUITS), &args, dir.path());
    let other = tempfile::tempdir().unwrap();
    let (_, second, _) = sweep_page(Path::new(FRUITS), &args, other.path());
    assert_eq!(first, second);
    // Beside --html, the chosen format still prints as without it.
    let (code, plain, err) = rota(&["sweep", FRUITS, "--range", &format!("{STOCK}=0..2:4")]);
    assert_eq!(code, 0, "{err}");
    let file = dir.path().join("again.html");
    let (code, with, err) = rota(&[
        "sweep",
        FRUITS,
        "--range",
        &format!("{STOCK}=0..2:4"),
        "--html",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(plain, with);

    // Refused before anything runs: the model as the page.
    let model = dir.path().join("model.toml");
    std::fs::copy(FRUITS, &model).unwrap();
    let before = std::fs::read(&model).unwrap();
    let (code, _, err) = rota(&[
        "sweep",
        model.to_str().unwrap(),
        "--set",
        &format!("{STOCK}=0,1"),
        "--html",
        model.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(
        err.contains("--html") && err.contains("refusing to overwrite"),
        "{err}"
    );
    assert_eq!(std::fs::read(&model).unwrap(), before);

    // A page that cannot be written: an error naming it, nothing left.
    let missing = dir.path().join("no-such-dir").join("page.html");
    let (code, _, err) = rota(&[
        "sweep",
        FRUITS,
        "--set",
        &format!("{STOCK}=0,1"),
        "--html",
        missing.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(
        err.contains("page.html") && err.contains("cannot write"),
        "{err}"
    );
    assert!(!missing.exists());
    // Nothing else in the folder: no temporary file left behind.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["again.html", "model.toml", "sweep.html"]);
}

#[test]
fn chromium_draws_the_sweep_chart() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (file, _, json) = sweep_page(
        Path::new(FRUITS),
        &["--range", &format!("{STOCK}=0..2:8")],
        dir.path(),
    );
    let pixels = screenshot(&browser, &file, dir.path());
    let distinct: std::collections::BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(
        distinct.len() > 50,
        "{} colours: a blank page?",
        distinct.len()
    );
    let near = |p: &[u8; 3], hex: u32| {
        let want = [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8];
        p.iter().zip(want).all(|(&a, b)| a.abs_diff(b) <= 10)
    };
    // The lines themselves: standby blue, expected-loss orange, the dashed
    // break-even purple.
    for (what, hex, least) in [
        ("standby", 0x3b6ea8, 300),
        ("expected loss", 0xd9622b, 300),
        ("break-even", 0x6a55a0, 40),
    ] {
        let n = pixels.iter().filter(|p| near(p, hex)).count();
        assert!(n > least, "{what}: {n} pixels of #{hex:06x}");
    }

    // The browser reads three series and the break-even line, as SVG.
    let dom = browse(&browser, &file, &["--dump-dom"]);
    assert!(dom.contains("</html>"), "{dom}");
    assert_eq!(dom.matches("<polyline").count(), 3, "{dom}");
    assert_eq!(
        dom.matches("class=\"break-even\" data-value").count(),
        json["break_evens"].as_array().unwrap().len()
    );
    assert!(!dom.contains("<img"));
}
