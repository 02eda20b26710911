use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{fail, EXIT_OK};
use crate::cli::output::{refuse_overwriting_inputs, write_or_emit};
use crate::import::{self, ImportError, Imported};
use crate::report::import as report;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Debug, Subcommand)]
pub enum Source {
    /// A spreadsheet saved as CSV: one row per application (docs/import.md)
    Csv(CsvArgs),
    /// Backstage catalogue descriptor files: Components, Systems, Domains, Groups
    Backstage(BackstageArgs),
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// The applications sheet (comma, semicolon or tab separated)
    pub applications: PathBuf,
    /// The teams sheet: id, name, location, technologies
    #[arg(long, value_name = "TEAMS.csv")]
    pub teams: Option<PathBuf>,
    /// The domains sheet: id, kind, name, parent
    #[arg(long, value_name = "DOMAINS.csv")]
    pub domains: Option<PathBuf>,
    /// Policy, support and targets (TOML); default: the article's
    #[arg(long, value_name = "POLICY.toml")]
    pub policy: Option<PathBuf>,
    /// Write the scenario to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BackstageArgs {
    /// Catalogue descriptor files (multi-document YAML)
    #[arg(required = true, value_name = "CATALOG.yaml")]
    pub catalogs: Vec<PathBuf>,
    /// Figures Backstage does not hold, one row per entity reference
    #[arg(long, value_name = "FIGURES.csv")]
    pub figures: Option<PathBuf>,
    /// Policy, support and targets (TOML); default: the article's
    #[arg(long, value_name = "POLICY.toml")]
    pub policy: Option<PathBuf>,
    /// Write the scenario to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ImportArgs) -> i32 {
    match &args.source {
        Source::Csv(a) => {
            let mut inputs: Vec<(&str, &Path)> = vec![("applications", &a.applications)];
            inputs.extend(a.teams.as_deref().map(|p| ("--teams", p)));
            inputs.extend(a.domains.as_deref().map(|p| ("--domains", p)));
            inputs.extend(a.policy.as_deref().map(|p| ("--policy", p)));
            let csv = import::csv::CsvInputs {
                applications: a.applications.clone(),
                teams: a.teams.clone(),
                domains: a.domains.clone(),
                policy: a.policy.clone(),
            };
            finish(a.output.as_deref(), &inputs, || import::csv::import(&csv))
        }
        Source::Backstage(a) => {
            let mut inputs: Vec<(&str, &Path)> = a
                .catalogs
                .iter()
                .map(|p| ("catalogue", p.as_path()))
                .collect();
            inputs.extend(a.figures.as_deref().map(|p| ("--figures", p)));
            inputs.extend(a.policy.as_deref().map(|p| ("--policy", p)));
            let b = import::backstage::BackstageInputs {
                catalogs: a.catalogs.clone(),
                figures: a.figures.clone(),
                policy: a.policy.clone(),
            };
            finish(a.output.as_deref(), &inputs, || {
                import::backstage::import(&b)
            })
        }
    }
}

/// Imports, checks the scenario as `rota check` would, and writes it; nothing
/// is written unless every step passes.
fn finish(
    output: Option<&Path>,
    inputs: &[(&str, &Path)],
    import: impl FnOnce() -> Result<Imported, ImportError>,
) -> i32 {
    if let Some(out) = output {
        if let Err(message) = refuse_overwriting_inputs(&[("--output", out)], inputs) {
            return super::usage(message);
        }
    }
    let imported = match import() {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    eprint!("{}", report::notes(&imported));
    let text = import::write::to_toml(&imported);
    let as_named = output.unwrap_or(Path::new("imported.toml"));
    if let Err(e) = crate::model::load_bytes(as_named, text.as_bytes()) {
        return fail(report::failed_check(&e.to_string()));
    }
    match write_or_emit(output, &text) {
        Ok(()) => {
            eprintln!("{}", report::summary(&imported));
            EXIT_OK
        }
        Err(message) => fail(message),
    }
}
