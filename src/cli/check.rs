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
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(args: &CheckArgs) -> i32 {
    if matches!(args.format, Format::Csv | Format::Markdown) {
        return fail("check prints --format table or json");
    }
    match crate::model::load(&args.model) {
        Ok(loaded) => {
            let r = report::build(&loaded.model);
            match args.format {
                Format::Json => emit(&json(&r)),
                _ => emit(&report::render_table(&r)),
            }
            EXIT_OK
        }
        Err(e) => {
            if args.format == Format::Json {
                emit(&json(&report::invalid(&e)));
            }
            fail(e)
        }
    }
}
