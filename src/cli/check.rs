use std::path::PathBuf;

use clap::Args;

use super::{emit, fail, EXIT_FAILURE, EXIT_OK};
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
                Format::Json => {
                    emit(&(serde_json::to_string_pretty(&r).unwrap_or_default() + "\n"))
                }
                _ => emit(&report::render_table(&r)),
            }
            EXIT_OK
        }
        Err(e) => {
            if args.format == Format::Json {
                let problems: Vec<serde_json::Value> = e
                    .problems
                    .iter()
                    .map(|p| serde_json::json!({"code": p.code, "line": p.line, "id": p.id, "message": p.message}))
                    .collect();
                let doc = serde_json::json!({"file": e.file, "valid": false, "problems": problems});
                emit(&(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"));
            }
            fail(e);
            EXIT_FAILURE
        }
    }
}
