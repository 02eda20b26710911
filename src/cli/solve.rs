use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;

use super::{emit, fail, json, usage, EXIT_OK};
use crate::cli::interrupt::stop_on_ctrl_c;
use crate::cli::output::{refuse_overwriting_inputs, write_atomic, Format, SolverArg};
use crate::deadline::Deadline;
use crate::layout::Layout;
use crate::plan::baseline;
use crate::report::solve as report;
use crate::solve::{optimise, Method, SolveOptions};

#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Organisation model (TOML, or JSON by extension)
    pub model: PathBuf,
    /// Output format
    #[arg(long, default_value = "table", value_parser = crate::cli::output::TABLE_JSON)]
    pub format: Format,
    /// Write the layout (SPEC §4) to this file, TOML or JSON by extension
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Stop after this many seconds (at most 1000000) with the best layout found and its proven gap (not reproducible: see --node-limit)
    #[arg(long, value_name = "SECONDS", value_parser = super::seconds)]
    pub time_limit: Option<Duration>,
    /// Stop after this many branch-and-bound nodes (N from 1 to 1000000000), with the best layout found and its proven gap: the same result on every machine, unlike --time-limit, which is not reproducible; with both, whichever comes first
    #[arg(long, value_name = "N", value_parser = super::node_count)]
    pub node_limit: Option<u64>,
    /// Write the integer program in CPLEX LP format to this file
    #[arg(long, value_name = "FILE")]
    pub write_lp: Option<PathBuf>,
    /// Skip the technology tie-break between layouts of equal cost
    #[arg(long)]
    pub no_tie_break: bool,
    /// Explain every decision and price every rota by solving again with it forced (JSON: on by default up to 60 applications)
    #[arg(long, conflicts_with = "no_explain")]
    pub explain: bool,
    /// Leave explanations out of the JSON (they cost a re-solve per alternative)
    #[arg(long)]
    pub no_explain: bool,
    /// Which solver: the dedicated decomposition, or the plain integer program (microlp, or HiGHS in a build with `--features highs`)
    #[arg(long, value_enum, default_value = "dedicated")]
    pub solver: SolverArg,
    /// Add the cost each team and top-level product domain carries (table, and JSON keys `teams` and `product_domains`)
    #[arg(long)]
    pub by_team: bool,
}

/// Largest model whose JSON report explains every decision without `--explain`.
const EXPLAIN_BY_DEFAULT_UP_TO: usize = 60;

/// Of the time left once the model is read, the share the solve (search and
/// tie-break) may take; the rest is for the report and writing it. With
/// explanations, the share of the solve before them and of the explanations
/// after it.
pub(crate) const SOLVE_SHARE: f64 = 0.9;
pub(crate) const SOLVE_SHARE_BEFORE_EXPLAINING: f64 = 0.5;

/// The search's options under the command's deadline: it takes a share of
/// what is left (less when explanations follow it, which take the rest).
pub(crate) fn search_options(
    whole: Deadline,
    node_limit: Option<u64>,
    tech_tie_break: bool,
    explaining: bool,
) -> SolveOptions {
    SolveOptions {
        time_limit: None,
        node_limit,
        tech_tie_break,
        deadline: whole.share(if explaining {
            SOLVE_SHARE_BEFORE_EXPLAINING
        } else {
            SOLVE_SHARE
        }),
    }
}

/// Attaches the explanations, their re-solves sharing what the search left
/// of the command's deadline.
pub(crate) fn explain_within(
    r: &mut report::SolveReport,
    m: &crate::model::Model,
    plan: &crate::plan::Plan,
    search: &SolveOptions,
    whole: Deadline,
    method: Method,
) {
    let options = SolveOptions {
        deadline: whole.share(SOLVE_SHARE),
        ..search.clone()
    };
    r.attach(crate::report::explain::explain(m, plan, &options, method));
}

pub fn run(args: &SolveArgs) -> i32 {
    let mut outputs: Vec<(&str, &Path)> = Vec::new();
    if let Some(p) = &args.output {
        outputs.push(("--output", p));
    }
    if let Some(p) = &args.write_lp {
        outputs.push(("--write-lp", p));
    }
    if let Err(message) = refuse_overwriting_inputs(&outputs, &[("the model", &args.model)]) {
        return usage(message);
    }
    if let Err(e) = Method::from(args.solver).available() {
        return fail(e);
    }
    // One deadline for the whole command, from before the model is read.
    let whole = Deadline::after(args.time_limit);
    stop_on_ctrl_c();
    let loaded = match crate::model::load(&args.model) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let m = &loaded.model;
    if let Some(wm) = crate::model::window::Windowed::build(&loaded.scenario, m) {
        return run_windows(args, &loaded, &wm, whole);
    }
    if let Some(path) = &args.write_lp {
        let lp = crate::solve::mip::lp::write_model_lp(m);
        if let Err(e) = write_atomic(path, &lp) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
    }
    if !loaded.scenario.seasons.is_empty() {
        return run_seasons(args, &loaded, whole);
    }
    // A re-solve per alternative: by default only where that stays quick.
    let explain_by_default = m.applications.len() <= EXPLAIN_BY_DEFAULT_UP_TO;
    let explaining =
        args.explain || (args.format == Format::Json && !args.no_explain && explain_by_default);
    let options = search_options(whole, args.node_limit, !args.no_tie_break, explaining);
    let plan = match optimise(m, &options, args.solver.into(), true) {
        Ok(p) => p,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    if let Some(path) = &args.output {
        let layout = Layout::from_plan(m, &plan);
        if let Err(e) = write_atomic(path, &layout.to_format_of(path)) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
    }
    let mut r = report::build(m, &plan, &baseline(m));
    if args.by_team {
        r.attach_cost_by_team(m, &plan);
    }
    if explaining {
        explain_within(&mut r, m, &plan, &options, whole, args.solver.into());
    }
    let printed = match args.format {
        Format::Json => emit(&json(&r)),
        _ => emit(&report::render_table(&r)),
    };
    match printed {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}

/// `L.toml` and season "peak" give `L.peak.toml`; characters other than
/// letters, digits, `-` and `_` in the season's name become `-`.
pub(crate) fn season_path(path: &Path, season: &str) -> PathBuf {
    let safe: String = season
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{safe}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{safe}"),
    };
    path.with_file_name(name)
}

/// A scenario with seasons: each season solved on its own, in parallel; one
/// layout file per season.
fn run_seasons(args: &SolveArgs, loaded: &crate::model::load::Loaded, whole: Deadline) -> i32 {
    if args.explain || args.by_team {
        let flag = if args.explain {
            "--explain"
        } else {
            "--by-team"
        };
        return usage(format!(
            "{flag} is not available yet for a scenario with [[seasons]] ({}); solve without it, or remove the seasons",
            args.model.display()
        ));
    }
    let sms = match crate::model::season::season_models(loaded) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let options = search_options(whole, args.node_limit, !args.no_tie_break, false);
    let models: Vec<&crate::model::Model> = sms.iter().map(|s| &s.model).collect();
    let plans = match crate::solve::season::optimise_each(&models, &options, args.solver.into()) {
        Ok(p) => p,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    if let Some(path) = &args.output {
        for (sm, plan) in sms.iter().zip(&plans) {
            let p = season_path(path, &sm.season.name);
            let layout = Layout::from_plan(&sm.model, plan);
            if let Err(e) = write_atomic(&p, &layout.to_format_of(&p)) {
                return fail(format!("{}: cannot write: {e}", p.display()));
            }
        }
    }
    let pairs: Vec<_> = sms.iter().zip(plans.iter()).collect();
    let r = crate::report::season::build_seasons(
        &loaded.scenario.name,
        &loaded.scenario.currency,
        &pairs,
    );
    let printed = match args.format {
        Format::Json => emit(&json(&r)),
        _ => emit(&crate::report::season::render_seasons_table(&r)),
    };
    match printed {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}

/// A scenario with support windows (SPEC §7.1): every window solved
/// together, one target per application; one layout file whose rotas carry
/// the windows they are staffed in.
fn run_windows(
    args: &SolveArgs,
    loaded: &crate::model::load::Loaded,
    wm: &crate::model::window::Windowed,
    whole: Deadline,
) -> i32 {
    let refused = if !loaded.scenario.seasons.is_empty() {
        Some("[[seasons]] together with support windows")
    } else if args.explain {
        Some("--explain")
    } else if args.by_team {
        Some("--by-team")
    } else {
        None
    };
    if let Some(what) = refused {
        return usage(format!(
            "{}: {what} is not available yet for a scenario with support windows ([[windows]], trades_in); solve without it, or remove the windows",
            args.model.display()
        ));
    }
    let m = &loaded.model;
    if let Some(path) = &args.write_lp {
        let lp = crate::solve::mip::windows::write_windowed_lp(m, wm);
        if let Err(e) = write_atomic(path, &lp) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
    }
    let options = search_options(whole, args.node_limit, !args.no_tie_break, false);
    let plan = match crate::solve::window::optimise_windowed(m, wm, &options, args.solver.into()) {
        Ok(p) => p,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    if let Some(path) = &args.output {
        let layout = plan.to_layout(m, wm);
        if let Err(e) = write_atomic(path, &layout.to_format_of(path)) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
    }
    let r = crate::report::window::build(m, wm, &plan);
    let printed = match args.format {
        Format::Json => emit(&json(&r)),
        _ => emit(&crate::report::window::render_table(&r)),
    };
    match printed {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}

#[cfg(test)]
mod tests {
    /// Without the feature, `--solver highs` on a valid model is a failed
    /// run (exit 1, the rebuild command on stderr), not a panic.
    #[test]
    #[cfg(not(feature = "highs"))]
    fn highs_without_the_feature_fails_cleanly() {
        let code = crate::cli::run([
            "rota",
            "solve",
            "models/fruits-r-us.toml",
            "--solver",
            "highs",
        ]);
        assert_eq!(code, crate::cli::EXIT_FAILURE);
    }
}
