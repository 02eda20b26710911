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
mod generate;
mod insurance;
pub mod output;
mod solve;

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
    /// Write a generated, realistic organisation (for benchmarks and trials)
    Generate(generate::GenerateArgs),
}

/// Runs the command line and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Solve(args) => solve::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Insurance(args) => insurance::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Generate(args) => generate::run(&args),
    }
}

/// A positive, finite number of seconds (`--time-limit`).
pub(crate) fn seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 => Ok(std::time::Duration::from_secs_f64(s)),
        _ => Err(format!("{text} is not a number of seconds > 0")),
    }
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

/// Prints to stdout, ignoring a closed pipe (e.g. `rota solve | head`).
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
