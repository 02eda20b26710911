//! The command line: argument parsing and one module per command. A command
//! parses its arguments, calls the library, renders the report and writes it;
//! the library computes and words everything. Every command returns an exit
//! code; nothing here panics on user input.
//!
//! Exit codes: 0 success; 1 bad input or a failed solve (or, for `batch`, any
//! failed row); 2 command-line usage; 3 `compare`: the layout breaks rules.

mod batch;
mod check;
mod compare;
mod completions;
mod export;
mod generate;
mod import;
mod init;
mod insurance;
mod interrupt;
mod man;
pub mod output;
mod report;
mod solve;
mod sweep;

use std::ffi::OsString;

use clap::{Parser, Subcommand};

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILURE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_VIOLATIONS: i32 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "rota",
    version,
    about = "Plans out-of-hours on-call rotas as revenue insurance"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The optimal layout: targets, cover and rotas that minimise standby plus expected loss
    Solve(solve::SolveArgs),
    /// Validate a model; show loss floors, allowed targets and the graph
    Check(check::CheckArgs),
    /// The revenue-insurance table: per target, what each support option costs and whether it protects
    Insurance(insurance::InsuranceArgs),
    /// Judge a hand-designed layout: violations, costs, and the optimum's differences
    Compare(compare::CompareArgs),
    /// Solve every scenario under the paths in parallel, comparing hand layouts beside them
    Batch(batch::BatchArgs),
    /// Solve again at each value of one or more figures; what changes, and the break-even values between
    Sweep(sweep::SweepArgs),
    /// A picture of the optimal layout: one self-contained HTML page, or Graphviz DOT
    Report(report::ReportArgs),
    /// A scenario from a spreadsheet (CSV) or a Backstage catalogue
    Import(import::ImportArgs),
    /// Write a starter model: a policy and CSV templates that import cleanly
    Init(init::InitArgs),
    /// On-call configuration from a layout: Terraform for PagerDuty
    Export(export::ExportArgs),
    /// Write a generated, realistic organisation (for benchmarks and trials)
    Generate(generate::GenerateArgs),
    /// A shell completion script (bash, zsh, fish, powershell, elvish) on standard output
    Completions(completions::CompletionsArgs),
    /// The manual page (roff), or one page per command into a folder
    Man(man::ManArgs),
}

/// Runs the command line and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let _ = e.print();
            return EXIT_USAGE;
        }
        // `--help` and `--version`, printed on standard output.
        Err(e) => {
            return match e.print().or_else(quiet_on_closed_pipe) {
                Ok(()) => EXIT_OK,
                Err(e) => fail(format!("writing to standard output: {e}")),
            };
        }
    };
    match cli.command {
        Command::Solve(args) => solve::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Insurance(args) => insurance::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Sweep(args) => sweep::run(&args),
    }
}

/// The longest `--time-limit`: 1,000,000 seconds, about 11.5 days.
pub const MAX_SECONDS: f64 = 1_000_000.0;

/// A node limit (`--node-limit`): a whole number from 1 to
/// `solve::NODE_LIMIT_MAX`.
pub(crate) fn node_count(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=crate::solve::NODE_LIMIT_MAX).contains(&n) => Ok(n),
        _ => Err(format!(
            "{text} is not a whole number of nodes from 1 to {}",
            crate::solve::NODE_LIMIT_MAX
        )),
    }
}

/// A number of seconds > 0 and at most `MAX_SECONDS` (`--time-limit`); a
/// tiny one is at least a nanosecond.
pub(crate) fn seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s <= MAX_SECONDS => {
            Ok(std::time::Duration::from_secs_f64(s).max(std::time::Duration::from_nanos(1)))
        }
        _ => Err(format!(
            "{text} is not a number of seconds > 0 and at most {MAX_SECONDS} (about 11.5 days)"
        )),
    }
}

/// A whole number from 0 to `max` (`--apps`, `--jobs`); 0 is left to the
/// command, which says what to give instead.
pub(crate) fn count_up_to(text: &str, max: usize, what: &str) -> Result<usize, String> {
    match text.trim().parse::<u128>() {
        Ok(n) if n <= max as u128 => Ok(n as usize),
        Ok(_) => Err(format!("{text} {what}: give at most {max}")),
        Err(_) => Err(format!("{text} is not a whole number of {what}")),
    }
}

/// Commands that solve or price one organisation do not yet know seasons
/// (SPEC §7.2): rather than answer for the unscaled year, they say so.
pub(crate) fn no_seasons_yet(
    command: &str,
    loaded: &crate::model::Loaded,
    model: &std::path::Path,
) -> Result<(), String> {
    if loaded.scenario.seasons.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = loaded
        .scenario
        .seasons
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    Err(format!(
        "{}: `rota {command}` does not yet handle [[seasons]] ({}); `rota solve` solves each season, and `compare`/`batch --season NAME` judge one",
        model.display(),
        names.join(", ")
    ))
}

/// Support windows (SPEC §7.1): `rota solve` handles them; the commands that
/// do not yet refuse them rather than answer for one window.
pub(crate) fn no_windows_yet(
    command: &str,
    loaded: &crate::model::Loaded,
    model: &std::path::Path,
) -> Result<(), String> {
    if !crate::model::window::has_windows(&loaded.scenario) {
        return Ok(());
    }
    Err(format!(
        "{}: `rota {command}` does not yet handle support windows ([[windows]], trades_in); `rota solve` solves them (remove them to use `rota {command}` on the organisation as one out-of-hours window)",
        model.display()
    ))
}

/// Prints a command-line usage error (like `fail`) and gives exit code 2.
pub(crate) fn usage(message: impl std::fmt::Display) -> i32 {
    fail(message);
    EXIT_USAGE
}

/// Prints a command's error to stderr, each line prefixed, and gives the exit code.
pub(crate) fn fail(message: impl std::fmt::Display) -> i32 {
    // Each line of the message is shown through `printable`: a control or
    // bidirectional character in an id or a path never reaches the terminal.
    for line in message.to_string().split_terminator('\n') {
        eprintln!("error: {}", crate::numbers::printable(line));
    }
    EXIT_FAILURE
}

/// A report as pretty JSON, one trailing newline.
pub(crate) fn json(report: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

/// Prints to stdout. A closed pipe (e.g. `rota solve | head`) is quietly
/// fine; any other write error is the message the command fails with.
pub(crate) fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .or_else(quiet_on_closed_pipe)
        .map_err(|e| format!("writing to standard output: {e}"))
}

fn quiet_on_closed_pipe(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}
