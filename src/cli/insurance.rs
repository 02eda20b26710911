use std::path::PathBuf;

use clap::Args;

use super::{emit, fail, json, EXIT_OK};
use crate::cli::output::Format;
use crate::report::insurance as report;

#[derive(Debug, Args)]
pub struct InsuranceArgs {
    /// Organisation model (TOML, or JSON by extension)
    pub model: PathBuf,
    /// Output format
    #[arg(long, default_value = "table", value_parser = crate::cli::output::EVERY_FORMAT)]
    pub format: Format,
}

pub fn run(args: &InsuranceArgs) -> i32 {
    let loaded = match crate::model::load(&args.model) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    if let Err(e) = super::no_seasons_yet("insurance", &loaded, &args.model) {
        return fail(e);
    }
    if let Err(e) = super::no_windows_yet("insurance", &loaded, &args.model) {
        return fail(e);
    }
    let r = report::build(&loaded.model);
    let printed = match args.format {
        Format::Table => emit(&report::render_table(&r)),
        Format::Markdown => emit(&report::render_markdown(&r)),
        Format::Json => emit(&json(&r)),
        Format::Csv => match report::render_csv(&r) {
            Ok(text) => emit(&text),
            Err(e) => Err(format!("cannot write csv: {e}")),
        },
    };
    match printed {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}
