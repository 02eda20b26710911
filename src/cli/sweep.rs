use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{emit, fail, json, usage, EXIT_FAILURE, EXIT_OK};
use crate::analysis::sweep::{row_count, sweep, Axis, Base, INTERRUPTED};
use crate::cli::interrupt::stop_on_ctrl_c;
use crate::cli::output::{refuse_overwriting_inputs, write_atomic, Format};
use crate::deadline::Deadline;
use crate::report::sweep as report;
use crate::solve::SolveOptions;

/// The most values one `--range` may give.
const MAX_STEPS: usize = 10_000;

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Organisation model (TOML, or JSON by extension)
    pub model: PathBuf,
    /// KEY=V1,V2,...: solve at each value of a figure; KEY is a path into the scenario, e.g. policy.max_rota_load, support.team_rota.standby_per_month, applications.<id>.incidents_per_month, targets.<name>.min_revenue_loss
    #[arg(long = "set", value_name = "KEY=V1,V2", value_parser = parse_set)]
    pub set: Vec<Axis>,
    /// KEY=FROM..TO:STEPS: STEPS equal steps from FROM to TO (STEPS + 1 values); several --set/--range give their product (--set keys first, the last key varying fastest)
    #[arg(long = "range", value_name = "KEY=FROM..TO:STEPS", value_parser = parse_range)]
    pub range: Vec<Axis>,
    /// Output format
    #[arg(long, default_value = "table", value_parser = crate::cli::output::EVERY_FORMAT)]
    pub format: Format,
    /// Also write the sweep as a self-contained HTML page to this file: a chart of cost per month against the value, break-even values marked, and the rows
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Stop the whole sweep after this many seconds (at most 1000000): rows and bisection steps share one deadline; rows it cuts short say `feasible` and break-even values found with them say they are approximate
    #[arg(long, value_name = "SECONDS", value_parser = super::seconds)]
    pub time_limit: Option<Duration>,
    /// Stop each row's and each bisection step's solve after this many branch-and-bound nodes (N from 1 to 1000000000): the same result on every machine
    #[arg(long, value_name = "N", value_parser = super::node_count)]
    pub node_limit: Option<u64>,
}

fn split_key(text: &str) -> Result<(&str, &str), String> {
    match text.rsplit_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim(), v.trim())),
        _ => Err(format!("{text}: expected KEY=VALUES")),
    }
}

fn number(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("{text} is not a finite number")),
    }
}

fn parse_set(text: &str) -> Result<Axis, String> {
    let (key, values) = split_key(text)?;
    let values = values
        .split(',')
        .map(number)
        .collect::<Result<Vec<f64>, String>>()?;
    Ok(Axis {
        key: key.to_string(),
        values,
    })
}

fn parse_range(text: &str) -> Result<Axis, String> {
    let (key, spec) = split_key(text)?;
    let bad = || format!("{text}: expected KEY=FROM..TO:STEPS, e.g. policy.max_rota_load=4..8:4");
    let (span, steps) = spec.rsplit_once(':').ok_or_else(bad)?;
    let (from, to) = span.split_once("..").ok_or_else(bad)?;
    let (from, to) = (number(from)?, number(to)?);
    let steps = super::count_up_to(steps, MAX_STEPS, "steps")?;
    if steps == 0 {
        return Err(format!("{text}: give at least 1 step"));
    }
    let values = (0..=steps)
        .map(|i| {
            if i == steps {
                to
            } else {
                from + (to - from) * i as f64 / steps as f64
            }
        })
        .collect();
    Ok(Axis {
        key: key.to_string(),
        values,
    })
}

pub fn run(args: &SweepArgs) -> i32 {
    let axes: Vec<Axis> = args.set.iter().chain(&args.range).cloned().collect();
    if axes.is_empty() {
        return usage("give at least one --set KEY=V1,V2 or --range KEY=FROM..TO:STEPS");
    }
    if let Some(p) = &args.html {
        let outputs = [("--html", p.as_path())];
        if let Err(message) = refuse_overwriting_inputs(&outputs, &[("the model", &args.model)]) {
            return usage(message);
        }
    }
    // One deadline for the whole command, from before the model is read.
    let whole = Deadline::after(args.time_limit);
    stop_on_ctrl_c();
    let loaded = match crate::model::load(&args.model) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    if let Err(e) = super::no_seasons_yet("sweep", &loaded, &args.model) {
        return fail(e);
    }
    if let Err(e) = super::no_windows_yet("sweep", &loaded, &args.model) {
        return fail(e);
    }
    let options = SolveOptions {
        time_limit: None,
        node_limit: args.node_limit,
        tech_tie_break: true,
        deadline: whole.share(crate::cli::solve::SOLVE_SHARE),
    };
    let base = match Base::new(&loaded) {
        Ok(b) => b.with_options(options),
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    for a in &axes {
        if let Err(e) = base.check_key(&a.key) {
            return fail(format!("{}: {e}", args.model.display()));
        }
    }
    let rows = row_count(&axes).unwrap_or(usize::MAX);
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(u64::try_from(rows).unwrap_or(u64::MAX))
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let s = match sweep(&base, axes, &tick) {
        Ok(s) => s,
        Err(e) => return fail(format!("{}: {e}", args.model.display())),
    };
    bar.finish_and_clear();
    let m = &loaded.model;
    let r = report::build(&m.name, &m.currency, &s);
    if let Some(path) = &args.html {
        if let Err(e) = write_atomic(path, &crate::report::sweep_html::render(&r)) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
    }
    let printed = match args.format {
        Format::Table => emit(&report::render_table(&r)),
        Format::Markdown => emit(&report::render_markdown(&r)),
        Format::Json => emit(&json(&r)),
        Format::Csv => match report::render_csv(&r) {
            Ok(text) => emit(&text),
            Err(e) => Err(format!("cannot write csv: {e}")),
        },
    };
    let interrupted = s
        .rows
        .iter()
        .filter(|r| matches!(&r.solved, Err(e) if e == INTERRUPTED))
        .count();
    match printed {
        Ok(()) if interrupted > 0 => fail(format!(
            "interrupted: {interrupted} of {} rows not solved, and no break-even sought past them",
            s.rows.len()
        )),
        Ok(()) if crate::deadline::interrupted() => {
            fail("interrupted: break-even values not all sought");
            EXIT_FAILURE
        }
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}
