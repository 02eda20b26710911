//! The scenario file format (SPEC §2) as plain serde types.
//!
//! These types mirror the file one to one; ids are still strings and nothing is
//! checked beyond what serde checks. `validate` checks them, `model` resolves
//! them. The layout evaluator works from these types alone.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    pub policy: Policy,
    pub support: Support,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub teams: Vec<Team>,
    #[serde(default)]
    pub domains: Vec<Domain>,
    #[serde(default)]
    pub applications: Vec<Application>,
    /// Peak trading periods (SPEC §7.2); empty means one season, the year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seasons: Vec<Season>,
    /// Support windows (SPEC §7.1); empty means one window, "out-of-hours",
    /// share 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<Window>,
}

/// The one window a scenario without `[[windows]]` has (SPEC §7.1).
pub const DEFAULT_WINDOW: &str = "out-of-hours";

/// A support window (SPEC §7.1): a share of the out-of-hours period with its
/// own copy of the problem, coupled to the others through each application's
/// target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub name: String,
    /// Share of the out-of-hours period (incidents scale by it); shares sum to 1.
    pub share: f64,
    /// Share of `standby_per_month` paid to staff a rota in this window;
    /// absent means `share`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standby_share: Option<f64>,
}

impl Window {
    pub fn standby_share(&self) -> f64 {
        self.standby_share.unwrap_or(self.share)
    }
}

impl Scenario {
    /// The windows as the problem sees them: the declared ones, or the one
    /// default window.
    pub fn effective_windows(&self) -> Vec<Window> {
        if self.windows.is_empty() {
            vec![Window {
                name: DEFAULT_WINDOW.to_string(),
                share: 1.0,
                standby_share: None,
            }]
        } else {
            self.windows.clone()
        }
    }
}

/// A season (SPEC §7.2): part of the year with its own loss and incident rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Season {
    pub name: String,
    pub months: f64,
    #[serde(default = "default_factor")]
    pub loss_factor: f64,
    #[serde(default = "default_factor")]
    pub incident_factor: f64,
}

fn default_factor() -> f64 {
    1.0
}

fn default_currency() -> String {
    "GBP".to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(default = "default_month_hours")]
    pub month_hours: f64,
    pub max_rota_load: f64,
    #[serde(default)]
    pub max_rota_teams: u32,
    #[serde(default)]
    pub allow_upgrades: bool,
    #[serde(default = "default_true")]
    pub respect_loss_thresholds: bool,
}

fn default_month_hours() -> f64 {
    720.0
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    pub team_rota: RotaSupport,
    /// Defaults to the team rota's values.
    #[serde(default)]
    pub domain_rota: Option<RotaSupport>,
    #[serde(default)]
    pub none: Option<NoSupport>,
    /// Application Operations, used by `insurance` and the policy comparison.
    #[serde(default)]
    pub operations: Option<OperationsSupport>,
}

/// Application Operations (`support.operations`): a rota's figures, and how
/// much more often incidents happen when operations run an application
/// (SPEC §7.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationsSupport {
    pub standby_per_month: f64,
    pub ttr_minutes: f64,
    #[serde(default)]
    pub callout_cost: f64,
    /// Multiplies incidents for the operations option; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_factor: Option<f64>,
}

impl OperationsSupport {
    /// The figures every rota option has.
    pub fn rota(&self) -> RotaSupport {
        RotaSupport {
            standby_per_month: self.standby_per_month,
            ttr_minutes: self.ttr_minutes,
            callout_cost: self.callout_cost,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotaSupport {
    pub standby_per_month: f64,
    pub ttr_minutes: f64,
    #[serde(default)]
    pub callout_cost: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoSupport {
    #[serde(default = "default_none_ttr")]
    pub ttr_minutes: f64,
}

pub fn default_none_ttr() -> f64 {
    720.0
}

/// Support a target asks for, ordered `None < DomainRota < TeamRota`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportLevel {
    None,
    DomainRota,
    TeamRota,
}

impl SupportLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            SupportLevel::None => "none",
            SupportLevel::DomainRota => "domain_rota",
            SupportLevel::TeamRota => "team_rota",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub name: String,
    pub availability: f64,
    pub min_revenue_loss: f64,
    pub support: SupportLevel,
    #[serde(default)]
    pub engineering_cost_per_month: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub technologies: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DomainKind {
    Product,
    Architectural,
    Geographic,
    Technology,
}

impl DomainKind {
    /// Only product and architectural domains may group a rota (SPEC §1).
    pub fn can_group_rota(self) -> bool {
        matches!(self, DomainKind::Product | DomainKind::Architectural)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DomainKind::Product => "product",
            DomainKind::Architectural => "architectural",
            DomainKind::Geographic => "geographic",
            DomainKind::Technology => "technology",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub kind: DomainKind,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Demand {
    #[default]
    High,
    Low,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub team: String,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub technologies: Vec<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub min_target: Option<String>,
    pub loss_per_hour: f64,
    #[serde(default)]
    pub max_loss: Option<f64>,
    pub incidents_per_month: f64,
    #[serde(default = "default_load")]
    pub load: f64,
    #[serde(default)]
    pub demand: Demand,
    /// Windows in which it earns revenue (SPEC §7.1); absent means every window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trades_in: Option<Vec<String>>,
}

impl Application {
    /// Whether it trades (earns revenue) in the window named `window`.
    pub fn trades_in(&self, window: &str) -> bool {
        match &self.trades_in {
            None => true,
            Some(list) => list.iter().any(|w| w == window),
        }
    }
}

fn default_load() -> f64 {
    1.0
}
