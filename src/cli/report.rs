use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;

use super::{fail, usage, EXIT_OK};
use crate::cli::interrupt::stop_on_ctrl_c;
use crate::cli::output::{refuse_overwriting_inputs, write_atomic, write_or_emit, SolverArg};
use crate::cli::solve::{explain_within, search_options};
use crate::deadline::Deadline;
use crate::plan::baseline;
use crate::report::{dot, html, insurance, solve as report};
use crate::solve::{optimise, Method};

/// What `rota report` prints (or writes to `--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PictureFormat {
    /// One self-contained HTML page (inline SVG, no script, nothing fetched)
    Html,
    /// Graphviz DOT: clusters for domains and rotas
    Dot,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Organisation model (TOML, or JSON by extension)
    pub model: PathBuf,
    /// Write the HTML page to this file
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// What to print, or write to --output: the HTML page or Graphviz DOT (default: html, or nothing besides --html when that is given)
    #[arg(long, value_enum)]
    pub format: Option<PictureFormat>,
    /// Write the --format output to this file instead of printing it
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Stop after this many seconds (at most 1000000) with the best layout found and its proven gap (not reproducible: see --node-limit)
    #[arg(long, value_name = "SECONDS", value_parser = super::seconds)]
    pub time_limit: Option<Duration>,
    /// Stop after this many branch-and-bound nodes (N from 1 to 1000000000), with the best layout found and its proven gap: the same result on every machine
    #[arg(long, value_name = "N", value_parser = super::node_count)]
    pub node_limit: Option<u64>,
    /// Skip the technology tie-break between layouts of equal cost
    #[arg(long)]
    pub no_tie_break: bool,
    /// Explain every decision and price every rota by solving again with it forced (on by default up to 60 applications)
    #[arg(long, conflicts_with = "no_explain")]
    pub explain: bool,
    /// Leave explanations out (they cost a re-solve per alternative)
    #[arg(long)]
    pub no_explain: bool,
    /// Which solver: the dedicated decomposition, or the plain integer program (microlp, or HiGHS in a build with `--features highs`)
    #[arg(long, value_enum, default_value = "dedicated")]
    pub solver: SolverArg,
}

/// Largest model explained without `--explain` (as `solve --format json`).
const EXPLAIN_BY_DEFAULT_UP_TO: usize = 60;

pub fn run(args: &ReportArgs) -> i32 {
    let mut outputs: Vec<(&str, &Path)> = Vec::new();
    if let Some(p) = &args.html {
        outputs.push(("--html", p));
    }
    if let Some(p) = &args.output {
        outputs.push(("--output", p));
    }
    if let Err(message) = refuse_overwriting_inputs(&outputs, &[("the model", &args.model)]) {
        return usage(message);
    }
    if args.output.is_some() && args.format.is_none() && args.html.is_some() {
        return usage("--output writes the --format output: give --format too, or only --html");
    }
    if let Err(e) = Method::from(args.solver).available() {
        return fail(e);
    }
    // One deadline for the whole command, from before the model is read
    // (as `solve`): the search, then the explanations, share it.
    let whole = Deadline::after(args.time_limit);
    stop_on_ctrl_c();
    let loaded = match crate::model::load(&args.model) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    if let Err(e) = super::no_seasons_yet("report", &loaded, &args.model) {
        return fail(e);
    }
    if let Err(e) = super::no_windows_yet("report", &loaded, &args.model) {
        return fail(e);
    }
    let m = &loaded.model;
    let explain_by_default = m.applications.len() <= EXPLAIN_BY_DEFAULT_UP_TO;
    let explaining = args.explain || (!args.no_explain && explain_by_default);
    let options = search_options(whole, args.node_limit, !args.no_tie_break, explaining);
    let plan = match optimise(m, &options, args.solver.into(), true) {
        Ok(p) => p,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    let mut r = report::build(m, &plan, &baseline(m));
    if explaining {
        explain_within(&mut r, m, &plan, &options, whole, args.solver.into());
    }
    let page = || html::render(m, &plan, &r, &insurance::build(m));
    if let Some(path) = &args.html {
        if let Err(e) = write_atomic(path, &page()) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
    }
    let printed = match (args.format, args.html.is_some()) {
        (None, true) => return EXIT_OK,
        (Some(PictureFormat::Dot), _) => dot::render(m, &plan, &r),
        (Some(PictureFormat::Html) | None, _) => page(),
    };
    match write_or_emit(args.output.as_deref(), &printed) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}
