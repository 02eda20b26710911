use std::path::PathBuf;

use clap::Args;

use super::{fail, EXIT_OK};
use crate::cli::output::write_or_emit;
use crate::generate::{generate, to_toml};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of applications (at most 100000)
    #[arg(long, value_name = "N", value_parser = apps)]
    pub apps: usize,
    /// Random seed: the same seed and size give the same file
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the scenario to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The most applications `generate` makes: a 25 MB file, under a gigabyte of
/// memory and seconds to write (a million would take ~9 GB and minutes).
pub const MAX_APPS: usize = 100_000;

fn apps(text: &str) -> Result<usize, String> {
    super::count_up_to(text, MAX_APPS, "applications")
}

pub fn run(args: &GenerateArgs) -> i32 {
    if args.apps == 0 {
        return fail("--apps is 0; give at least 1 application");
    }
    let text = match to_toml(&generate(args.apps, args.seed)) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    match write_or_emit(args.output.as_deref(), &text) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}
