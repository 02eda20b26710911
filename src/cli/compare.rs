use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{emit, fail, json, EXIT_OK, EXIT_VIOLATIONS};
use crate::cli::interrupt::stop_on_ctrl_c;
use crate::cli::output::{Format, SolverArg};
use crate::cli::solve::SOLVE_SHARE;
use crate::deadline::Deadline;
use crate::evaluate::evaluate;
use crate::layout::{read_layout, Layout};
use crate::report::compare::{self as report, CompareReport};
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
    /// Output format
    #[arg(long, default_value = "table", value_parser = crate::cli::output::TABLE_JSON_MARKDOWN)]
    pub format: Format,
    /// Stop the optimal solve after this many seconds (at most 1000000), with the best layout found (not reproducible: see --node-limit)
    #[arg(long, value_name = "SECONDS", value_parser = super::seconds)]
    pub time_limit: Option<Duration>,
    /// Stop after this many branch-and-bound nodes in the optimal solve (N from 1 to 1000000000), with the best layout found and its proven gap: the same result on every machine, unlike --time-limit, which is not reproducible; with both, whichever comes first
    #[arg(long, value_name = "N", value_parser = super::node_count)]
    pub node_limit: Option<u64>,
    /// Which solver finds the optimum: the dedicated decomposition, or the plain integer program (microlp, or HiGHS in a build with `--features highs`)
    #[arg(long, value_enum, default_value = "dedicated")]
    pub solver: SolverArg,
    /// Judge against this season's scenario (SPEC §7.2: its loss and incident factors applied)
    #[arg(long, value_name = "NAME")]
    pub season: Option<String>,
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
    let method = Method::from(args.solver);
    if let Err(e) = method.available() {
        return fail(e);
    }
    let (printed, feasible) = match compare(args, method) {
        Ok(r) => (
            match args.format {
                Format::Json => emit(&json(&r)),
                Format::Markdown => emit(&report::render_markdown(&r)),
                _ => emit(&report::render_table(&r)),
            },
            r.feasible,
        ),
        Err(message) => return fail(message),
    };
    if let Err(message) = printed {
        return fail(message);
    }
    if feasible {
        EXIT_OK
    } else {
        EXIT_VIOLATIONS
    }
}

/// Judges the layout, solves the model and compares the two; warnings go to
/// standard error as they arise.
fn compare(args: &CompareArgs, method: Method) -> Result<CompareReport, String> {
    // One deadline for the whole command, from before the model is read.
    let whole = Deadline::after(args.time_limit);
    stop_on_ctrl_c();
    let loaded = crate::model::load(&args.model).map_err(|e| e.to_string())?;
    let loaded = crate::model::season::select_season(loaded, args.season.as_deref())
        .map_err(|e| e.to_string())?;
    let layout = read_layout(&args.layout).map_err(|e| e.to_string())?;
    warn_if_other_scenario(args, &layout, &loaded.scenario.name);
    let in_model = |e: &dyn std::fmt::Display| format!("{}: {e}", args.model.display());
    let hand = evaluate(&loaded.scenario, &layout).map_err(|e| in_model(&e))?;
    let m = &loaded.model;
    let options = SolveOptions {
        node_limit: args.node_limit,
        deadline: whole.share(SOLVE_SHARE),
        ..SolveOptions::default()
    };
    let optimum = match crate::model::window::Windowed::build(&loaded.scenario, m) {
        // Support windows (SPEC §7.1): the windowed solver and its layout.
        Some(wm) => {
            let plan = crate::solve::window::optimise_windowed(m, &wm, &options, method)
                .map_err(|e| in_model(&e))?;
            report::judge_windowed_optimum(&loaded.scenario, m, &wm, &plan)
        }
        None => {
            let plan = optimise(m, &options, method, false).map_err(|e| in_model(&e))?;
            report::judge_optimum(&loaded.scenario, m, &plan)
        }
    }
    .map_err(|e| in_model(&e))?;
    if let Some(d) = &optimum.disagreement {
        eprintln!("warning: {d}");
    }
    Ok(report::build(
        &args.layout.display().to_string(),
        &hand,
        &optimum.evaluation,
        optimum.summary,
    ))
}

fn warn_if_other_scenario(args: &CompareArgs, layout: &Layout, scenario: &str) {
    if let Some(name) = layout.scenario.as_deref() {
        if name != scenario {
            use crate::numbers::printable;
            eprintln!(
                "warning: {} is a layout for scenario \"{}\", but {} is \"{}\"",
                printable(&args.layout.display().to_string()),
                printable(name),
                printable(&args.model.display().to_string()),
                printable(scenario),
            );
        }
    }
}
