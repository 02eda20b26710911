//! The cost-by-team tables of `rota solve --by-team` (SPEC §7.4).

use crate::analysis::by_team::{cost_by_team, CostShare, NO_PRODUCT_DOMAIN};
use crate::model::Model;
use crate::numbers::money;
use crate::plan::Plan;
use crate::report::solve::SolveReport;
use crate::report::table::TextTable;

impl SolveReport {
    /// Puts the cost each team and top-level product domain carries on the
    /// report (`--by-team`).
    pub fn attach_cost_by_team(&mut self, m: &Model, plan: &Plan) {
        let c = cost_by_team(m, plan);
        self.teams = Some(c.teams);
        self.product_domains = Some(c.product_domains);
    }
}

/// Both tables, when the report carries them; nothing otherwise.
pub fn section(r: &SolveReport) -> String {
    let mut out = String::new();
    if let Some(teams) = &r.teams {
        out.push_str(&table(
            "\nCost by team (each rota's standby shared among its applications by load)\n",
            "team",
            teams,
        ));
    }
    if let Some(domains) = &r.product_domains {
        out.push_str(&table(
            "\nCost by top-level product domain (an application in several: split equally)\n",
            "product domain",
            domains,
        ));
        if domains.iter().any(|d| d.id == NO_PRODUCT_DOMAIN) {
            out.push_str(&format!(
                "\n  {NO_PRODUCT_DOMAIN}: applications in no product domain\n"
            ));
        }
    }
    out
}

fn table(heading: &str, what: &str, rows: &[CostShare]) -> String {
    let mut out = String::from(heading);
    let mut t = TextTable::new(
        &[
            what,
            "standby",
            "expected loss",
            "callouts",
            "engineering",
            "total",
        ],
        &[false, true, true, true, true, true],
    );
    for row in rows {
        t.row(vec![
            row.id.clone(),
            money(row.standby),
            money(row.expected_loss),
            money(row.callouts),
            money(row.engineering),
            money(row.total),
        ]);
    }
    out.push_str(&t.render("  "));
    out
}
