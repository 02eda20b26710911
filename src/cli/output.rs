//! Output formats a command prints and the files it writes: atomic for
//! regular files, written through for links and devices, never an input.

use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// A `--format` that accepts only the formats a command prints, so its
/// `--help` lists only those and any other is a usage error (exit 2).
#[derive(Debug, Clone, Copy)]
pub struct Formats(pub &'static [Format]);

/// `solve` and `check`.
pub const TABLE_JSON: Formats = Formats(&[Format::Table, Format::Json]);
/// `compare`.
pub const TABLE_JSON_MARKDOWN: Formats = Formats(&[Format::Table, Format::Json, Format::Markdown]);
/// `insurance` and `batch`.
pub const EVERY_FORMAT: Formats =
    Formats(&[Format::Table, Format::Json, Format::Csv, Format::Markdown]);

impl clap::builder::TypedValueParser for Formats {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        use clap::ValueEnum;
        let names: Vec<clap::builder::PossibleValue> =
            self.possible_values().into_iter().flatten().collect();
        // Names the value and lists the valid ones when it is none of them.
        let name = clap::builder::PossibleValuesParser::new(names).parse_ref(cmd, arg, value)?;
        Format::from_str(&name, false)
            .map_err(|_| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        use clap::ValueEnum;
        Some(Box::new(
            self.0.iter().filter_map(|f| f.to_possible_value()),
        ))
    }
}

/// Writes `contents` to `path` the way `cp` and `tee` do, never replacing
/// what the path names with something else:
///
/// - a symbolic link is followed (even a dangling one) and its target written;
///   the link stays;
/// - a device, FIFO or other special file is opened and written into (so
///   `--output /dev/null` discards, and `/dev/full` is an error);
/// - a regular file, or a new one, is written through a temporary file in the
///   same folder and a rename, so that a reader never sees a partial file. A
///   replaced file keeps its permissions (and, where allowed, its owner); a
///   new one gets 0666 less the umask, as `cp` and shell redirection give.
pub fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    // The kernel follows the links (even /dev/stdout's, which name no path).
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => replace(&std::fs::canonicalize(path)?, contents, Some(&m)),
        Ok(m) if m.is_dir() => Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a folder",
        )),
        Ok(_) => {
            let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
            f.write_all(contents.as_bytes())?;
            f.flush()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            replace(&resolve(path)?, contents, None)
        }
        Err(e) => Err(e),
    }
}

/// The path a write to `path` makes when nothing is there yet: symbolic
/// links followed (a dangling link's target is made), a relative link read
/// from its own folder, at most 40 links deep (as the kernel).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Writes `target`, a regular file or a new one, through a temporary file
/// and a rename; `existing` is the file replaced, whose mode is kept.
fn replace(target: &Path, contents: &str, existing: Option<&Metadata>) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no folder {}", dir.display()),
        ));
    }
    // The kernel applies the umask to the mode asked for at creation; a
    // replaced file's own mode is set before any byte is written.
    let mode = if existing.is_some() { 0o600 } else { 0o666 };
    let tmp = tempfile::Builder::new()
        .prefix(".rota-")
        .permissions(std::fs::Permissions::from_mode(mode))
        .tempfile_in(dir)?;
    // A second Ctrl-C while this is written removes the temporary file.
    let _writing = crate::cli::interrupt::Writing::new(tmp.path());
    if let Some(m) = existing {
        let file = tmp.as_file();
        // Best effort, as `cp -p` for a user who may not give files away.
        let _ = std::os::unix::fs::fchown(file, Some(m.uid()), Some(m.gid()));
        file.set_permissions(m.permissions())?;
    }
    let mut tmp = tmp;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// What a path names for the check that an output is no input: its
/// canonical path (symbolic links followed; for a file not yet made, its
/// canonical folder and name) and, for an existing file, device and inode.
#[derive(Debug)]
struct Identity {
    path: PathBuf,
    inode: Option<(u64, u64)>,
    regular: bool,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        use std::os::unix::fs::MetadataExt;
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| {
            let target = resolve(path).unwrap_or_else(|_| path.to_path_buf());
            let name = target.file_name();
            let dir = match target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            match (std::fs::canonicalize(dir), name) {
                (Ok(dir), Some(name)) => dir.join(name),
                _ => target.clone(),
            }
        });
        let meta = std::fs::metadata(path).ok();
        Identity {
            path: canonical,
            inode: meta.as_ref().map(|m| (m.dev(), m.ino())),
            // A new file counts as regular: two outputs may not both make it.
            regular: meta.as_ref().is_none_or(|m| m.is_file()),
        }
    }

    fn same(&self, other: &Identity) -> bool {
        self.path == other.path || (self.inode.is_some() && self.inode == other.inode)
    }
}

/// Refuses, before anything runs, an output file that is one of the
/// command's inputs (same canonical path or same device and inode, so hard
/// and symbolic links count) or that another output also writes. Devices
/// and FIFOs are never refused: writing to them replaces nothing.
/// `outputs` are (flag, path); `inputs` are (what, path).
pub fn refuse_overwriting_inputs(
    outputs: &[(&str, &Path)],
    inputs: &[(&str, &Path)],
) -> Result<(), String> {
    let inputs: Vec<(&str, &Path, Identity)> = inputs
        .iter()
        .map(|&(what, p)| (what, p, Identity::of(p)))
        .collect();
    let mut seen: Vec<(&str, &Path, Identity)> = Vec::new();
    for &(flag, path) in outputs {
        let out = Identity::of(path);
        if !out.regular {
            continue;
        }
        if let Some((what, input, _)) = inputs.iter().find(|(_, _, i)| i.same(&out)) {
            return Err(format!(
                "{flag} {} is an input of this command ({what} {}); refusing to overwrite it",
                path.display(),
                input.display()
            ));
        }
        if let Some((other, earlier, _)) = seen.iter().find(|(_, _, i)| i.same(&out)) {
            return Err(format!(
                "{other} {} and {flag} {} are the same file; give each its own",
                earlier.display(),
                path.display()
            ));
        }
        seen.push((flag, path, out));
    }
    Ok(())
}

/// Writes `text` to `path` (see `write_atomic`), or prints it when there is
/// no path; the error is the message a command fails with.
pub fn write_or_emit(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(path) => {
            write_atomic(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
        }
        None => super::emit(text),
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
