//! `rota import csv`: one sheet of applications, optional sheets of teams and
//! domains, as a spreadsheet saves them (comma, semicolon or tab separated,
//! sniffed from the header; a UTF-8 byte order mark; CRLF; Windows-1252).
//! The columns are in docs/import.md and `APPLICATION_COLUMNS` below.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::cells::{self, NumberStyle};
use super::policy::{self, Settings};
use super::{ImportError, ImportProblem, Imported, Origins};
use crate::scenario::format::{Application, Domain, DomainKind, Team};

/// One column a sheet may have: its name, whether it must be there, and the
/// other headers taken for it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub aliases: &'static [&'static str],
    pub help: &'static str,
}

pub const fn col(
    name: &'static str,
    required: bool,
    aliases: &'static [&'static str],
    help: &'static str,
) -> Column {
    Column {
        name,
        required,
        aliases,
        help,
    }
}

/// The applications sheet, one row per application.
pub const APPLICATION_COLUMNS: &[Column] = &[
    col(
        "id",
        true,
        &["application", "application_id", "app"],
        "the application's id, unique",
    ),
    col("name", false, &["application_name"], "a readable name"),
    col(
        "team",
        true,
        &["owner", "owning_team"],
        "the owning delivery team's id",
    ),
    col(
        "product_domains",
        false,
        &["product_domain"],
        "product domains, separated by ; or |",
    ),
    col(
        "architectural_domains",
        false,
        &["architectural_domain"],
        "architectural domains, separated by ; or |",
    ),
    col(
        "domains",
        false,
        &["other_domains"],
        "domains of any kind from the domains sheet, separated by ; or |",
    ),
    col(
        "technologies",
        false,
        &["technology", "tech"],
        "technologies, separated by ; or |",
    ),
    col(
        "target",
        false,
        &["current_target"],
        "the current target: a target name of the policy (default: the strictest)",
    ),
    col(
        "loss_per_hour",
        true,
        &["revenue_loss_per_hour"],
        "revenue lost per hour out of hours",
    ),
    col(
        "max_loss",
        false,
        &["max_loss_per_incident"],
        "cap on the loss of one incident",
    ),
    col(
        "incidents_per_month",
        true,
        &["incidents"],
        "expected out-of-hours incidents a month",
    ),
    col(
        "load",
        false,
        &["on_call_load"],
        "on-call load, above 0 (default 1)",
    ),
    col(
        "demand",
        false,
        &["product_demand"],
        "high or low (default high)",
    ),
    col(
        "min_target",
        false,
        &["minimum_target"],
        "a target the application may never go below",
    ),
];

/// The teams sheet.
pub const TEAM_COLUMNS: &[Column] = &[
    col("id", true, &["team", "team_id"], "the team's id, unique"),
    col("name", false, &["team_name"], "a readable name"),
    col(
        "location",
        false,
        &["office", "city"],
        "where the team works (never a rota grouping)",
    ),
    col(
        "technologies",
        false,
        &["technology", "tech"],
        "technologies, separated by ; or |",
    ),
];

/// The domains sheet.
pub const DOMAIN_COLUMNS: &[Column] = &[
    col(
        "id",
        true,
        &["domain", "domain_id"],
        "the domain's id, unique",
    ),
    col(
        "kind",
        true,
        &["type"],
        "product, architectural, geographic or technology",
    ),
    col("name", false, &["domain_name"], "a readable name"),
    col(
        "parent",
        false,
        &["parent_domain", "subdomain_of"],
        "the id of a domain of the same kind",
    ),
];

/// The files of one CSV import.
#[derive(Debug, Clone, Default)]
pub struct CsvInputs {
    pub applications: PathBuf,
    pub teams: Option<PathBuf>,
    pub domains: Option<PathBuf>,
    pub policy: Option<PathBuf>,
}

/// One sheet read: its rows (spreadsheet row numbers, the header being row
/// 1) with each known column's trimmed text.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub path: PathBuf,
    pub rows: Vec<Row>,
    pub style: NumberStyle,
    pub delimiter: u8,
    pub windows_1252: bool,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: BTreeMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

/// The separator of a sheet: the most frequent of comma, semicolon and tab
/// outside quotes in its first line (comma on a tie).
pub fn sniff(text: &str) -> u8 {
    let (mut comma, mut semi, mut tab, mut quoted) = (0, 0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => comma += 1,
            ';' if !quoted => semi += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

fn normalise_header(h: &str) -> String {
    let h = h.split('(').next().unwrap_or_default();
    h.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// Reads a sheet, checking its header against `columns`.
pub fn read_sheet(
    path: &Path,
    columns: &'static [Column],
    what: &str,
) -> Result<Sheet, Vec<ImportProblem>> {
    let text = super::text::read(path).map_err(|e| e.problems)?;
    let delimiter = sniff(&text.text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.text.as_bytes());
    let mut records = reader.records();
    let mut problems = Vec::new();
    let header = loop {
        match records.next() {
            None => {
                return Err(vec![ImportProblem::new(
                    path,
                    None,
                    format!(
                        "is empty; the {what} sheet needs a header row naming its columns: {}",
                        names(columns)
                    ),
                )])
            }
            Some(Err(e)) => return Err(vec![csv_error(path, &e)]),
            Some(Ok(r)) if r.iter().all(|c| c.trim().is_empty()) => continue,
            Some(Ok(r)) => break r,
        }
    };
    let header_row = header.position().map_or(1, |p| p.line() as usize);
    // Which column of the file is which known column.
    let mut index: Vec<Option<&'static str>> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let n = normalise_header(h);
        if n.is_empty() {
            index.push(None);
            continue;
        }
        let found = columns
            .iter()
            .find(|c| c.name == n || c.aliases.contains(&n.as_str()));
        match found {
            Some(c) if index.contains(&Some(c.name)) => problems.push(ImportProblem::new(
                path,
                Some(format!("row {header_row}, column {}", i + 1)),
                format!(
                    "column {h:?} repeats column {:?}; give each column once",
                    c.name
                ),
            )),
            Some(c) => {
                index.push(Some(c.name));
                continue;
            }
            None => problems.push(ImportProblem::new(
                path,
                Some(format!("row {header_row}, column {}", i + 1)),
                format!(
                    "unknown column {h:?}{}; the {what} sheet's columns are {}",
                    cells::did_you_mean(&n, columns.iter().map(|c| c.name)),
                    names(columns)
                ),
            )),
        }
        index.push(None);
    }
    for c in columns.iter().filter(|c| c.required) {
        if !index.contains(&Some(c.name)) {
            problems.push(ImportProblem::new(
                path,
                Some(format!("row {header_row}")),
                format!(
                    "no column {:?} ({}); the header row must name it",
                    c.name, c.help
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_error(path, &e));
                continue;
            }
        };
        let number = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty())
            || record
                .get(0)
                .is_some_and(|c| c.trim_start().starts_with('#'))
        {
            continue;
        }
        if record.len() > index.len()
            && record
                .iter()
                .skip(index.len())
                .any(|c| !c.trim().is_empty())
        {
            problems.push(ImportProblem::new(
                path,
                Some(format!("row {number}")),
                format!(
                    "has {} cells but the header names {} columns; quote a cell that holds the separator {:?}",
                    record.len(),
                    index.len(),
                    delimiter as char
                ),
            ));
            continue;
        }
        let mut cells = BTreeMap::new();
        for (i, cell) in record.iter().enumerate() {
            if let Some(Some(name)) = index.get(i) {
                cells.insert(*name, cell.trim().to_string());
            }
        }
        rows.push(Row { number, cells });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Sheet {
        path: path.to_path_buf(),
        rows,
        style: NumberStyle {
            decimal_comma: delimiter == b';',
        },
        delimiter,
        windows_1252: text.windows_1252,
    })
}

fn names(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn csv_error(path: &Path, e: &::csv::Error) -> ImportProblem {
    let place = e.position().map(|p| format!("row {}", p.line()));
    ImportProblem::new(path, place, format!("cannot read as CSV: {e}"))
}

/// Collects the problems of one sheet's cells.
struct Cells<'a> {
    sheet: &'a Sheet,
    problems: Vec<ImportProblem>,
}

impl Cells<'_> {
    fn problem(&mut self, row: &Row, column: &str, message: String) {
        self.problems.push(ImportProblem::new(
            &self.sheet.path,
            Some(format!("row {}, column {column:?}", row.number)),
            message,
        ));
    }

    fn number(&mut self, row: &Row, column: &str, min: f64, strict: bool) -> Option<f64> {
        let text = row.get(column);
        if text.is_empty() {
            return None;
        }
        match cells::number(text, self.sheet.style, min, strict) {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(row, column, m);
                None
            }
        }
    }

    fn required_number(&mut self, row: &Row, column: &str, min: f64) -> f64 {
        if row.get(column).is_empty() {
            self.problem(
                row,
                column,
                format!("is empty; give a number of at least {min}, such as 15000 or 0.3"),
            );
            return 0.0;
        }
        self.number(row, column, min, false).unwrap_or(0.0)
    }

    fn required_id(&mut self, row: &Row, column: &str, what: &str) -> Option<String> {
        let text = row.get(column);
        if text.is_empty() {
            self.problem(row, column, format!("is empty; give the {what}'s id"));
            None
        } else {
            Some(text.to_string())
        }
    }
}

/// A domain named by some sheet, and where.
struct Known {
    kind: DomainKind,
    origin: String,
}

/// Reads the sheets and the policy and builds the scenario; every problem of
/// every file at once.
pub fn import(inputs: &CsvInputs) -> Result<Imported, ImportError> {
    let mut problems = Vec::new();
    let settings = match policy::settings(inputs.policy.as_deref()) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    let mut sheet = |path: &Option<PathBuf>, cols, what| match path {
        Some(p) => match read_sheet(p, cols, what) {
            Ok(s) => Some(s),
            Err(e) => {
                problems.extend(e);
                None
            }
        },
        None => None,
    };
    let apps = sheet(
        &Some(inputs.applications.clone()),
        APPLICATION_COLUMNS,
        "applications",
    );
    let teams = sheet(&inputs.teams, TEAM_COLUMNS, "teams");
    let domains = sheet(&inputs.domains, DOMAIN_COLUMNS, "domains");
    let failed_sheet = |p: &Option<PathBuf>, s: &Option<Sheet>| p.is_some() && s.is_none();
    if !problems.is_empty()
        && (apps.is_none()
            || failed_sheet(&inputs.teams, &teams)
            || failed_sheet(&inputs.domains, &domains)
            || settings.is_none())
    {
        return Err(ImportError { problems });
    }
    let (Some(apps), Some(settings)) = (apps, settings) else {
        return Err(ImportError { problems });
    };
    build(&apps, teams.as_ref(), domains.as_ref(), settings, problems)
}

fn build(
    apps: &Sheet,
    teams_sheet: Option<&Sheet>,
    domains_sheet: Option<&Sheet>,
    settings: Settings,
    mut problems: Vec<ImportProblem>,
) -> Result<Imported, ImportError> {
    let mut origins = Origins::default();
    let mut notes = Vec::new();

    // Teams from their sheet.
    let mut teams: Vec<Team> = Vec::new();
    let mut team_rows: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(sheet) = teams_sheet {
        let mut c = Cells {
            sheet,
            problems: Vec::new(),
        };
        for row in &sheet.rows {
            let Some(id) = c.required_id(row, "id", "team") else {
                continue;
            };
            if let Some(first) = team_rows.get(&id) {
                c.problem(
                    row,
                    "id",
                    format!("team {id:?} is already on row {first}; give each team one row"),
                );
                continue;
            }
            team_rows.insert(id.clone(), row.number);
            origins.teams.insert(
                id.clone(),
                format!("{} row {}", file_name(&sheet.path), row.number),
            );
            teams.push(Team {
                id,
                name: non_empty(row.get("name")),
                location: non_empty(row.get("location")),
                technologies: cells::list(row.get("technologies")),
            });
        }
        problems.extend(c.problems);
    }

    // Domains from their sheet; parents checked once all are known.
    let mut domains: Vec<Domain> = Vec::new();
    let mut known: BTreeMap<String, Known> = BTreeMap::new();
    if let Some(sheet) = domains_sheet {
        let mut c = Cells {
            sheet,
            problems: Vec::new(),
        };
        let mut parents = Vec::new();
        for row in &sheet.rows {
            let Some(id) = c.required_id(row, "id", "domain") else {
                continue;
            };
            let kind = match row.get("kind").to_ascii_lowercase().as_str() {
                "product" => DomainKind::Product,
                "architectural" | "architecture" => DomainKind::Architectural,
                "geographic" | "geography" => DomainKind::Geographic,
                "technology" => DomainKind::Technology,
                other => {
                    c.problem(row, "kind", format!("{other:?} is not a kind of domain; give product, architectural, geographic or technology"));
                    continue;
                }
            };
            if let Some(first) = known.get(&id) {
                let m = format!(
                    "domain {id:?} is already on {}; give each domain one row",
                    first.origin
                );
                c.problem(row, "id", m);
                continue;
            }
            let origin = format!("{} row {}", file_name(&sheet.path), row.number);
            origins.domains.insert(id.clone(), origin.clone());
            known.insert(id.clone(), Known { kind, origin });
            let parent = non_empty(row.get("parent"));
            if let Some(p) = &parent {
                parents.push((row, id.clone(), kind, p.clone()));
            }
            domains.push(Domain {
                id,
                kind,
                name: non_empty(row.get("name")),
                parent,
            });
        }
        for (row, id, kind, parent) in parents {
            match known.get(&parent) {
                None => c.problem(row, "parent", format!(
                    "unknown domain {parent:?} as the parent of {id:?}{}; give the id of a domain in this sheet",
                    cells::did_you_mean(&parent, known.keys().map(String::as_str)))),
                Some(p) if p.kind != kind => c.problem(row, "parent", format!(
                    "{parent:?} is a {} domain but {id:?} is {}; a parent must be of the same kind",
                    p.kind.as_str(), kind.as_str())),
                Some(_) => {}
            }
        }
        problems.extend(c.problems);
    }

    let targets = &settings.targets;
    let mut c = Cells {
        sheet: apps,
        problems: Vec::new(),
    };
    let mut applications = Vec::new();
    let mut app_rows: BTreeMap<String, usize> = BTreeMap::new();
    let apps_name = file_name(&apps.path);
    for row in &apps.rows {
        let id = c.required_id(row, "id", "application");
        let team = c.required_id(row, "team", "owning team");
        if let Some(team) = &team {
            if teams_sheet.is_some() && !team_rows.contains_key(team) {
                let m = format!(
                    "unknown team {team:?}{}; give a team of the teams sheet, or add it there",
                    cells::did_you_mean(team, team_rows.keys().map(String::as_str))
                );
                c.problem(row, "team", m);
            } else if !team_rows.contains_key(team) {
                team_rows.insert(team.clone(), row.number);
                origins.teams.insert(
                    team.clone(),
                    format!("named on {apps_name} row {}", row.number),
                );
                teams.push(Team {
                    id: team.clone(),
                    name: None,
                    location: None,
                    technologies: Vec::new(),
                });
            }
        }
        let mut app_domains: Vec<String> = Vec::new();
        for (column, kind) in [
            ("product_domains", DomainKind::Product),
            ("architectural_domains", DomainKind::Architectural),
        ] {
            for d in cells::list(row.get(column)) {
                match known.get(&d) {
                    Some(k) if k.kind != kind => {
                        let m = format!(
                            "domain {d:?} is {} ({}); list it under {}",
                            k.kind.as_str(),
                            k.origin,
                            column_for(k.kind)
                        );
                        c.problem(row, column, m);
                    }
                    Some(_) => {}
                    None => {
                        let origin = format!("named on {apps_name} row {}", row.number);
                        known.insert(
                            d.clone(),
                            Known {
                                kind,
                                origin: origin.clone(),
                            },
                        );
                        origins.domains.insert(d.clone(), origin);
                        domains.push(Domain {
                            id: d.clone(),
                            kind,
                            name: None,
                            parent: None,
                        });
                    }
                }
                if !app_domains.contains(&d) {
                    app_domains.push(d);
                }
            }
        }
        for d in cells::list(row.get("domains")) {
            if !known.contains_key(&d) {
                let m = format!(
                    "unknown domain {d:?}{}; give a domain of the domains sheet, or list it under product_domains or architectural_domains",
                    cells::did_you_mean(&d, known.keys().map(String::as_str)));
                c.problem(row, "domains", m);
            } else if !app_domains.contains(&d) {
                app_domains.push(d);
            }
        }
        let target_of = |c: &mut Cells, column: &str| {
            let text = row.get(column);
            if text.is_empty() {
                return None;
            }
            match cells::target(text, targets) {
                Ok(t) => Some(t),
                Err(m) => {
                    c.problem(row, column, m);
                    None
                }
            }
        };
        let target = target_of(&mut c, "target");
        let min_target = target_of(&mut c, "min_target");
        let loss_per_hour = c.required_number(row, "loss_per_hour", 0.0);
        let max_loss = c.number(row, "max_loss", 0.0, false);
        let incidents_per_month = c.required_number(row, "incidents_per_month", 0.0);
        let load = c.number(row, "load", 0.0, true).unwrap_or(1.0);
        let demand = match cells::demand(row.get("demand")) {
            Ok(d) => d,
            Err(m) => {
                c.problem(row, "demand", m);
                Default::default()
            }
        };
        let (Some(id), Some(team)) = (id, team) else {
            continue;
        };
        if let Some(first) = app_rows.get(&id) {
            c.problem(
                row,
                "id",
                format!(
                    "application {id:?} is already on row {first}; give each application one row"
                ),
            );
            continue;
        }
        app_rows.insert(id.clone(), row.number);
        origins
            .applications
            .insert(id.clone(), format!("{apps_name} row {}", row.number));
        applications.push(Application {
            trades_in: None,
            id,
            name: non_empty(row.get("name")),
            team,
            domains: app_domains,
            technologies: cells::list(row.get("technologies")),
            target,
            min_target,
            loss_per_hour,
            max_loss,
            incidents_per_month,
            load,
            demand,
        });
    }
    problems.extend(c.problems);
    if applications.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::new(
            &apps.path,
            None,
            "has no application rows; give one row per application under the header",
        ));
    }
    if !problems.is_empty() {
        return Err(ImportError { problems });
    }
    for sheet in [Some(apps), teams_sheet, domains_sheet]
        .into_iter()
        .flatten()
    {
        if sheet.windows_1252 {
            notes.push(format!(
                "{} is not UTF-8: read as Windows-1252",
                sheet.path.display()
            ));
        }
    }
    let mut inputs = vec![format!("applications {}", apps.path.display())];
    if let Some(s) = teams_sheet {
        inputs.push(format!("teams {}", s.path.display()));
    }
    if let Some(s) = domains_sheet {
        inputs.push(format!("domains {}", s.path.display()));
    }
    let header = header_lines("rota import csv", &inputs, &settings);
    let name = settings.name.clone().unwrap_or_else(|| stem(&apps.path));
    Ok(Imported {
        scenario: settings.into_scenario(name, teams, domains, applications),
        header,
        origins,
        notes,
    })
}

/// The header comment of an imported scenario: what made it, from what, and
/// which parts of the policy are the article's.
pub fn header_lines(command: &str, inputs: &[String], settings: &Settings) -> Vec<String> {
    let mut out = vec![format!("Imported by `{command}` from:")];
    out.extend(inputs.iter().map(|i| format!("  {i}")));
    match &settings.file {
        Some(f) => out.push(format!("  policy {f}")),
        None => out.push("  no policy file".to_string()),
    }
    if !settings.defaulted.is_empty() {
        out.push(format!(
            "{} are the article's (Fruits R Us; `rota init` writes them to edit).",
            settings.defaulted.join(", ")
        ));
    }
    out.push(
        "To change it, edit the sources and import again (or edit this file and import no more)."
            .to_string(),
    );
    out
}

fn column_for(kind: DomainKind) -> &'static str {
    match kind {
        DomainKind::Product => "product_domains",
        DomainKind::Architectural => "architectural_domains",
        _ => "domains",
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Imported organisation".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_separator_outside_quotes() {
        assert_eq!(sniff("id;team;\"a,b,c\"\r\nx"), b';');
        assert_eq!(sniff("id,team,load"), b',');
        assert_eq!(sniff("id\tteam"), b'\t');
    }
}
