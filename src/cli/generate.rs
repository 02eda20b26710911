use std::path::PathBuf;

use clap::Args;

use super::{emit, fail, EXIT_OK};
use crate::cli::output::write_atomic;
use crate::generate::{generate, to_toml};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of applications
    #[arg(long, value_name = "N")]
    pub apps: usize,
    /// Random seed: the same seed and size give the same file
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the scenario to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &GenerateArgs) -> i32 {
    if args.apps == 0 {
        return fail("--apps is 0; give at least 1 application");
    }
    let text = match to_toml(&generate(args.apps, args.seed)) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomic(path, &text) {
                return fail(format!("{}: cannot write: {e}", path.display()));
            }
        }
        None => emit(&text),
    }
    EXIT_OK
}
