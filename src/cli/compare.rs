use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{emit, fail, EXIT_OK, EXIT_VIOLATIONS};
use crate::cli::output::{Format, SolverArg};
use crate::evaluate::evaluate;
use crate::layout::{read_layout, Layout};
use crate::report::compare::{self as report, OptimalSummary};
use crate::solve::{optimise, Method, SolveOptions};

const EXIT_CODES: &str = "\
Exit status:
  0  the layout breaks no rule
  1  bad input: the model or the layout cannot be read or is invalid, or the solve failed
  2  command-line usage error
  3  the layout breaks rules (violations are listed; costs are still shown)";

#[derive(Debug, Args)]
#[command(after_help = EXIT_CODES, after_long_help = long_help())]
pub struct CompareArgs {
    /// Organisation model (TOML, or JSON by extension)
    pub model: PathBuf,
    /// Rota layout to judge (SPEC §4; TOML, or JSON by extension)
    pub layout: PathBuf,
    /// Output format: table, json or markdown
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Stop the optimal solve after this many seconds, with the best layout found
    #[arg(long, value_name = "SECONDS", value_parser = super::seconds)]
    pub time_limit: Option<Duration>,
    /// Which solver finds the optimum: the dedicated decomposition, or the plain integer program (microlp, or HiGHS in a build with `--features highs`)
    #[arg(long, value_enum, default_value = "dedicated")]
    pub solver: SolverArg,
}

fn long_help() -> String {
    let mut s = String::from("Violation codes:\n");
    for c in crate::evaluate::Code::ALL {
        s.push_str(&format!("  {:<22} {}\n", c.as_str(), c.meaning()));
    }
    s.push('\n');
    s.push_str(EXIT_CODES);
    s
}

pub fn run(args: &CompareArgs) -> i32 {
    if args.format == Format::Csv {
        return fail("compare prints --format table, json or markdown");
    }
    if let Err(e) = Method::from(args.solver).available() {
        return fail(e);
    }
    let time_limit = args.time_limit;
    let loaded = match crate::model::load(&args.model) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let layout = match read_layout(&args.layout) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    if let Some(name) = layout.scenario.as_deref() {
        if name != loaded.scenario.name {
            eprintln!(
                "warning: {} is a layout for scenario \"{name}\", but {} is \"{}\"",
                args.layout.display(),
                args.model.display(),
                loaded.scenario.name
            );
        }
    }
    let hand = match evaluate(&loaded.scenario, &layout) {
        Ok(e) => e,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    let m = &loaded.model;
    let options = SolveOptions {
        time_limit,
        ..SolveOptions::default()
    };
    let plan = match optimise(m, &options, args.solver.into(), false) {
        Ok(p) => p,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    let optimum = match evaluate(&loaded.scenario, &Layout::from_plan(m, &plan)) {
        Ok(e) => e,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    let totals = plan.totals(m);
    // The evaluator is the solver's independent check: say so if they disagree.
    let scale = totals.total.abs().max(1.0);
    if !optimum.violations.is_empty() || (optimum.totals.total - totals.total).abs() > 1e-9 * scale
    {
        eprintln!(
            "warning: the evaluator disagrees with the solver on the optimal layout ({} violations, total {} against {}); please report this",
            optimum.violations.len(),
            optimum.totals.total,
            totals.total
        );
    }
    let r = report::build(
        &args.layout.display().to_string(),
        &hand,
        &optimum,
        OptimalSummary {
            status: plan.status,
            gap: plan.gap(m),
            rotas: plan.rotas.len(),
            totals,
        },
    );
    match args.format {
        Format::Json => emit(&(serde_json::to_string_pretty(&r).unwrap_or_default() + "\n")),
        Format::Markdown => emit(&report::render_markdown(&r)),
        _ => emit(&report::render_table(&r)),
    }
    if r.feasible {
        EXIT_OK
    } else {
        EXIT_VIOLATIONS
    }
}
