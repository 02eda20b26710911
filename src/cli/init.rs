use std::path::PathBuf;

use clap::Args;

use super::{emit, fail, EXIT_OK};
use crate::cli::output::write_atomic;
use crate::import::templates::FILES;
use crate::report::import as report;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the starter model (made if missing; existing files are never replaced)
    pub dir: PathBuf,
}

pub fn run(args: &InitArgs) -> i32 {
    let taken: Vec<String> = FILES
        .iter()
        .map(|(name, _)| args.dir.join(name))
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return fail(format!(
            "{} already exist; give a new or empty folder (nothing written)",
            taken.join(", ")
        ));
    }
    if let Err(e) = std::fs::create_dir_all(&args.dir) {
        return fail(format!(
            "{}: cannot make the folder: {e}",
            args.dir.display()
        ));
    }
    for (name, text) in FILES {
        let path = args.dir.join(name);
        if let Err(e) = write_atomic(&path, text) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
    }
    let names: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
    match emit(&report::initialised(&args.dir, &names)) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}
