//! `rota import backstage`: Backstage catalogue descriptor files
//! (multi-document YAML, `apiVersion`/`kind`/`metadata`/`spec`) as a
//! scenario. Component → application, its owning Group → team, its System
//! → architectural domain, the System's Domain → product domain, a Domain's
//! `subdomainOf` → parent. The figures Backstage does not hold come from
//! `metadata.annotations` under `rota.dev/` or from a CSV keyed by entity
//! reference. docs/import.md has the mapping and every rule for skipping.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml_ng::Value;

use super::cells::{self, NumberStyle};
use super::csv::{col, read_sheet, Column, Sheet};
use super::policy::{self, Settings};
use super::{ImportError, ImportProblem, Imported, Origins};
use crate::scenario::format::{Application, Domain, DomainKind, Target, Team};

/// The prefix of the annotations rota reads.
pub const PREFIX: &str = "rota.dev/";

/// The annotations rota reads (after `PREFIX`), with what each holds.
pub const ANNOTATIONS: &[(&str, &str)] = &[
    (
        "loss-per-hour",
        "revenue lost per hour out of hours (required)",
    ),
    (
        "incidents-per-month",
        "expected out-of-hours incidents a month (required)",
    ),
    ("max-loss", "cap on the loss of one incident"),
    ("load", "on-call load, above 0 (default 1)"),
    ("demand", "high or low (default high)"),
    ("target", "the current target, a target name of the policy"),
    ("min-target", "a target the application may never go below"),
    (
        "technologies",
        "technologies, separated by commas (Components and Groups)",
    ),
    ("location", "where a Group works (Groups)"),
];

/// The figures sheet: one row per Component, keyed by entity reference.
pub const FIGURE_COLUMNS: &[Column] = &[
    col(
        "entity",
        true,
        &["entity_ref", "ref", "component"],
        "an entity reference such as component:default/checkout or checkout",
    ),
    col(
        "loss_per_hour",
        false,
        &[],
        "revenue lost per hour out of hours",
    ),
    col(
        "incidents_per_month",
        false,
        &["incidents"],
        "expected out-of-hours incidents a month",
    ),
    col("max_loss", false, &[], "cap on the loss of one incident"),
    col("load", false, &[], "on-call load, above 0"),
    col("demand", false, &[], "high or low"),
    col("target", false, &["current_target"], "the current target"),
    col(
        "min_target",
        false,
        &[],
        "a target the application may never go below",
    ),
    col(
        "technologies",
        false,
        &["technology"],
        "technologies, separated by ; or |",
    ),
];

/// The files of one Backstage import.
#[derive(Debug, Clone, Default)]
pub struct BackstageInputs {
    pub catalogs: Vec<PathBuf>,
    pub figures: Option<PathBuf>,
    pub policy: Option<PathBuf>,
}

/// A Backstage entity reference, compared as Backstage does: kind,
/// namespace and name, case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntityRef {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl EntityRef {
    /// `[kind:][namespace/]name`, the kind and namespace defaulting to the
    /// ones given (the referring entity's namespace, as Backstage does).
    pub fn parse(
        text: &str,
        default_kind: &str,
        default_namespace: &str,
    ) -> Result<EntityRef, String> {
        let t = text.trim();
        let (kind, rest) = match t.split_once(':') {
            Some((k, r)) => (k, r),
            None => (default_kind, t),
        };
        let (namespace, name) = match rest.split_once('/') {
            Some((ns, n)) => (ns, n),
            None => (default_namespace, rest),
        };
        if kind.is_empty() || namespace.is_empty() || name.is_empty() || name.contains(['/', ':']) {
            return Err(format!(
                "{text:?} is not an entity reference; give [kind:][namespace/]name, such as group:default/payments"
            ));
        }
        Ok(EntityRef {
            kind: kind.to_lowercase(),
            namespace: namespace.to_lowercase(),
            name: name.to_lowercase(),
        })
    }
}

impl std::fmt::Display for EntityRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}/{}", self.kind, self.namespace, self.name)
    }
}

/// One entity as read: where it is and the fields rota uses.
#[derive(Debug, Clone)]
struct Entity {
    file: PathBuf,
    document: usize,
    kind: String,
    namespace: String,
    name: String,
    title: Option<String>,
    annotations: BTreeMap<String, String>,
    spec: Value,
}

impl Entity {
    fn reference(&self) -> EntityRef {
        EntityRef {
            kind: self.kind.to_lowercase(),
            namespace: self.namespace.to_lowercase(),
            name: self.name.to_lowercase(),
        }
    }

    /// How a person reads it: `component:default/web`, as written.
    fn label(&self) -> String {
        format!(
            "{}:{}/{}",
            self.kind.to_lowercase(),
            self.namespace,
            self.name
        )
    }

    fn place(&self) -> String {
        format!("document {} ({})", self.document, self.label())
    }

    /// The id in the scenario: the name, with its namespace when not `default`.
    fn id(&self) -> String {
        if self.namespace.eq_ignore_ascii_case("default") {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        }
    }

    fn spec_str(&self, key: &str) -> Option<String> {
        match self.spec.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }

    fn problem(&self, message: impl Into<String>) -> ImportProblem {
        ImportProblem::new(&self.file, Some(self.place()), message)
    }
}

/// The top of a descriptor, as serde reads it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    api_version: Option<String>,
    kind: Option<String>,
    metadata: Option<Metadata>,
    #[serde(default)]
    spec: Value,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    name: Option<String>,
    namespace: Option<String>,
    title: Option<String>,
    #[serde(default)]
    annotations: BTreeMap<String, Value>,
}

/// Reads every entity of every file; malformed documents are problems.
fn read_entities(paths: &[PathBuf], problems: &mut Vec<ImportProblem>) -> Vec<Entity> {
    let mut out = Vec::new();
    for path in paths {
        let text = match super::text::read(path) {
            Ok(t) => t.text,
            Err(e) => {
                problems.extend(e.problems);
                continue;
            }
        };
        for (i, doc) in serde_yaml_ng::Deserializer::from_str(&text).enumerate() {
            let document = i + 1;
            let place = Some(format!("document {document}"));
            let value = match Value::deserialize(doc) {
                Ok(v) => v,
                Err(e) => {
                    let place = e
                        .location()
                        .map(|l| format!("line {}, column {}", l.line(), l.column()));
                    problems.push(ImportProblem::new(path, place, format!("not YAML: {e}")));
                    break;
                }
            };
            if value.is_null() {
                continue;
            }
            let d: Descriptor = match serde_yaml_ng::from_value(value) {
                Ok(d) => d,
                Err(e) => {
                    problems.push(ImportProblem::new(path, place, format!(
                        "not a Backstage descriptor ({e}); give apiVersion, kind, metadata and spec")));
                    continue;
                }
            };
            let (Some(api), Some(kind), Some(meta)) = (d.api_version, d.kind, d.metadata) else {
                problems.push(ImportProblem::new(
                    path,
                    place,
                    "a Backstage descriptor needs apiVersion, kind and metadata.name",
                ));
                continue;
            };
            let Some(name) = meta.name.filter(|n| !n.trim().is_empty()) else {
                problems.push(ImportProblem::new(
                    path,
                    place,
                    format!("{kind} has no metadata.name; give each entity a name"),
                ));
                continue;
            };
            if !api.starts_with("backstage.io/") {
                // Another catalogue's kinds (e.g. a plugin's): not ours to read.
                continue;
            }
            let mut annotations = BTreeMap::new();
            for (k, v) in meta.annotations {
                let text = match v {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                annotations.insert(k, text);
            }
            out.push(Entity {
                file: path.clone(),
                document,
                kind,
                namespace: meta
                    .namespace
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| "default".to_string()),
                name: name.trim().to_string(),
                title: meta.title.filter(|t| !t.trim().is_empty()),
                annotations,
                spec: d.spec,
            });
        }
    }
    out
}

/// The figures of one Component, from annotations then the figures sheet.
#[derive(Debug, Default)]
struct Figures {
    values: BTreeMap<&'static str, Figure>,
}

/// One figure's text, how numbers are written where it came from, and the
/// file and place a problem with it names.
#[derive(Debug)]
struct Figure {
    text: String,
    style: NumberStyle,
    file: PathBuf,
    place: String,
}

/// Reads the catalogues, the figures sheet and the policy and builds the
/// scenario; every problem at once.
pub fn import(inputs: &BackstageInputs) -> Result<Imported, ImportError> {
    let mut problems = Vec::new();
    let settings = match policy::settings(inputs.policy.as_deref()) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    let figures = match &inputs.figures {
        Some(p) => match read_sheet(p, FIGURE_COLUMNS, "figures") {
            Ok(s) => Some(s),
            Err(e) => {
                problems.extend(e);
                None
            }
        },
        None => None,
    };
    let entities = read_entities(&inputs.catalogs, &mut problems);
    let Some(settings) = settings else {
        return Err(ImportError { problems });
    };
    if inputs.figures.is_some() && figures.is_none() {
        return Err(ImportError { problems });
    }
    build(inputs, entities, figures.as_ref(), settings, problems)
}

fn build(
    inputs: &BackstageInputs,
    entities: Vec<Entity>,
    figures: Option<&Sheet>,
    settings: Settings,
    mut problems: Vec<ImportProblem>,
) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let mut origins = Origins::default();

    // Every entity by its reference; a repeat is an error.
    let mut by_ref: BTreeMap<EntityRef, usize> = BTreeMap::new();
    for (i, e) in entities.iter().enumerate() {
        if let Some(&first) = by_ref.get(&e.reference()) {
            let f = &entities[first];
            problems.push(e.problem(format!(
                "{} is also defined in {} document {}; give each entity once",
                e.label(),
                f.file.display(),
                f.document
            )));
        } else {
            by_ref.insert(e.reference(), i);
        }
    }
    let resolve =
        |text: &str, default_kind: &str, from: &Entity| -> Result<Option<&Entity>, String> {
            let r = EntityRef::parse(text, default_kind, &from.namespace)?;
            Ok(by_ref.get(&r).map(|&i| &entities[i]))
        };
    let of_kind = |k: &'static str| {
        entities
            .iter()
            .filter(move |e| e.kind.eq_ignore_ascii_case(k))
    };

    // Domains, each with its parent.
    let mut domain_ids: BTreeMap<EntityRef, String> = BTreeMap::new();
    for d in of_kind("domain") {
        domain_ids.insert(d.reference(), d.id());
    }
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    for d in of_kind("domain") {
        let Some(parent) = d.spec_str("subdomainOf") else {
            continue;
        };
        match resolve(&parent, "domain", d) {
            Ok(Some(p)) if p.kind.eq_ignore_ascii_case("domain") => {
                parents.insert(d.id(), p.id());
            }
            Ok(Some(p)) => notes.push(format!(
                "{}: subdomainOf {parent:?} is a {}, not a Domain; no parent",
                d.label(),
                p.kind
            )),
            Ok(None) => notes.push(format!(
                "{}: subdomainOf {parent:?} is not in the catalogue; no parent",
                d.label()
            )),
            Err(m) => problems.push(d.problem(format!("spec.subdomainOf: {m}"))),
        }
    }
    // Systems: an architectural domain each, and the product domain they sit in.
    let domain_names: BTreeSet<String> = domain_ids.values().cloned().collect();
    let mut systems: BTreeMap<EntityRef, (String, Option<String>)> = BTreeMap::new();
    for s in of_kind("system") {
        let id = if domain_names.contains(&s.id()) {
            format!("{}-system", s.id())
        } else {
            s.id()
        };
        let product = match s.spec_str("domain") {
            None => None,
            Some(text) => match resolve(&text, "domain", s) {
                Ok(Some(d)) if d.kind.eq_ignore_ascii_case("domain") => Some(d.id()),
                Ok(_) => {
                    notes.push(format!("{}: domain {text:?} is not a Domain in the catalogue; the system has no product domain", s.label()));
                    None
                }
                Err(m) => {
                    problems.push(s.problem(format!("spec.domain: {m}")));
                    None
                }
            },
        };
        systems.insert(s.reference(), (id, product));
    }

    let figure_rows = figures
        .map(|s| figure_index(s, &by_ref, &entities, &mut problems))
        .unwrap_or_default();

    let targets = &settings.targets;
    let mut applications = Vec::new();
    let mut owners: Vec<&Entity> = Vec::new();
    let mut used_domains: BTreeSet<String> = BTreeSet::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for e in &entities {
        let kind = e.kind.to_lowercase();
        if !matches!(
            kind.as_str(),
            "component" | "system" | "domain" | "group" | "user"
        ) {
            *skipped.entry(e.kind.clone()).or_default() += 1;
            continue;
        }
        if kind != "component" {
            continue;
        }
        let lifecycle = e.spec_str("lifecycle").unwrap_or_default();
        if lifecycle.eq_ignore_ascii_case("experimental") {
            notes.push(format!("{}: skipped, lifecycle experimental", e.label()));
            continue;
        }
        if e.spec_str("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("library"))
        {
            notes.push(format!(
                "{}: skipped, a library is not run (nothing to be on call for)",
                e.label()
            ));
            continue;
        }
        let Some(owner_text) = e.spec_str("owner") else {
            notes.push(format!("{}: skipped, no spec.owner", e.label()));
            continue;
        };
        let owner = match resolve(&owner_text, "group", e) {
            Ok(Some(o)) if o.kind.eq_ignore_ascii_case("group") => o,
            Ok(Some(o)) => {
                notes.push(format!(
                    "{}: skipped, its owner {owner_text:?} is a {}, not a Group (a team)",
                    e.label(),
                    o.kind
                ));
                continue;
            }
            Ok(None) => {
                notes.push(format!(
                    "{}: skipped, its owner {owner_text:?} is not in the catalogue",
                    e.label()
                ));
                continue;
            }
            Err(m) => {
                problems.push(e.problem(format!("spec.owner: {m}")));
                // Its figures are checked all the same: every problem at once.
                let f = figures_of(e, figure_rows.get(&e.reference()), &mut problems);
                application(e, String::new(), Vec::new(), &f, targets, &mut problems);
                continue;
            }
        };
        let mut domains = Vec::new();
        match e.spec_str("system") {
            None => notes.push(format!(
                "{}: no spec.system; imported with no domain, so it can only share its team's rota",
                e.label()
            )),
            Some(text) => match EntityRef::parse(&text, "system", &e.namespace) {
                Ok(r) => match systems.get(&r) {
                    Some((id, product)) => {
                        domains.push(id.clone());
                        domains.extend(product.clone());
                    }
                    None => notes.push(format!(
                        "{}: its system {text:?} is not in the catalogue; imported with no domain",
                        e.label()
                    )),
                },
                Err(m) => problems.push(e.problem(format!("spec.system: {m}"))),
            },
        }
        let f = figures_of(e, figure_rows.get(&e.reference()), &mut problems);
        let Some(app) = application(e, owner.id(), domains, &f, targets, &mut problems) else {
            continue;
        };
        used_domains.extend(app.domains.iter().cloned());
        if !owners.iter().any(|o| o.reference() == owner.reference()) {
            owners.push(owner);
        }
        origins.applications.insert(
            app.id.clone(),
            format!("{} ({})", e.label(), file_name(&e.file)),
        );
        applications.push(app);
    }
    if !skipped.is_empty() {
        let kinds: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        notes.push(format!(
            "entities of kinds that hold no application, not read: {}",
            kinds.join(", ")
        ));
    }

    let mut teams = Vec::new();
    for o in &owners {
        let technologies = o
            .annotations
            .get(&format!("{PREFIX}technologies"))
            .map(|t| split_annotation_list(t))
            .unwrap_or_default();
        let name = o.title.clone().or_else(|| {
            match o.spec.get("profile").and_then(|p| p.get("displayName")) {
                Some(Value::String(s)) => Some(s.clone()),
                _ => None,
            }
        });
        origins
            .teams
            .insert(o.id(), format!("{} ({})", o.label(), file_name(&o.file)));
        teams.push(Team {
            id: o.id(),
            name,
            location: o
                .annotations
                .get(&format!("{PREFIX}location"))
                .filter(|l| !l.trim().is_empty())
                .cloned(),
            technologies,
        });
    }

    // The domains applications use, with their ancestors, in catalogue order.
    let mut needed = used_domains.clone();
    for d in &used_domains {
        let mut at = d.clone();
        let mut steps = 0;
        while let Some(p) = parents.get(&at) {
            if !needed.insert(p.clone()) || steps > parents.len() {
                break;
            }
            at = p.clone();
            steps += 1;
        }
    }
    let mut domains = Vec::new();
    for d in of_kind("domain") {
        if needed.contains(&d.id()) {
            origins
                .domains
                .insert(d.id(), format!("{} ({})", d.label(), file_name(&d.file)));
            domains.push(Domain {
                id: d.id(),
                kind: DomainKind::Product,
                name: d.title.clone(),
                parent: parents.get(&d.id()).cloned(),
            });
        }
    }
    for s in of_kind("system") {
        if let Some((id, _)) = systems.get(&s.reference()) {
            if needed.contains(id) {
                origins.domains.insert(
                    id.clone(),
                    format!("{} ({})", s.label(), file_name(&s.file)),
                );
                domains.push(Domain {
                    id: id.clone(),
                    kind: DomainKind::Architectural,
                    name: s.title.clone(),
                    parent: None,
                });
            }
        }
    }

    if applications.is_empty() && problems.is_empty() {
        let files: Vec<String> = inputs
            .catalogs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        problems.push(ImportProblem::new(Path::new(&files.join(", ")), None,
            "hold no Component that could be imported (see the notes); give Components owned by a Group"));
        for n in &notes {
            problems.push(ImportProblem::new(Path::new("note"), None, n.clone()));
        }
    }
    if !problems.is_empty() {
        return Err(ImportError { problems });
    }
    let mut listed: Vec<String> = inputs
        .catalogs
        .iter()
        .map(|p| format!("catalogue {}", p.display()))
        .collect();
    if let Some(f) = &inputs.figures {
        listed.push(format!("figures {}", f.display()));
    }
    let header = super::csv::header_lines("rota import backstage", &listed, &settings);
    let name = settings
        .name
        .clone()
        .unwrap_or_else(|| "Backstage catalogue".to_string());
    Ok(Imported {
        scenario: settings.into_scenario(name, teams, domains, applications),
        header,
        origins,
        notes,
    })
}

/// The figures sheet's rows by the Component they name.
fn figure_index<'a>(
    sheet: &'a Sheet,
    by_ref: &BTreeMap<EntityRef, usize>,
    entities: &[Entity],
    problems: &mut Vec<ImportProblem>,
) -> BTreeMap<EntityRef, (&'a super::csv::Row, &'a Sheet)> {
    let mut out: BTreeMap<EntityRef, (&'a super::csv::Row, &'a Sheet)> = BTreeMap::new();
    for row in &sheet.rows {
        let place = |c: &str| Some(format!("row {}, column {c:?}", row.number));
        let text = row.cells.get("entity").map(String::as_str).unwrap_or("");
        let r = match EntityRef::parse(text, "component", "default") {
            Ok(r) => r,
            Err(m) => {
                problems.push(ImportProblem::new(&sheet.path, place("entity"), m));
                continue;
            }
        };
        if !by_ref.contains_key(&r) {
            let components = entities
                .iter()
                .filter(|e| e.kind.eq_ignore_ascii_case("component"))
                .map(|e| e.label())
                .collect::<Vec<_>>();
            problems.push(ImportProblem::new(
                &sheet.path,
                place("entity"),
                format!(
                    "{r} is not in the catalogue{}; give the reference of a Component",
                    cells::did_you_mean(&r.to_string(), components.iter().map(String::as_str))
                ),
            ));
            continue;
        }
        if let Some((first, _)) = out.get(&r) {
            let first: &super::csv::Row = first;
            problems.push(ImportProblem::new(
                &sheet.path,
                place("entity"),
                format!(
                    "{r} already has figures on row {}; give each Component one row",
                    first.number
                ),
            ));
            continue;
        }
        out.insert(r, (row, sheet));
    }
    out
}

/// The figure keys, as annotation (after the prefix) and sheet column.
const FIGURE_KEYS: &[(&str, &str)] = &[
    ("loss-per-hour", "loss_per_hour"),
    ("incidents-per-month", "incidents_per_month"),
    ("max-loss", "max_loss"),
    ("load", "load"),
    ("demand", "demand"),
    ("target", "target"),
    ("min-target", "min_target"),
    ("technologies", "technologies"),
];

/// Each figure's text and where it was read, the sheet winning over the
/// annotation. An unknown `rota.dev/` annotation is a problem (a typo).
fn figures_of(
    e: &Entity,
    row: Option<&(&super::csv::Row, &Sheet)>,
    problems: &mut Vec<ImportProblem>,
) -> Figures {
    let mut f = Figures::default();
    for (key, text) in &e.annotations {
        let Some(short) = key.strip_prefix(PREFIX) else {
            continue;
        };
        match FIGURE_KEYS.iter().find(|(a, _)| *a == short) {
            Some((_, column)) => {
                f.values.insert(
                    column,
                    Figure {
                        text: text.trim().to_string(),
                        style: NumberStyle::default(),
                        file: e.file.clone(),
                        place: format!("{}, annotation {key}", e.place()),
                    },
                );
            }
            None if ANNOTATIONS.iter().any(|(a, _)| *a == short) => {}
            None => problems.push(e.problem(format!(
                    "unknown annotation {key:?}{}; rota reads {}",
                    cells::did_you_mean(short, ANNOTATIONS.iter().map(|(a, _)| *a)),
                    ANNOTATIONS
                        .iter()
                        .map(|(a, _)| format!("{PREFIX}{a}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
        }
    }
    if let Some((row, sheet)) = row {
        for (_, column) in FIGURE_KEYS {
            if let Some(text) = row.cells.get(column).filter(|t| !t.is_empty()) {
                f.values.insert(
                    column,
                    Figure {
                        text: text.clone(),
                        style: sheet.style,
                        file: sheet.path.clone(),
                        place: format!("row {}, column {column:?} ({})", row.number, e.label()),
                    },
                );
            }
        }
    }
    f
}

fn application(
    e: &Entity,
    team: String,
    domains: Vec<String>,
    f: &Figures,
    targets: &[Target],
    problems: &mut Vec<ImportProblem>,
) -> Option<Application> {
    let before = problems.len();
    let mut number = |column: &str, min: f64, strict: bool, required: bool| -> Option<f64> {
        match f.values.get(column) {
            Some(x) => match cells::number(&x.text, x.style, min, strict) {
                Ok(v) => Some(v),
                Err(m) => {
                    problems.push(ImportProblem::new(&x.file, Some(x.place.clone()), m));
                    None
                }
            },
            None if required => {
                let annotation = column.replace('_', "-");
                problems.push(e.problem(format!(
                    "no {}; give the annotation {PREFIX}{annotation} or a figures row with column {column:?}",
                    column.replace('_', " "))));
                None
            }
            None => None,
        }
    };
    let loss_per_hour = number("loss_per_hour", 0.0, false, true);
    let incidents_per_month = number("incidents_per_month", 0.0, false, true);
    let max_loss = number("max_loss", 0.0, false, false);
    let load = number("load", 0.0, true, false).unwrap_or(1.0);
    let mut text_of =
        |column: &str, parse: &dyn Fn(&str) -> Result<String, String>| -> Option<String> {
            let x = f.values.get(column)?;
            match parse(&x.text) {
                Ok(v) => Some(v),
                Err(m) => {
                    problems.push(ImportProblem::new(&x.file, Some(x.place.clone()), m));
                    None
                }
            }
        };
    let target = text_of("target", &|t| cells::target(t, targets));
    let min_target = text_of("min_target", &|t| cells::target(t, targets));
    let demand = text_of("demand", &|t| cells::demand(t).map(|d| format!("{d:?}")));
    let technologies = f
        .values
        .get("technologies")
        .map(|x| split_annotation_list(&x.text))
        .unwrap_or_default();
    if problems.len() > before {
        return None;
    }
    Some(Application {
        trades_in: None,
        id: e.id(),
        name: e.title.clone(),
        team,
        domains,
        technologies,
        target,
        min_target,
        loss_per_hour: loss_per_hour?,
        max_loss,
        incidents_per_month: incidents_per_month?,
        load,
        demand: if demand.as_deref() == Some("Low") {
            crate::scenario::format::Demand::Low
        } else {
            Default::default()
        },
    })
}

/// A list in an annotation: separated by commas, `;` or `|`.
fn split_annotation_list(text: &str) -> Vec<String> {
    cells::list(&text.replace(',', ";"))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_default_like_backstage() {
        let r = EntityRef::parse("Payments", "group", "default").unwrap();
        assert_eq!(r.to_string(), "group:default/payments");
        let r = EntityRef::parse("user:ops/Jane", "group", "default").unwrap();
        assert_eq!(r.to_string(), "user:ops/jane");
        let r = EntityRef::parse("shop/web", "system", "default").unwrap();
        assert_eq!(r.to_string(), "system:shop/web");
        assert!(EntityRef::parse("group:", "group", "default").is_err());
        assert!(EntityRef::parse("a/b/c", "group", "default").is_err());
    }
}
