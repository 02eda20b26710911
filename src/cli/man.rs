use std::path::PathBuf;

use clap::{Args, CommandFactory};

use super::{emit, fail, Cli, EXIT_OK};
use crate::cli::output::write_atomic;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command (rota.1, rota-solve.1, rota-export-pagerduty.1, ...) into this folder instead of printing rota.1
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ManArgs) -> i32 {
    let pages = pages();
    let done = match &args.output {
        None => emit(pages.first().map(|(_, p)| p.as_str()).unwrap_or_default()),
        Some(dir) if !dir.is_dir() => Err(format!(
            "{}: not a folder; give an existing folder to write the pages into",
            dir.display()
        )),
        Some(dir) => pages.iter().try_for_each(|(name, page)| {
            let path = dir.join(name);
            write_atomic(&path, page).map_err(|e| format!("{}: cannot write: {e}", path.display()))
        }),
    };
    match done {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}

/// Every manual page as (file name, roff): `rota.1` first, then each
/// command's page, depth first in the order `--help` lists them.
pub fn pages() -> Vec<(String, String)> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(cmd, &mut out);
    out
}

fn collect(cmd: clap::Command, out: &mut Vec<(String, String)>) {
    let subcommands: Vec<clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let man = clap_mangen::Man::new(cmd);
    let mut page = Vec::new();
    // Rendering into memory cannot fail.
    let _ = man.render(&mut page);
    out.push((
        man.get_filename(),
        String::from_utf8_lossy(&page).into_owned(),
    ));
    for s in subcommands {
        collect(s, out);
    }
}
