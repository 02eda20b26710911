use std::path::PathBuf;

use clap::Args;

use super::{emit, fail, json, EXIT_OK};
use crate::cli::output::Format;
use crate::report::check as report;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Organisation model (TOML, or JSON by extension)
    pub model: PathBuf,
    /// Output format
    #[arg(long, default_value = "table", value_parser = crate::cli::output::TABLE_JSON)]
    pub format: Format,
}

pub fn run(args: &CheckArgs) -> i32 {
    match crate::model::load(&args.model) {
        Ok(loaded) => {
            let r = report::build(&loaded.model);
            let printed = match args.format {
                Format::Json => emit(&json(&r)),
                _ => emit(&report::render_table(&r)),
            };
            match printed {
                Ok(()) => EXIT_OK,
                Err(message) => fail(message),
            }
        }
        Err(e) => {
            if args.format == Format::Json {
                if let Err(message) = emit(&json(&report::invalid(&e))) {
                    fail(message);
                }
            }
            fail(e)
        }
    }
}
