//! `rota report`: the HTML page and the Graphviz output. Structure always
//! (every rota and application, nothing fetched from elsewhere, hostile ids
//! escaped, same bytes every run); the DOT checked by Graphviz's `dot` and
//! the page opened in headless Chromium where they are installed (a clear
//! message says what was skipped where they are not; `.ci/run` installs
//! both).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::rota;

const MODELS: [&str; 2] = [
    "models/fruits-r-us.toml",
    "models/greengate-retail-group.toml",
];

/// Ids a page must show as text, not as markup.
pub(crate) const SCRIPT_ID: &str = "<script>alert('x')</script>";
pub(crate) const DOMAIN_ID: &str = "Ful\"fil&ment<\\>";
pub(crate) const IMG_ID: &str = "</svg><img src=x onerror=alert(1)>";

/// The page `rota report MODEL --html FILE` writes.
fn page(model: &str, dir: &Path) -> (PathBuf, String) {
    let file = dir.join("page.html");
    let (code, out, err) = rota(&["report", model, "--html", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{model}: {err}");
    assert_eq!(out, "", "{model}: --html alone prints nothing");
    let text = std::fs::read_to_string(&file).unwrap();
    (file, text)
}

/// The rota names and application ids `rota solve` gives for `model`, and
/// every explanation sentence.
fn solved(model: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (code, out, err) = rota(&["solve", model, "--format", "json", "--explain"]);
    assert_eq!(code, 0, "{model}: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let strings = |list: &str, key: &str| -> Vec<String> {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_str().unwrap().to_string())
            .collect()
    };
    let mut sentences = Vec::new();
    for a in v["applications"].as_array().unwrap() {
        sentences.push(a["explanation"]["sentence"].as_str().unwrap().to_string());
    }
    for r in v["rotas"].as_array().unwrap() {
        sentences.push(
            r["marginal_value"]["sentence"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    (
        strings("rotas", "name"),
        strings("applications", "id"),
        sentences,
    )
}

/// HTML escaping as the page must do it.
pub(crate) fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Fruits R Us with hostile ids for a team and its application, a domain, and
/// the scenario name holding control characters.
pub(crate) fn hostile_model(dir: &Path) -> PathBuf {
    let toml_string = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let text = std::fs::read_to_string("models/fruits-r-us.toml")
        .unwrap()
        .replace("\"orders\"", &toml_string(SCRIPT_ID))
        .replace("\"fulfilment\"", &toml_string(DOMAIN_ID))
        .replace("\"checkout\"", &toml_string(IMG_ID))
        .replace(
            "name = \"Fruits R Us\"",
            "name = \"Evil\\u001b[31m\\u0007<b>bold</b>\\u202e\"",
        );
    let path = dir.join("hostile.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_page_shows_every_rota_application_and_explanation() {
    for model in MODELS {
        let dir = tempfile::tempdir().unwrap();
        let (_, html) = page(model, dir.path());
        let (rotas, apps, sentences) = solved(model);
        assert!(!rotas.is_empty() && !apps.is_empty(), "{model}");
        for r in &rotas {
            let mark = format!("class=\"rota\" data-rota=\"{}\"", esc(r));
            assert_eq!(html.matches(&mark).count(), 1, "{model}: rota box {r}");
        }
        for a in &apps {
            let mark = format!("class=\"app\" data-app=\"{}\"", esc(a));
            assert_eq!(html.matches(&mark).count(), 1, "{model}: application {a}");
            assert!(
                html.contains(&format!("<tr><td>{}</td>", esc(a))),
                "{model}: row {a}"
            );
        }
        assert_eq!(html.matches("class=\"app\"").count(), apps.len(), "{model}");
        for s in &sentences {
            assert!(html.contains(&esc(s)), "{model}: explanation {s}");
        }
        for section in [
            "id=\"layout-svg\"",
            "id=\"totals-svg\"",
            "id=\"insurance\"",
            "id=\"why\"",
        ] {
            assert!(html.contains(section), "{model}: {section}");
        }
    }
}

#[test]
fn the_page_marks_downgrades_uncovered_applications_and_standby() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = page("models/fruits-r-us.toml", dir.path());
    // The article's layout: the four Stock applications go to 99.0% with no
    // cover, the four Fulfilment ones to 99.5% on one domain rota.
    for app in ["stock-levels", "replenishment", "suppliers", "forecasting"] {
        assert!(
            html.contains(&format!(
                "data-app=\"{app}\" data-target=\"99.0%\" data-change=\"downgraded\" data-cover=\"none\""
            )),
            "{app}"
        );
    }
    for app in ["orders", "warehouse", "slots", "returns"] {
        assert!(
            html.contains(&format!(
                "data-app=\"{app}\" data-target=\"99.5%\" data-change=\"downgraded\" data-cover=\"domain_rota\""
            )),
            "{app}"
        );
    }
    assert_eq!(html.matches("class=\"uncovered\"").count(), 1);
    assert!(html.contains("domain rota · standby 3,000 GBP · load 4"));
    // Bars for this layout, the baseline and Ops at scale, with their totals.
    for bar in [
        "this layout",
        "every team its own rota (baseline)",
        "You Build It Ops Run It at scale",
    ] {
        assert!(html.contains(&format!(">{bar}</text>")), "{bar}");
    }
}

#[test]
fn the_page_fetches_nothing_from_elsewhere() {
    for model in MODELS {
        let dir = tempfile::tempdir().unwrap();
        let (_, html) = page(model, dir.path());
        let lower = html.to_lowercase();
        for banned in [
            "http", "<script", "<link", " src=", " href=", "@import", "<iframe", "<img",
        ] {
            assert!(!lower.contains(banned), "{model}: {banned}");
        }
        // The only url() is the hatch pattern defined in the page itself.
        for (i, _) in lower.match_indices("url(") {
            assert!(
                lower[i..].starts_with("url(#hatch)"),
                "{model}: {}",
                &lower[i..i + 30]
            );
        }
        assert!(lower.starts_with("<!doctype html>"), "{model}");
        assert!(lower.ends_with("</html>\n"), "{model}");
    }
}

#[test]
fn hostile_ids_are_escaped_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let model = hostile_model(dir.path());
    let (_, html) = page(model.to_str().unwrap(), dir.path());
    for id in [SCRIPT_ID, DOMAIN_ID, IMG_ID] {
        assert!(!html.contains(id), "raw {id}");
        assert!(html.contains(&esc(id)), "escaped {id}");
    }
    assert!(!html.contains("<b>bold"));
    assert!(html.contains("Evil\\u{1b}[31m\\u{7}&lt;b&gt;bold&lt;/b&gt;\\u{202e}"));
    for c in html.chars() {
        assert!(
            !((c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
            "raw U+{:04X}",
            c as u32
        );
    }
    // The markup stays whole: two drawings, each closed; no tag injected.
    assert_eq!(html.matches("<svg").count(), 2);
    assert_eq!(html.matches("</svg>").count(), 2);
    assert_eq!(html.matches("<script").count(), 0);
    assert_eq!(html.matches("class=\"app\"").count(), 10);
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    for model in MODELS {
        let one = rota(&["report", model]);
        let two = rota(&["report", model]);
        assert_eq!(one.0, 0, "{}", one.2);
        assert!(one.1.starts_with("<!DOCTYPE html>"));
        assert_eq!(one.1, two.1, "{model}: html");
        let dot_one = rota(&["report", model, "--format", "dot"]);
        let dot_two = rota(&["report", model, "--format", "dot"]);
        assert_eq!(dot_one.0, 0, "{}", dot_one.2);
        assert_eq!(dot_one.1, dot_two.1, "{model}: dot");
        // --html and stdout give the same page.
        let dir = tempfile::tempdir().unwrap();
        let (_, file) = page(model, dir.path());
        assert_eq!(file, one.1, "{model}");
    }
}

#[test]
fn dot_has_a_cluster_per_rota_and_a_node_per_application() {
    for model in MODELS {
        let (code, dot, err) = rota(&["report", model, "--format", "dot"]);
        assert_eq!(code, 0, "{err}");
        let (rotas, apps, _) = solved(model);
        assert!(dot.starts_with("digraph rota {\n") && dot.ends_with("}\n"));
        for r in &rotas {
            assert!(
                dot.contains(&format!("[label=\"rota {r}\\n")),
                "{model}: {r}"
            );
        }
        for a in &apps {
            assert_eq!(
                dot.matches(&format!("  \"app:{a}\" [label=")).count(),
                1,
                "{model}: {a}"
            );
        }
        assert_eq!(
            dot.matches("{").count(),
            dot.matches("}").count(),
            "{model}"
        );
    }
}

#[test]
fn dot_quotes_hostile_ids() {
    let dir = tempfile::tempdir().unwrap();
    let model = hostile_model(dir.path());
    let (code, dot, err) = rota(&["report", model.to_str().unwrap(), "--format", "dot"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dot.contains("[label=\"Ful\\\"fil&ment<\\\\> (product domain)\""),
        "{dot}"
    );
    assert!(
        dot.contains("[label=\"rota Ful\\\"fil&ment<\\\\>\\n"),
        "{dot}"
    );
    assert!(dot.contains("\"app:<script>alert('x')</script>\""));
    assert!(!dot.chars().any(|c| c.is_control() && c != '\n'));
}

/// `dot -Tsvg`, or `None` (with a message) where Graphviz is not installed.
fn graphviz(dot: &str) -> Option<(bool, String)> {
    use std::io::Write;
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("skipping the Graphviz check: no `dot` on PATH (apt-get install graphviz)");
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    ))
}

#[test]
fn graphviz_reads_the_dot_of_every_model_and_of_hostile_ids() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_model(dir.path());
    let mut models: Vec<String> = MODELS.iter().map(|s| s.to_string()).collect();
    models.push(hostile.to_str().unwrap().to_string());
    for model in &models {
        let (code, dot, err) = rota(&["report", model, "--format", "dot"]);
        assert_eq!(code, 0, "{err}");
        let Some((ok, svg)) = graphviz(&dot) else {
            return;
        };
        assert!(ok, "{model}: dot -Tsvg failed:\n{svg}\n{dot}");
        assert!(
            !svg.contains("Warning") && !svg.contains("Error"),
            "{model}: {svg}"
        );
        let (rotas, apps, _) = solved(model);
        // One drawn node per application; a cluster per rota (and domain).
        assert_eq!(svg.matches("class=\"node\"").count(), apps.len(), "{model}");
        assert!(
            svg.matches("class=\"cluster\"").count() >= rotas.len(),
            "{model}"
        );
    }
}

#[test]
fn report_writes_atomically_and_refuses_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    // --format dot to a file, nothing printed.
    let out = dir.path().join("layout.dot");
    let (code, stdout, err) = rota(&[
        "report",
        "models/fruits-r-us.toml",
        "--format",
        "dot",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stdout, "");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("digraph rota {"));
    // The model is never overwritten.
    let (code, _, err) = rota(&[
        "report",
        "models/fruits-r-us.toml",
        "--html",
        "models/fruits-r-us.toml",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("refusing to overwrite"), "{err}");
    // A folder that does not exist: a clear failure and no file.
    let missing = dir.path().join("no-such-folder").join("page.html");
    let (code, _, err) = rota(&[
        "report",
        "models/fruits-r-us.toml",
        "--html",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("page.html: cannot write"), "{err}");
    assert!(!missing.exists());
    // A bad model names the file; a bad format lists the valid ones.
    let (code, _, err) = rota(&["report", "no-such-model.toml"]);
    assert_eq!(code, 1);
    assert!(err.contains("no-such-model.toml"), "{err}");
    let (code, _, err) = rota(&["report", "models/fruits-r-us.toml", "--format", "png"]);
    assert_eq!(code, 2);
    assert!(err.contains("html") && err.contains("dot"), "{err}");
    // Only temporary files would be left behind on failure: none here.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rota-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Headless Chromium, or `None` (with a message) where it is not installed.
pub(crate) fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("ROTA_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "skipping the browser test: no Chromium at {} (apt-get install chromium, or set ROTA_CHROMIUM)",
            path.display()
        );
        None
    }
}

/// Runs Chromium headless on `page` with `extra` flags; its stdout. Killed
/// after two minutes.
pub(crate) fn browse(browser: &Path, page: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium took over two minutes on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

#[test]
fn chromium_draws_the_page_and_its_dom_holds_every_rota_and_application() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = page("models/fruits-r-us.toml", dir.path());

    let pixels = screenshot(&browser, &file, dir.path());
    let distinct: std::collections::BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    let not_white = pixels.iter().filter(|p| p.iter().any(|&c| c < 235)).count();
    assert!(
        distinct.len() > 50,
        "{} colours: a blank page?",
        distinct.len()
    );
    assert!(
        not_white * 20 > pixels.len(),
        "{not_white} of {} pixels not white",
        pixels.len()
    );
    // The layout drawing itself: the fills of the three targets.
    let near = |p: &[u8; 3], hex: u32| {
        let want = [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8];
        p.iter().zip(want).all(|(&a, b)| a.abs_diff(b) <= 6)
    };
    for (target, hex) in [
        ("99.9%", 0x8fc1e3),
        ("99.5%", 0xf6c177),
        ("99.0%", 0x9fd59a),
    ] {
        let n = pixels.iter().filter(|p| near(p, hex)).count();
        assert!(n > 500, "target {target}: {n} pixels of #{hex:06x}");
    }

    let dom = browse(&browser, &file, &["--dump-dom"]);
    let (rotas, apps, _) = solved("models/fruits-r-us.toml");
    for r in &rotas {
        assert!(
            dom.contains(&format!("data-rota=\"{r}\"")),
            "rota {r} not in the DOM"
        );
    }
    for a in &apps {
        assert!(
            dom.contains(&format!("data-app=\"{a}\"")),
            "application {a} not in the DOM"
        );
    }
}

#[test]
fn chromium_keeps_hostile_ids_as_text() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let model = hostile_model(dir.path());
    let (file, _) = page(model.to_str().unwrap(), dir.path());
    let dom = browse(&browser, &file, &["--dump-dom"]);
    assert!(dom.contains("</html>"), "{dom}");
    // Ten application groups, two drawings, no element made from an id.
    assert_eq!(dom.matches("class=\"app\"").count(), 10, "{dom}");
    assert_eq!(dom.matches("<svg").count(), 2, "{dom}");
    // The head's <title> is serialized as raw text (RCDATA): look at the body.
    let body = &dom[dom.find("<body").expect("a body")..];
    assert!(
        !body.contains("<img") && !body.contains("<script") && !body.contains("<b>bold"),
        "{body}"
    );
    assert!(
        body.contains("Evil\\u{1b}[31m\\u{7}&lt;b&gt;bold"),
        "{body}"
    );
    assert!(
        dom.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{dom}"
    );
}

/// The page as headless Chromium draws it in a 1400 x 1000 window: its
/// pixels (RGB), from the PNG screenshot written under `dir`.
pub(crate) fn screenshot(browser: &Path, page: &Path, dir: &Path) -> Vec<[u8; 3]> {
    let shot = dir.join("shot.png");
    browse(
        browser,
        page,
        &[&format!("--screenshot={}", shot.display())],
    );
    let decoder = png::Decoder::new(std::fs::File::open(&shot).expect("a screenshot"));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1400, 1000));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}
