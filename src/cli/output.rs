//! Output formats a command prints and atomic file writes.

use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// Writes `contents` to `path` through a temporary file in the same folder and
/// a rename, so that a reader never sees a partial file.
pub fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `text` to `path` atomically, or prints it when there is no path;
/// the error is the message a command fails with.
pub fn write_or_emit(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(path) => {
            write_atomic(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
        }
        None => {
            super::emit(text);
            Ok(())
        }
    }
}

/// `--solver`: the library's `Method`, named for the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SolverArg {
    /// Lagrangian bounds, local search and branch and bound (scales to thousands)
    #[default]
    Dedicated,
    /// The SPEC §3 integer program with the microlp backend
    Mip,
    /// The SPEC §3 integer program with HiGHS (a build with `--features highs`)
    Highs,
}

impl From<SolverArg> for crate::solve::Method {
    fn from(s: SolverArg) -> Self {
        match s {
            SolverArg::Dedicated => crate::solve::Method::Dedicated,
            SolverArg::Mip => crate::solve::Method::Mip,
            SolverArg::Highs => crate::solve::Method::Highs,
        }
    }
}
