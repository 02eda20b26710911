//! Broken rules found in a layout, each with a stable code (SPEC §4).

use serde::Serialize;

/// Stable violation codes. The first sixteen are SPEC §4's table (its thirteen
/// rows; the first row names four `unknown-*` codes); the next four are
/// mistakes a planner also makes in a hand-written layout; `unknown-window` is
/// SPEC §7.1's, and `no-window` and `duplicate-window` the mistakes a planner
/// makes in a rota's `windows`. The text of a code
/// never changes: `compare --format json` prints it and scripts match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    UnknownApplication,
    UnknownTeam,
    UnknownDomain,
    UnknownTarget,
    DuplicateCover,
    TeamRotaForeignApp,
    GeographicDomain,
    TechnologyDomain,
    NoCommonDomain,
    LoadExceeded,
    TooManyTeams,
    Uncovered,
    NeedsTeamRota,
    UnneededCover,
    TargetBelowFloor,
    TargetAboveAllowed,
    /// Two rotas share one name.
    DuplicateRota,
    /// A team rota without `team`.
    MissingTeam,
    /// A domain rota names a product or architectural domain some of its
    /// applications do not belong to.
    OutsideDomain,
    /// A rota with no applications: standby paid for nothing.
    EmptyRota,
    /// A rota's `windows` names a window the scenario lacks (SPEC §7.1).
    UnknownWindow,
    /// A rota's `windows` is empty or names no window the scenario defines:
    /// it covers none of its applications (SPEC §7.1).
    NoWindow,
    /// A rota's `windows` lists one window more than once.
    DuplicateWindow,
}

impl Code {
    pub const ALL: [Code; 23] = [
        Code::UnknownApplication,
        Code::UnknownTeam,
        Code::UnknownDomain,
        Code::UnknownTarget,
        Code::DuplicateCover,
        Code::TeamRotaForeignApp,
        Code::GeographicDomain,
        Code::TechnologyDomain,
        Code::NoCommonDomain,
        Code::LoadExceeded,
        Code::TooManyTeams,
        Code::Uncovered,
        Code::NeedsTeamRota,
        Code::UnneededCover,
        Code::TargetBelowFloor,
        Code::TargetAboveAllowed,
        Code::DuplicateRota,
        Code::MissingTeam,
        Code::OutsideDomain,
        Code::EmptyRota,
        Code::UnknownWindow,
        Code::NoWindow,
        Code::DuplicateWindow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnknownApplication => "unknown-application",
            Code::UnknownTeam => "unknown-team",
            Code::UnknownDomain => "unknown-domain",
            Code::UnknownTarget => "unknown-target",
            Code::DuplicateCover => "duplicate-cover",
            Code::TeamRotaForeignApp => "team-rota-foreign-app",
            Code::GeographicDomain => "geographic-domain",
            Code::TechnologyDomain => "technology-domain",
            Code::NoCommonDomain => "no-common-domain",
            Code::LoadExceeded => "load-exceeded",
            Code::TooManyTeams => "too-many-teams",
            Code::Uncovered => "uncovered",
            Code::NeedsTeamRota => "needs-team-rota",
            Code::UnneededCover => "unneeded-cover",
            Code::TargetBelowFloor => "target-below-floor",
            Code::TargetAboveAllowed => "target-above-allowed",
            Code::DuplicateRota => "duplicate-rota",
            Code::MissingTeam => "missing-team",
            Code::OutsideDomain => "outside-domain",
            Code::EmptyRota => "empty-rota",
            Code::UnknownWindow => "unknown-window",
            Code::NoWindow => "no-window",
            Code::DuplicateWindow => "duplicate-window",
        }
    }

    /// One line for help texts.
    pub fn meaning(self) -> &'static str {
        match self {
            Code::UnknownApplication => "the layout names an application the scenario lacks",
            Code::UnknownTeam => "the layout names a team the scenario lacks",
            Code::UnknownDomain => "the layout names a domain the scenario lacks",
            Code::UnknownTarget => "the layout names a target the scenario lacks",
            Code::DuplicateCover => "an application is listed more than once",
            Code::TeamRotaForeignApp => "a team rota covers another team's application",
            Code::GeographicDomain => "a domain rota grouped by location",
            Code::TechnologyDomain => "a domain rota grouped by technology",
            Code::NoCommonDomain => {
                "a domain rota whose applications share no product or architectural domain"
            }
            Code::LoadExceeded => "a rota's load is over max_rota_load",
            Code::TooManyTeams => "a domain rota spans more than max_rota_teams teams",
            Code::Uncovered => "the target needs a rota and the application is on none",
            Code::NeedsTeamRota => {
                "the target needs a team rota and the application is on a domain rota"
            }
            Code::UnneededCover => "the target needs no cover, yet the application is on a rota",
            Code::TargetBelowFloor => "the target is below the loss floor or min_target",
            Code::TargetAboveAllowed => {
                "the target is above the current target and upgrades are not allowed"
            }
            Code::DuplicateRota => "two rotas have the same name",
            Code::MissingTeam => "a team rota names no team",
            Code::OutsideDomain => {
                "a domain rota's named domain does not hold all its applications"
            }
            Code::EmptyRota => "a rota covers no application but still costs standby",
            Code::UnknownWindow => "a rota is staffed in a window the scenario lacks",
            Code::NoWindow => "a rota is staffed in no window, so it covers nothing",
            Code::DuplicateWindow => "a rota lists one window more than once",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule: what, where, who, and a sentence a planner understands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub code: Code,
    /// The rota involved, if any.
    pub rota: Option<String>,
    /// The applications involved, as the layout or scenario names them.
    pub applications: Vec<String>,
    pub message: String,
    /// The support window it happens in (SPEC §7.1), only when the scenario
    /// declares `[[windows]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
}

impl Violation {
    pub fn new(code: Code, rota: Option<&str>, applications: Vec<String>, message: String) -> Self {
        Violation {
            code,
            rota: rota.map(str::to_string),
            applications,
            message,
            window: None,
        }
    }

    /// The same violation, placed in window `window` (none: unchanged).
    pub fn in_window(mut self, window: Option<&str>) -> Self {
        self.window = window.map(str::to_string);
        self
    }
}

/// `"a"`, `"a" and "b"`, `"a", "b" and "c"`.
pub fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    let q: Vec<String> = items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// Money in a sentence: `20,000`.
pub fn amount(x: f64) -> String {
    crate::numbers::money(x)
}
