use std::path::PathBuf;

use clap::Args;

use super::{fail, EXIT_OK};
use crate::cli::output::write_or_emit;
use crate::generate::{generate_shaped, to_toml, Shape, PRESETS};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of applications (at most 100000)
    #[arg(long, value_name = "N", value_parser = apps)]
    pub apps: usize,
    /// Random seed: the same seed and size give the same file
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Shape of organisation: article (the default), flat, chains,
    /// deep-chains, upgrades, tight, loose, contracts, cheap-domains,
    /// no-frills, low-demand, or random (every knob drawn from the seed)
    #[arg(long, value_name = "NAME", value_parser = shape_name)]
    pub shape: Option<String>,
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

fn shape_name(text: &str) -> Result<String, String> {
    if PRESETS.contains(&text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "unknown shape \"{text}\"; valid shapes: {}",
            PRESETS.join(", ")
        ))
    }
}

pub fn run(args: &GenerateArgs) -> i32 {
    if args.apps == 0 {
        return fail("--apps is 0; give at least 1 application");
    }
    let name = args.shape.as_deref().unwrap_or("article");
    let Some(shape) = Shape::named(name, args.seed) else {
        return fail(format!(
            "unknown shape \"{name}\"; valid shapes: {}",
            PRESETS.join(", ")
        ));
    };
    let text = match to_toml(&generate_shaped(args.apps, args.seed, &shape)) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    match write_or_emit(args.output.as_deref(), &text) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}
