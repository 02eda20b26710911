//! The small TOML an import is merged with: the scenario's name and
//! currency, `[policy]`, `[support.*]` and `[[targets]]`, exactly as in a
//! scenario file (SPEC §2). Each part left out is the article's (Fruits R Us,
//! `models/fruits-r-us.toml`), which is also what `rota init` writes.

use std::path::Path;

use serde::Deserialize;

use super::{ImportError, ImportProblem};
use crate::scenario::format::{Application, Domain, Policy, Scenario, Support, Target, Team};

/// The article's policy, support and targets, as `rota init` writes them.
pub const ARTICLE_POLICY: &str = r#"# Policy, support and targets for `rota import`: the parts of a scenario
# that are not in the spreadsheet or the catalogue (SPEC section 2). These are
# the figures of Steve Smith's Fruits R Us example ("Implementing You Build It
# You Run It at scale"); change them to your organisation's.

name = "My organisation"
currency = "GBP"                # display only

[policy]
month_hours = 720               # month length for downtime windows (30 days)
max_rota_load = 6               # most on-call load (sum of `load`) one rota carries
max_rota_teams = 0              # most teams sharing one domain rota; 0 = no limit
allow_upgrades = false          # may an application go above its current target?
respect_loss_thresholds = true  # keep applications at the target their revenue at risk demands

[support.team_rota]
standby_per_month = 3000        # article: an on-call rota is 3K a month in standby
ttr_minutes = 20                # article: Delivery team time to restore, 20 minutes
callout_cost = 0                # paid per out-of-hours incident handled

[support.domain_rota]
standby_per_month = 3000
ttr_minutes = 20
callout_cost = 0

[support.none]
ttr_minutes = 720               # nobody on call: the incident waits for the morning

[support.operations]
standby_per_month = 1500        # article: Application Operations, 1.5K a month
ttr_minutes = 60                # article: Application Operations restore in 1 hour

[[targets]]
name = "99.9%"
availability = 0.999
min_revenue_loss = 100000       # the loss the organisation insures against at this target
support = "team_rota"           # high targets: the team's own rota

[[targets]]
name = "99.5%"
availability = 0.995
min_revenue_loss = 50000
support = "domain_rota"         # medium targets: a rota shared across a domain

[[targets]]
name = "99.0%"
availability = 0.99
min_revenue_loss = 20000
support = "none"                # low targets: no out-of-hours cover
"#;

/// A policy file; each part may be left out.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub policy: Option<Policy>,
    #[serde(default)]
    pub support: Option<Support>,
    #[serde(default)]
    pub targets: Option<Vec<Target>>,
}

/// The parts an import uses, each either from the file or the article's.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub name: Option<String>,
    pub currency: String,
    pub policy: Policy,
    pub support: Support,
    pub targets: Vec<Target>,
    /// Which parts came from the article's defaults, for the header comment.
    pub defaulted: Vec<&'static str>,
    /// The file read, if any.
    pub file: Option<String>,
}

impl Settings {
    /// The scenario an import writes: these settings with what was read
    /// (no seasons or support windows: neither format holds them).
    pub fn into_scenario(
        self,
        name: String,
        teams: Vec<Team>,
        domains: Vec<Domain>,
        applications: Vec<Application>,
    ) -> Scenario {
        Scenario {
            name,
            currency: self.currency,
            policy: self.policy,
            support: self.support,
            targets: self.targets,
            teams,
            domains,
            applications,
            seasons: Vec::new(),
            windows: Vec::new(),
        }
    }
}

fn article() -> PolicyFile {
    // The constant above is tested to parse; an empty file is the fallback.
    toml::from_str(ARTICLE_POLICY).unwrap_or(PolicyFile {
        name: None,
        currency: None,
        policy: None,
        support: None,
        targets: None,
    })
}

/// Reads the policy file, or gives the article's settings with none.
pub fn settings(path: Option<&Path>) -> Result<Settings, ImportError> {
    let given = match path {
        Some(p) => Some(read(p)?),
        None => None,
    };
    let defaults = article();
    let mut defaulted = Vec::new();
    let given_ref = given.as_ref();
    let mut pick = |what: &'static str, has: bool| {
        if !has {
            defaulted.push(what);
        }
    };
    pick("[policy]", given_ref.is_some_and(|g| g.policy.is_some()));
    pick("[support]", given_ref.is_some_and(|g| g.support.is_some()));
    pick(
        "[[targets]]",
        given_ref.is_some_and(|g| g.targets.is_some()),
    );
    let given = given.unwrap_or(PolicyFile {
        name: None,
        currency: None,
        policy: None,
        support: None,
        targets: None,
    });
    let unwrap_default = |what: &str| format!("the built-in {what} does not parse");
    Ok(Settings {
        name: given.name,
        currency: given.currency.unwrap_or_else(|| "GBP".to_string()),
        policy: match given.policy.or(defaults.policy) {
            Some(p) => p,
            None => return Err(internal(&unwrap_default("[policy]"))),
        },
        support: match given.support.or(defaults.support) {
            Some(s) => s,
            None => return Err(internal(&unwrap_default("[support]"))),
        },
        targets: match given.targets.or(defaults.targets) {
            Some(t) if !t.is_empty() => t,
            _ => {
                return Err(ImportError::single(ImportProblem::new(
                    path.unwrap_or(Path::new("policy")),
                    Some("[[targets]]".to_string()),
                    "no targets; give at least one [[targets]] table, or leave the key out for the article's three",
                )))
            }
        },
        defaulted,
        file: path.map(|p| p.display().to_string()),
    })
}

fn internal(message: &str) -> ImportError {
    ImportError::single(ImportProblem::new(Path::new("rota"), None, message))
}

fn read(path: &Path) -> Result<PolicyFile, ImportError> {
    let text = super::text::read(path)?;
    toml::from_str::<PolicyFile>(&text.text).map_err(|e| {
        let place = e
            .span()
            .map(|s| format!("line {}", 1 + text.text[..s.start.min(text.text.len())].matches('\n').count()));
        let message = e.message().trim().to_string();
        let hint = if message.contains("unknown field") {
            "; a policy file holds name, currency, [policy], [support.*] and [[targets]] (SPEC section 2)"
        } else {
            ""
        };
        ImportError::single(ImportProblem::new(path, place, format!("{message}{hint}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_policy_parses_whole() {
        let p: PolicyFile = toml::from_str(ARTICLE_POLICY).unwrap();
        assert!(p.policy.is_some() && p.support.is_some());
        assert_eq!(p.targets.unwrap().len(), 3);
    }
}
