//! The parts of the solve report that justify a layout: the three policies of
//! the series side by side, why each decision was taken, what each rota is
//! worth, and the diagnostics.

use crate::analysis::explain::Explanations;
use crate::numbers::{money, signed_money};
use crate::report::solve::SolveReport;
use crate::report::table::TextTable;

/// Puts explanations on the report's application and rota rows (same order
/// as the plan they were computed from).
pub fn attach(r: &mut SolveReport, e: Explanations) {
    for (row, x) in r.applications.iter_mut().zip(e.applications) {
        row.explanation = Some(x);
    }
    for (row, x) in r.rotas.iter_mut().zip(e.rotas) {
        row.marginal_value = Some(x);
    }
}

/// Text sections appended to the solve table.
pub fn sections(r: &SolveReport) -> String {
    let mut out = String::new();

    if let Some(ops) = &r.operations_policy {
        out.push_str("\nPolicies (per month)\n");
        let mut t = TextTable::new(
            &["policy", "rotas", "standby", "total", "vs this layout"],
            &[false, true, true, true, true],
        );
        let rows = [
            ("this layout", r.rotas.len(), &r.totals),
            (
                "every team its own rota",
                r.baseline.rotas,
                &r.baseline.totals,
            ),
            ("You Build It Ops Run It at scale", ops.rotas, &ops.totals),
        ];
        for (label, rotas, totals) in rows {
            t.row(vec![
                label.into(),
                rotas.to_string(),
                money(totals.standby),
                money(totals.total),
                signed_money(totals.total - r.totals.total),
            ]);
        }
        out.push_str(&t.render("  "));
        out.push_str(&format!("\n  operations: {}\n", ops.description));
    }

    let explained: Vec<&str> = r
        .applications
        .iter()
        .filter_map(|a| a.explanation.as_ref().map(|e| e.sentence.as_str()))
        .collect();
    if !explained.is_empty() {
        out.push_str(
            "\nWhy (each decision against its cheapest alternative: the optimum with that alternative forced, everything else free to change)\n",
        );
        for s in explained {
            out.push_str(&format!("  {s}\n"));
        }
    }
    let valued: Vec<&str> = r
        .rotas
        .iter()
        .filter_map(|x| x.marginal_value.as_ref().map(|v| v.sentence.as_str()))
        .collect();
    if !valued.is_empty() {
        out.push_str(
            "\nRota values (dropping a rota: none of its applications may be on a rota of its kind; everything else solved again)\n",
        );
        for s in valued {
            out.push_str(&format!("  {s}\n"));
        }
    }

    if !r.diagnostics.is_empty() {
        out.push_str("\nDiagnostics\n");
        for d in &r.diagnostics {
            out.push_str(&format!("  {}: {}\n", d.code, d.message));
        }
    }
    out
}
