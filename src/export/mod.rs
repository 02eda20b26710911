//! On-call configuration out: a layout (SPEC §4), with its scenario where
//! given, as configuration for an on-call tool. `OnCall` gathers what every
//! tool needs (rotas, the services they cover, the applications left without
//! out-of-hours cover); `pagerduty` writes it as Terraform.
//!
//! It reads the file formats only (`scenario`, `layout`), like the evaluator:
//! exporting never solves, and a hand layout exports as well as a solved one.

pub mod names;
pub mod pagerduty;

use std::collections::BTreeMap;
use std::fmt;

use crate::layout::{Layout, RotaKind};
use crate::scenario::error::suggestion;
use crate::scenario::Scenario;

/// A layout that cannot be exported, with the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportError {
    pub file: String,
    pub message: String,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for ExportError {}

/// Support hours: when an application without out-of-hours cover pages
/// anyone at high urgency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportHours {
    /// IANA time zone, e.g. `Europe/London`.
    pub time_zone: String,
    /// `HH:MM:SS`.
    pub start: String,
    /// `HH:MM:SS`.
    pub end: String,
    /// ISO days, 1 Monday to 7 Sunday, ascending, no repeats.
    pub days: Vec<u8>,
}

impl Default for SupportHours {
    fn default() -> Self {
        SupportHours {
            time_zone: "UTC".to_string(),
            start: "09:00:00".to_string(),
            end: "17:00:00".to_string(),
            days: vec![1, 2, 3, 4, 5],
        }
    }
}

/// Where the export's input came from, for the header and for errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    pub layout: String,
    pub model: Option<String>,
}

/// One rota: an on-call schedule and its escalation policy.
#[derive(Debug, Clone, PartialEq)]
pub struct OnCallRota {
    pub name: String,
    /// "team rota of checkout", "domain rota of fulfilment".
    pub description: String,
    pub applications: Vec<String>,
}

/// One application: a service, paged through its rota or, without
/// out-of-hours cover, through its team in support hours only.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: String,
    /// The name PagerDuty shows: the application's name, or its id.
    pub name: String,
    /// Index into `OnCall::rotas`; `None`: no out-of-hours cover.
    pub rota: Option<usize>,
    /// The owning team, where the scenario (or a team rota) says.
    pub team: Option<String>,
    pub target: Option<String>,
}

/// What any on-call tool's configuration is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct OnCall {
    pub scenario: Option<String>,
    pub rotas: Vec<OnCallRota>,
    pub services: Vec<Service>,
}

impl OnCall {
    /// Gathers the layout's rotas and applications. With the scenario, every
    /// application of the scenario gets a service (those on no rota are the
    /// uncovered ones) and a layout naming an application the scenario lacks
    /// is an error; without it, the applications are those the layout names.
    pub fn gather(
        layout: &Layout,
        scenario: Option<&Scenario>,
        sources: &Sources,
    ) -> Result<OnCall, ExportError> {
        let err = |message: String| ExportError {
            file: sources.layout.clone(),
            message,
        };
        let mut rotas = Vec::new();
        let mut cover: BTreeMap<&str, usize> = BTreeMap::new();
        let mut rota_team: BTreeMap<&str, &str> = BTreeMap::new();
        for (i, r) in layout.rotas.iter().enumerate() {
            let description = match (r.kind, &r.team, &r.domain) {
                (RotaKind::Team, Some(t), _) => format!("team rota of team {t}"),
                (RotaKind::Domain, _, Some(d)) => format!("domain rota of domain {d}"),
                (kind, _, _) => format!("{} rota", kind.as_str()),
            };
            for a in &r.applications {
                if let Some(&other) = cover.get(a.as_str()) {
                    let first = &layout.rotas[other].name;
                    return Err(err(if other == i {
                        format!("rota \"{}\" lists application \"{a}\" twice; a service is paged through one rota, so list it once", r.name)
                    } else {
                        format!("application \"{a}\" is on rota \"{first}\" and on rota \"{}\"; a service is paged through one rota, so keep it on one", r.name)
                    }));
                }
                cover.insert(a, i);
                if let (RotaKind::Team, Some(t)) = (r.kind, &r.team) {
                    rota_team.insert(a, t);
                }
            }
            rotas.push(OnCallRota {
                name: r.name.clone(),
                description,
                applications: r.applications.clone(),
            });
        }
        let services = match scenario {
            Some(s) => services_of_scenario(s, layout, &cover, sources)?,
            None => services_of_layout(layout, &cover, &rota_team),
        };
        Ok(OnCall {
            scenario: layout
                .scenario
                .clone()
                .or_else(|| scenario.map(|s| s.name.clone())),
            rotas,
            services,
        })
    }
}

fn services_of_scenario(
    s: &Scenario,
    layout: &Layout,
    cover: &BTreeMap<&str, usize>,
    sources: &Sources,
) -> Result<Vec<Service>, ExportError> {
    let known: Vec<&str> = s.applications.iter().map(|a| a.id.as_str()).collect();
    let model = sources.model.as_deref().unwrap_or("the model");
    let unknown = |id: &str, place: String| ExportError {
        file: sources.layout.clone(),
        message: format!(
            "{place} names application \"{id}\", which {model} does not have{}",
            suggestion(id, known.iter().copied())
        ),
    };
    for r in &layout.rotas {
        for a in &r.applications {
            if !known.contains(&a.as_str()) {
                return Err(unknown(a, format!("rota \"{}\"", r.name)));
            }
        }
    }
    for a in layout.targets.keys() {
        if !known.contains(&a.as_str()) {
            return Err(unknown(a, "[targets]".to_string()));
        }
    }
    // A name two applications share would make two services look alike.
    let mut name_count: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &s.applications {
        if let Some(n) = &a.name {
            *name_count.entry(n).or_default() += 1;
        }
    }
    Ok(s.applications
        .iter()
        .map(|a| Service {
            id: a.id.clone(),
            name: match &a.name {
                Some(n) if name_count.get(n.as_str()) == Some(&1) => n.clone(),
                Some(n) => format!("{n} ({})", a.id),
                None => a.id.clone(),
            },
            rota: cover.get(a.id.as_str()).copied(),
            team: Some(a.team.clone()),
            target: layout.targets.get(&a.id).cloned(),
        })
        .collect())
}

fn services_of_layout(
    layout: &Layout,
    cover: &BTreeMap<&str, usize>,
    rota_team: &BTreeMap<&str, &str>,
) -> Vec<Service> {
    let on_rotas = layout.rotas.iter().flat_map(|r| r.applications.iter());
    let listed_only = layout
        .targets
        .keys()
        .filter(|a| !cover.contains_key(a.as_str()));
    on_rotas
        .chain(listed_only)
        .map(|a| Service {
            id: a.clone(),
            name: a.clone(),
            rota: cover.get(a.as_str()).copied(),
            team: rota_team.get(a.as_str()).map(|t| t.to_string()),
            target: layout.targets.get(a).cloned(),
        })
        .collect()
}
