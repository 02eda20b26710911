use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{fail, usage, EXIT_FAILURE, EXIT_OK};
use crate::cli::interrupt::stop_on_ctrl_c;
use crate::cli::output::{refuse_overwriting_inputs, write_or_emit, Format, SolverArg};
use crate::cli::solve::SOLVE_SHARE;
use crate::deadline::Deadline;
use crate::evaluate::{evaluate, Evaluation};
use crate::layout::read_layout;
use crate::report::batch::{self as report, BatchReport, BatchRow, JudgedLayout};
use crate::scenario::Scenario;
use crate::solve::{optimise, Method, SolveError, SolveOptions};

const EXIT_CODES: &str = "\
A scenario X.toml (or X.json) with a sibling X.layout.toml (or X.layout.json)
is also compared with that hand-designed layout. Layout files are never
solved as scenarios.

Exit status:
  0  every scenario was solved (hand layouts with violations do not count as failures)
  1  at least one row failed (unreadable or invalid scenario or layout, failed solve),
     or nothing could be run; the other rows are still reported
  2  command-line usage error";

#[derive(Debug, Args)]
#[command(after_help = EXIT_CODES)]
pub struct BatchArgs {
    /// Scenario files, or folders searched recursively for *.toml and *.json
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, default_value = "table", value_parser = crate::cli::output::EVERY_FORMAT)]
    pub format: Format,
    /// Write the report to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Scenarios solved at once (default: one per core; at most 256)
    #[arg(long, short, value_name = "N", value_parser = jobs)]
    pub jobs: Option<usize>,
    /// Stop each scenario's solve after this many seconds (at most 1000000), with the best layout found (not reproducible: see --node-limit)
    #[arg(long, value_name = "SECONDS", value_parser = super::seconds)]
    pub time_limit: Option<Duration>,
    /// Stop after this many branch-and-bound nodes in each scenario's solve (N from 1 to 1000000000), with the best layout found and its proven gap: the same result on every machine, unlike --time-limit, which is not reproducible; with both, whichever comes first
    #[arg(long, value_name = "N", value_parser = super::node_count)]
    pub node_limit: Option<u64>,
    /// Which solver solves each scenario: the dedicated decomposition, or the plain integer program (microlp, or HiGHS in a build with `--features highs`)
    #[arg(long, value_enum, default_value = "dedicated")]
    pub solver: SolverArg,
    /// In scenarios with seasons (SPEC §7.2), solve and judge this season's scenario; scenarios without seasons are solved as they are
    #[arg(long, value_name = "NAME")]
    pub season: Option<String>,
}

/// What to run: a scenario file, a path that could not be searched, or a
/// special file (FIFO, socket, device) skipped unread.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Job {
    Scenario(PathBuf),
    Unreadable(PathBuf, String),
    Skipped(PathBuf, String),
}

impl Job {
    fn path(&self) -> &Path {
        match self {
            Job::Scenario(p) | Job::Unreadable(p, _) | Job::Skipped(p, _) => p,
        }
    }
}

/// The most worker threads `--jobs` starts.
pub const MAX_JOBS: usize = 256;

fn jobs(text: &str) -> Result<usize, String> {
    super::count_up_to(text, MAX_JOBS, "jobs")
}

pub fn run(args: &BatchArgs) -> i32 {
    let method = Method::from(args.solver);
    if let Err(e) = method.available() {
        return fail(e);
    }
    let pool = match thread_pool(args.jobs) {
        Ok(p) => p,
        Err(message) => return fail(message),
    };
    let jobs = discover(&args.paths);
    if jobs.is_empty() {
        let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return fail(format!(
            "no scenario files (*.toml, *.json) under {}",
            shown.join(", ")
        ));
    }
    if let Some(output) = &args.output {
        let layouts: Vec<PathBuf> = jobs
            .iter()
            .filter_map(|j| match j {
                Job::Scenario(p) => sibling_layout(p),
                Job::Unreadable(..) | Job::Skipped(..) => None,
            })
            .collect();
        let mut inputs: Vec<(&str, &Path)> = Vec::new();
        for job in &jobs {
            if let Job::Scenario(p) = job {
                inputs.push(("the scenario", p));
            }
        }
        inputs.extend(layouts.iter().map(|l| ("the hand layout", l.as_path())));
        if let Err(message) = refuse_overwriting_inputs(&[("--output", output)], &inputs) {
            return usage(message);
        }
    }
    for job in &jobs {
        if let Job::Skipped(p, message) = job {
            eprintln!(
                "warning: {}: {message}",
                crate::numbers::printable(&p.display().to_string())
            );
        }
    }
    stop_on_ctrl_c();
    let options = SolveOptions {
        time_limit: args.time_limit,
        node_limit: args.node_limit,
        ..SolveOptions::default()
    };
    let progress = progress_bar(jobs.len());
    // `par_iter().collect()` keeps the input order, so rows come out sorted
    // by path whatever the thread timing.
    let rows: Vec<BatchRow> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let row = run_job(job, &options, method, args.season.as_deref());
                progress.set_message(crate::numbers::printable(&row.scenario).into_owned());
                progress.inc(1);
                row
            })
            .collect()
    });
    progress.finish_and_clear();

    let r = BatchReport::new(rows);
    let written = render(args.format, &r)
        .map_err(|e| format!("cannot write csv: {e}"))
        .and_then(|text| write_or_emit(args.output.as_deref(), &text));
    if let Err(message) = written {
        return fail(message);
    }
    if r.failed > 0 {
        eprintln!("error: {} of {} rows failed", r.failed, r.scenarios);
        EXIT_FAILURE
    } else {
        EXIT_OK
    }
}

/// `--jobs` worker threads, or one per core.
fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let pool = match jobs {
        Some(0) => return Err("--jobs is 0; give at least 1".into()),
        Some(n) => rayon::ThreadPoolBuilder::new().num_threads(n).build(),
        None => rayon::ThreadPoolBuilder::new().build(),
    };
    pool.map_err(|e| format!("cannot start worker threads: {e}"))
}

/// A progress bar on a terminal's standard error; hidden otherwise.
fn progress_bar(jobs: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(jobs as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

fn render(format: Format, r: &BatchReport) -> Result<String, csv::Error> {
    Ok(match format {
        Format::Json => report::render_json(r),
        Format::Markdown => report::render_markdown(r),
        Format::Table => report::render_table(r),
        Format::Csv => report::render_csv(r)?,
    })
}

/// Scenario files under the paths, sorted and without repeats. Files named on
/// the command line are taken as they are; folders are searched recursively
/// for `*.toml` and `*.json`, leaving out layouts (`X.layout.*`) and hidden
/// entries.
fn discover(paths: &[PathBuf]) -> Vec<Job> {
    let mut found = BTreeSet::new();
    for p in paths {
        if p.is_dir() {
            let mut seen = BTreeSet::new();
            walk(p, &mut seen, &mut found);
        } else if let Some(job) = scenario_or_skipped(p) {
            found.insert(job);
        } else {
            found.insert(Job::Unreadable(
                p.clone(),
                "no such file or folder".to_string(),
            ));
        }
    }
    let mut jobs: Vec<Job> = found.into_iter().collect();
    jobs.sort_by(|a, b| a.path().cmp(b.path()));
    jobs.dedup_by(|a, b| a.path() == b.path());
    jobs
}

fn walk(dir: &Path, seen: &mut BTreeSet<PathBuf>, found: &mut BTreeSet<Job>) {
    // Symbolic links may loop back: visit each real folder once.
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(real) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            found.insert(Job::Unreadable(
                dir.to_path_buf(),
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, seen, found);
        } else if is_scenario_name(&p) {
            found.insert(scenario_or_skipped(&p).unwrap_or(Job::Scenario(p)));
        }
    }
}

/// A regular file (or a link to one) is a scenario; a FIFO, socket or device
/// is skipped unread, since reading it could block the whole batch or never
/// end: an error row names it. None when the path cannot be looked at.
fn scenario_or_skipped(p: &Path) -> Option<Job> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(p).ok()?.file_type();
    if kind.is_file() {
        return Some(Job::Scenario(p.to_path_buf()));
    }
    let what = if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "a special file"
    };
    Some(Job::Skipped(
        p.to_path_buf(),
        format!("not a regular file ({what}): skipped, not read"),
    ))
}

fn is_scenario_name(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    matches!(ext.as_deref(), Some("toml" | "json")) && !stem.ends_with(".layout")
}

/// `X.layout.toml` or `X.layout.json` beside `X.toml`, same format first.
pub fn sibling_layout(scenario: &Path) -> Option<PathBuf> {
    let stem = scenario.file_stem()?.to_str()?;
    let ext = scenario
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("toml")
        .to_ascii_lowercase();
    let order: [&str; 2] = if ext == "json" {
        ["json", "toml"]
    } else {
        ["toml", "json"]
    };
    order
        .iter()
        .map(|e| scenario.with_file_name(format!("{stem}.layout.{e}")))
        .find(|p| p.is_file())
}

fn run_job(job: &Job, options: &SolveOptions, method: Method, season: Option<&str>) -> BatchRow {
    let started = Instant::now();
    let mut row = solve_job(job, options, method, season);
    row.seconds = started.elapsed().as_secs_f64();
    row
}

fn solve_job(job: &Job, options: &SolveOptions, method: Method, season: Option<&str>) -> BatchRow {
    let path = match job {
        Job::Unreadable(p, message) | Job::Skipped(p, message) => {
            return BatchRow::error(p, message.clone())
        }
        Job::Scenario(p) => p,
    };
    // Each row's deadline (`--time-limit`) runs from before its model is read.
    let whole = Deadline::after(options.time_limit);
    let loaded = match crate::model::load(path) {
        Ok(l) => l,
        Err(e) => return BatchRow::error(path, e.to_string()),
    };
    let season = season.filter(|_| !loaded.scenario.seasons.is_empty());
    let loaded = match crate::model::season::select_season(loaded, season) {
        Ok(l) => l,
        Err(e) => return BatchRow::error(path, e.to_string()),
    };
    let m = &loaded.model;
    let options = SolveOptions {
        time_limit: None,
        deadline: whole.share(SOLVE_SHARE),
        ..options.clone()
    };
    let layout_path = sibling_layout(path);
    let layout = layout_path.as_deref().map(|l| JudgedLayout {
        path: l,
        evaluation: judge(&loaded.scenario, l),
    });
    let unsolved = |e: SolveError| BatchRow::unsolved(path, m, format!("{}: {e}", path.display()));
    match crate::model::window::Windowed::build(&loaded.scenario, m) {
        // Support windows (SPEC §7.1): the windowed solver.
        Some(wm) => match crate::solve::window::optimise_windowed(m, &wm, &options, method) {
            Ok(plan) => BatchRow::solved_windowed(path, m, &wm, &plan, layout),
            Err(e) => unsolved(e),
        },
        None => match optimise(m, &options, method, false) {
            Ok(plan) => BatchRow::solved(path, m, &plan, layout),
            Err(e) => unsolved(e),
        },
    }
}

fn judge(scenario: &Scenario, layout: &Path) -> Result<Evaluation, String> {
    let layout = read_layout(layout).map_err(|e| e.to_string())?;
    evaluate(scenario, &layout).map_err(|e| e.to_string())
}
