//! `rota import csv`, `rota import backstage` and `rota init` as a planner
//! runs them: realistic sheets and catalogues import into scenarios that pass
//! `rota check` and solve; every malformed file's error names the file, the
//! row or entity, the column or field, and what would be valid.

use std::path::{Path, PathBuf};

use crate::common::rota;
use approx::assert_relative_eq;
use rota::scenario::format::{Demand, Scenario};

const CSV: &str = "fixtures/import/csv";
const BACKSTAGE: &str = "fixtures/import/backstage";

fn read(path: &Path) -> Scenario {
    rota::scenario::read_scenario(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn app<'a>(s: &'a Scenario, id: &str) -> &'a rota::scenario::format::Application {
    s.applications
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no application {id}"))
}

/// Imports with `args` into a temporary file, checks and solves it, and
/// gives the scenario and the import's stderr.
fn import_check_solve(args: &[&str]) -> (Scenario, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.toml");
    let mut all: Vec<&str> = vec!["import"];
    all.extend(args);
    all.extend(["--output", out.to_str().unwrap()]);
    let (code, stdout, err) = rota(&all);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty(), "{stdout}");
    let (code, _, check_err) = rota(&["check", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{check_err}");
    let (code, solved, solve_err) = rota(&["solve", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{solve_err}");
    assert!(solved.contains("optimal layout"), "{solved}");
    (read(&out), err)
}

/// A failed import: exit 1, nothing written, and each expected line (file,
/// place, message) among the errors.
fn import_fails(args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.toml");
    let mut all: Vec<&str> = vec!["import"];
    all.extend(args);
    all.extend(["--output", out.to_str().unwrap()]);
    let (code, stdout, err) = rota(&all);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(!out.exists(), "an output file was written");
    for e in expected {
        assert!(
            err.lines()
                .any(|l| l.starts_with("error: ") && l.contains(e)),
            "missing {e:?} in\n{err}"
        );
    }
}

#[test]
fn init_writes_templates_that_import_to_the_articles_organisation_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("starter");
    let ds = d.to_str().unwrap();
    let (code, out, err) = rota(&["init", ds]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rota import csv"), "{out}");
    let p = |f: &str| d.join(f).to_str().unwrap().to_string();
    let (imported, _) = import_check_solve(&[
        "csv",
        &p("applications.csv"),
        "--teams",
        &p("teams.csv"),
        "--domains",
        &p("domains.csv"),
        "--policy",
        &p("policy.toml"),
    ]);
    // The templates are the article's organisation, row for row.
    let article = read(Path::new("models/fruits-r-us.toml"));
    assert_eq!(imported.policy, article.policy);
    assert_eq!(imported.support, article.support);
    assert_eq!(imported.targets, article.targets);
    assert_eq!(imported.teams, article.teams);
    let mut ours = imported.domains.clone();
    let mut theirs = article.domains.clone();
    ours.sort_by(|a, b| a.id.cmp(&b.id));
    theirs.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(ours, theirs);
    assert_eq!(imported.applications.len(), article.applications.len());
    for a in &article.applications {
        let b = app(&imported, &a.id);
        assert_eq!(
            (&b.name, &b.team, &b.technologies),
            (&a.name, &a.team, &a.technologies)
        );
        let mut da = a.domains.clone();
        let mut db = b.domains.clone();
        da.sort();
        db.sort();
        assert_eq!(da, db, "{}", a.id);
        assert_relative_eq!(b.loss_per_hour, a.loss_per_hour);
        assert_relative_eq!(b.incidents_per_month, a.incidents_per_month);
        assert_eq!(b.max_loss, a.max_loss);
        assert_eq!(b.target.as_deref(), Some("99.9%"));
    }
    // And it solves to the article's layout: 9,000 a month in standby.
    let model = d.join("model.toml");
    let (code, _, err) = rota(&[
        "import",
        "csv",
        &p("applications.csv"),
        "--teams",
        &p("teams.csv"),
        "--domains",
        &p("domains.csv"),
        "--policy",
        &p("policy.toml"),
        "-o",
        model.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, solved, _) = rota(&["solve", model.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        solved.contains("  standby          9,000    30,000     -21,000"),
        "{solved}"
    );
    // A second init never replaces the planner's files.
    let (code, _, err) = rota(&["init", ds]);
    assert_eq!(code, 1);
    assert!(err.contains("already exist"), "{err}");
}

#[test]
fn a_semicolon_export_with_bom_crlf_and_decimal_commas_imports_and_solves() {
    let (s, _) = import_check_solve(&[
        "csv",
        &format!("{CSV}/harbour-applications.csv"),
        "--teams",
        &format!("{CSV}/harbour-teams.csv"),
        "--domains",
        &format!("{CSV}/harbour-domains.csv"),
    ]);
    assert_eq!(s.applications.len(), 12);
    assert_eq!(s.teams.len(), 8);
    let refunds = app(&s, "refunds");
    assert_relative_eq!(refunds.loss_per_hour, 8000.0);
    assert_relative_eq!(refunds.max_loss.unwrap(), 40000.0);
    assert_relative_eq!(refunds.incidents_per_month, 0.1);
    assert_relative_eq!(refunds.load, 0.5);
    assert_eq!(refunds.demand, Demand::Low);
    assert_eq!(refunds.target.as_deref(), Some("99.5%"));
    let payments = app(&s, "payments");
    assert_relative_eq!(payments.loss_per_hour, 160000.0);
    assert_relative_eq!(payments.load, 1.5);
    assert_eq!(payments.min_target.as_deref(), Some("99.5%"));
    let web = app(&s, "web-shop");
    assert_eq!(web.name.as_deref(), Some("Web shop"));
    assert_eq!(web.technologies, ["typescript", "react"]);
    assert_eq!(web.domains, ["online-sales", "web-platform"]);
    let order = app(&s, "order-service");
    assert_eq!(order.domains, ["fulfilment", "order-platform", "lisbon"]);
    let stock = s.domains.iter().find(|d| d.id == "stock").unwrap();
    assert_eq!(stock.parent.as_deref(), Some("fulfilment"));
    let team = s.teams.iter().find(|t| t.id == "suppliers").unwrap();
    assert_eq!(team.name.as_deref(), Some("Supplier integration"));
    assert_eq!(team.location.as_deref(), Some("Porto"));
}

#[test]
fn the_fewest_columns_import_with_the_articles_policy_and_implied_teams() {
    let (s, err) = import_check_solve(&["csv", &format!("{CSV}/bakery-applications.csv")]);
    assert!(
        err.contains("imported 4 applications, 3 teams and 2 domains"),
        "{err}"
    );
    assert_relative_eq!(app(&s, "online-orders").loss_per_hour, 12000.0);
    assert_eq!(app(&s, "payroll").domains, Vec::<String>::new());
    assert_eq!(s.targets.len(), 3);
    let ids: Vec<&str> = s.teams.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["web", "production", "back-office"]);
}

#[test]
fn a_windows_1252_export_is_read_and_said_so() {
    let (s, err) = import_check_solve(&["csv", &format!("{CSV}/cafe-applications.csv")]);
    assert!(err.contains("not UTF-8: read as Windows-1252"), "{err}");
    assert_eq!(app(&s, "tills").name.as_deref(), Some("Café tills"));
    assert_eq!(app(&s, "tills").domains, ["café"]);
    assert_relative_eq!(app(&s, "tills").loss_per_hour, 4000.0);
}

#[test]
fn the_output_names_its_sources_and_is_the_same_bytes_every_run() {
    let args = [
        "import",
        "csv",
        "fixtures/import/csv/harbour-applications.csv",
        "--teams",
        "fixtures/import/csv/harbour-teams.csv",
        "--domains",
        "fixtures/import/csv/harbour-domains.csv",
    ];
    let (code, first, err) = rota(&args);
    assert_eq!(code, 0, "{err}");
    let (_, second, _) = rota(&args);
    assert_eq!(first, second);
    assert!(first.contains("#   applications fixtures/import/csv/harbour-applications.csv"));
    assert!(first.contains("[policy], [support], [[targets]] are the article's"));
    assert!(first.contains("[[applications]]                # harbour-applications.csv row 4"));
    assert!(first.contains("[[teams]]                       # harbour-teams.csv row 2"));
}

#[test]
fn every_bad_cell_is_named_by_file_row_and_column_with_what_is_valid() {
    let f = format!("{CSV}/bad-cells-applications.csv");
    import_fails(
        &["csv", &f],
        &[
            &format!("{f}: row 2, column \"loss_per_hour\": \"12k\" is not a number; give a number of at least 0"),
            &format!("{f}: row 3, column \"target\": \"99.99%\" is not a target of the policy; give one of \"99.9%\", \"99.5%\", \"99.0%\""),
            &format!("{f}: row 4, column \"team\": is empty; give the owning team's id"),
            &format!("{f}: row 5, column \"id\": application \"checkout\" is already on row 2"),
            &format!("{f}: row 6, column \"incidents_per_month\": \"-0.1\" is out of range; give a number of at least 0"),
            &format!("{f}: row 6, column \"load\": \"0\" is out of range; give a number above 0"),
            &format!("{f}: row 6, column \"demand\": \"medium\" is not a demand; give \"high\" or \"low\""),
        ],
    );
}

#[test]
fn a_bad_header_names_the_column_and_the_valid_ones() {
    let f = format!("{CSV}/bad-header-applications.csv");
    import_fails(
        &["csv", &f],
        &[
            &format!("{f}: row 1, column 3: unknown column \"loss_per_hr\" (did you mean \"loss_per_hour\"?); the applications sheet's columns are id, name, team"),
            &format!("{f}: row 1: no column \"loss_per_hour\""),
        ],
    );
}

#[test]
fn references_between_sheets_are_checked_with_did_you_mean() {
    let apps = format!("{CSV}/bad-refs-applications.csv");
    let domains = format!("{CSV}/bad-domains.csv");
    import_fails(
        &["csv", &apps, "--teams", &format!("{CSV}/bad-refs-teams.csv"), "--domains", &domains],
        &[
            &format!("{domains}: row 4, column \"kind\": \"place\" is not a kind of domain; give product, architectural, geographic or technology"),
            &format!("{domains}: row 5, column \"parent\": unknown domain \"webb\" as the parent of \"mobile\" (did you mean \"web\"?)"),
            &format!("{domains}: row 6, column \"parent\": \"shop\" is a product domain but \"payments\" is architectural"),
            &format!("{apps}: row 2, column \"team\": unknown team \"chekout\" (did you mean \"checkout\"?)"),
            &format!("{apps}: row 3, column \"product_domains\": domain \"web\" is architectural"),
            &format!("{apps}: row 3, column \"domains\": unknown domain \"london\""),
        ],
    );
}

#[test]
fn a_policy_file_sets_what_it_names_and_the_article_fills_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "name = \"Bakery\"\ncurrency = \"EUR\"\n\n[policy]\nmax_rota_load = 2\n",
    )
    .unwrap();
    let (s, _) = import_check_solve(&[
        "csv",
        &format!("{CSV}/bakery-applications.csv"),
        "--policy",
        policy.to_str().unwrap(),
    ]);
    assert_eq!(s.name, "Bakery");
    assert_eq!(s.currency, "EUR");
    assert_relative_eq!(s.policy.max_rota_load, 2.0);
    assert_eq!(s.targets.len(), 3);

    std::fs::write(&policy, "[policy]\nmax_rota_load = 6\nmax_load = 3\n").unwrap();
    let p = policy.to_str().unwrap().to_string();
    import_fails(
        &[
            "csv",
            &format!("{CSV}/bakery-applications.csv"),
            "--policy",
            &p,
        ],
        &[&format!("{p}: line 3: unknown field `max_load`")],
    );
}

#[test]
fn an_organisation_that_fails_check_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let apps = dir.path().join("apps.csv");
    // Its revenue forces cover, but its load is more than a rota carries.
    std::fs::write(
        &apps,
        "id,team,loss_per_hour,incidents_per_month,load\nbig,core,500000,0.5,9\n",
    )
    .unwrap();
    let (code, _, err) = rota(&["import", "csv", apps.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("does not pass `rota check` (nothing written)"),
        "{err}"
    );
    assert!(err.contains("\"big\""), "{err}");
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let f = format!("{CSV}/bakery-applications.csv");
    let (code, _, err) = rota(&["import", "csv", &f, "--output", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is an input of this command"), "{err}");
}

fn tunewave() -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["", "domains", "systems", "components"] {
        let d = PathBuf::from(format!("{BACKSTAGE}/tunewave")).join(dir);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|p| p.to_str().unwrap().to_string()));
    }
    files
}

#[test]
fn a_catalogue_laid_out_like_backstages_example_imports_and_solves() {
    let files = tunewave();
    let figures = format!("{BACKSTAGE}/tunewave-figures.csv");
    let mut args: Vec<&str> = vec!["backstage"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--figures", &figures]);
    let (s, err) = import_check_solve(&args);
    for note in [
        "note: component:default/playback-lib: skipped, a library is not run",
        "note: component:default/podcast-recommendations: skipped, lifecycle experimental",
        "note: component:default/search: no spec.system; imported with no domain",
        "note: component:default/lyrics-proxy: skipped, its owner \"user:jane.doe\" is a User, not a Group",
        "note: component:default/charts: skipped, its owner \"charts-team\" is not in the catalogue",
        "note: entities of kinds that hold no application, not read: 1 API, 1 Location",
    ] {
        assert!(err.contains(note), "missing {note:?} in\n{err}");
    }
    let ids: Vec<&str> = s.applications.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "playback-order",
            "stream-gateway",
            "shuffle-api",
            "artist-web",
            "artist-lookup",
            "podcast-api",
            "search"
        ]
    );
    // Component → System (architectural) and the System's Domain (product).
    assert_eq!(
        app(&s, "playback-order").domains,
        ["audio-playback", "playback"]
    );
    assert_eq!(app(&s, "podcast-api").domains, ["podcast", "listening"]);
    // Domain subdomainOf → parent.
    let playback = s.domains.iter().find(|d| d.id == "playback").unwrap();
    assert_eq!(playback.parent.as_deref(), Some("listening"));
    // References are case-insensitive: "ARTIST-TOOLS" is Group Artist-Tools.
    assert_eq!(app(&s, "artist-web").team, "Artist-Tools");
    assert_eq!(
        app(&s, "artist-web").name.as_deref(),
        Some("Artist website")
    );
    assert_relative_eq!(app(&s, "artist-web").max_loss.unwrap(), 60000.0);
    assert_eq!(app(&s, "shuffle-api").demand, Demand::Low);
    // Groups become teams with their display names and annotations.
    let player = s.teams.iter().find(|t| t.id == "player-team").unwrap();
    assert_eq!(player.name.as_deref(), Some("Player"));
    assert_eq!(player.location.as_deref(), Some("Stockholm"));
    assert_eq!(player.technologies, ["java", "kotlin"]);
    assert!(
        !s.teams.iter().any(|t| t.id == "engineering"),
        "groups that own nothing are not teams"
    );
}

#[test]
fn annotations_and_namespaces_resolve_as_backstage_does() {
    let (s, _) = import_check_solve(&["backstage", &format!("{BACKSTAGE}/shop-catalog.yaml")]);
    let pick = app(&s, "logistics/pick-lists");
    assert_eq!(pick.team, "logistics/pickers");
    // The System lives in namespace logistics and names default/commerce.
    assert_eq!(pick.domains, ["logistics/warehouse", "commerce"]);
    assert_relative_eq!(pick.max_loss.unwrap(), 60000.0);
    assert_eq!(pick.technologies, ["java", "kafka"]);
    let basket = app(&s, "basket");
    assert_relative_eq!(basket.loss_per_hour, 40000.0);
    assert_eq!(basket.demand, Demand::Low);
    let flow = s.domains.iter().find(|d| d.id == "checkout-flow").unwrap();
    assert_eq!(flow.parent.as_deref(), Some("commerce"));
    let web = s.teams.iter().find(|t| t.id == "web").unwrap();
    assert_eq!(web.location.as_deref(), Some("Leeds"));
}

#[test]
fn every_bad_entity_is_named_by_file_document_and_field_with_what_is_valid() {
    let f = format!("{BACKSTAGE}/bad-catalog.yaml");
    import_fails(
        &["backstage", &f],
        &[
            &format!("{f}: document 3 (component:default/checkout): unknown annotation \"rota.dev/loss-per-hr\" (did you mean \"loss-per-hour\"?); rota reads rota.dev/loss-per-hour"),
            &format!("{f}: document 3 (component:default/checkout): no loss per hour; give the annotation rota.dev/loss-per-hour or a figures row with column \"loss_per_hour\""),
            &format!("{f}: document 4 (component:default/basket): no incidents per month; give the annotation rota.dev/incidents-per-month"),
            &format!("{f}: document 5 (component:default/search): spec.owner: \"group:\" is not an entity reference; give [kind:][namespace/]name"),
            &format!("{f}: document 5 (component:default/search), annotation rota.dev/loss-per-hour: \"lots\" is not a number"),
            &format!("{f}: document 5 (component:default/search), annotation rota.dev/target: \"five nines\" is not a target of the policy; give one of \"99.9%\""),
            &format!("{f}: document 6: a Backstage descriptor needs apiVersion, kind and metadata.name"),
        ],
    );
    let f = format!("{BACKSTAGE}/broken-yaml.yaml");
    import_fails(
        &["backstage", &f],
        &[&format!("{f}: line 6, column 5: not YAML:")],
    );
}

#[test]
fn a_bad_figures_sheet_names_its_row_column_and_entity() {
    let files = tunewave();
    let figures = format!("{BACKSTAGE}/bad-figures.csv");
    let mut args: Vec<&str> = vec!["backstage"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--figures", &figures]);
    import_fails(
        &args,
        &[
            &format!("{figures}: row 2, column \"entity\": component:default/playback-ordr is not in the catalogue (did you mean \"component:default/playback-order\"?)"),
            &format!("{figures}: row 3, column \"loss_per_hour\" (component:default/stream-gateway): \"220,000.5.1\" is not a number"),
        ],
    );
}

/// Bytes from a fixed-seed generator (xorshift), for garbage inputs.
fn garbage(seed: u64, len: usize, alphabet: &[u8]) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            alphabet[(x % alphabet.len() as u64) as usize]
        })
        .collect()
}

/// Whatever the bytes, an import gives a scenario that passes `check` or a
/// list of problems: never a panic, never an unchecked scenario.
#[test]
fn hostile_sheets_and_catalogues_give_problems_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let csv_alphabet = b"id,team;loss_per_hour|incidents_per_month\"\r\n 0123456789.-#\xef\xbb\xbf\x80\xff\x00\x1b";
    let yaml_alphabet = b"apiVersion: backstage.io/v1alpha1\nkind Component-metadata name spec owner system\"'[]{}&*!|>:#\t\x00\xff";
    for seed in 0..200u64 {
        let apps = dir.path().join("apps.csv");
        let mut bytes = b"id,team,loss_per_hour,incidents_per_month\n".to_vec();
        bytes.extend(garbage(seed, 200, csv_alphabet));
        std::fs::write(&apps, &bytes).unwrap();
        let inputs = rota::import::csv::CsvInputs {
            applications: apps.clone(),
            ..Default::default()
        };
        if let Ok(imported) = rota::import::csv::import(&inputs) {
            let text = rota::import::write::to_toml(&imported);
            // It parses back; `rota import` then refuses it unless it passes check.
            let _ = rota::model::load_bytes(Path::new("imported.toml"), text.as_bytes());
        }
        let catalog = dir.path().join("catalog.yaml");
        std::fs::write(&catalog, garbage(seed, 300, yaml_alphabet)).unwrap();
        let inputs = rota::import::backstage::BackstageInputs {
            catalogs: vec![catalog],
            ..Default::default()
        };
        if let Ok(imported) = rota::import::backstage::import(&inputs) {
            let _ = rota::import::write::to_toml(&imported);
        }
    }
    // Aliases that would expand to a billion nodes are refused, not expanded.
    let bomb = dir.path().join("bomb.yaml");
    let mut text = String::from("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("  a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    text.push_str("spec:\n  owner: web\n");
    std::fs::write(&bomb, text).unwrap();
    let (code, _, err) = rota(&["import", "backstage", bomb.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bomb.yaml"), "{err}");
}
