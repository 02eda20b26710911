//! Ctrl-C for the commands that solve: the first stops every search at its
//! next poll (the command then prints the best layout found, status
//! `feasible` with its proven gap, as HiGHS and Gurobi do); a second exits at
//! once with code 130. Output files are written atomically (a temporary file
//! renamed into place), so neither leaves a partial file behind.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// Exit code after a second Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handler once per process; later calls do nothing. Where no
/// handler can be installed, Ctrl-C keeps its default (the process ends).
pub fn stop_on_ctrl_c() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if crate::deadline::interrupt() {
                if let Ok(Some(tmp)) = WRITING.try_lock().as_deref() {
                    let _ = std::fs::remove_file(tmp);
                }
                std::process::exit(EXIT_INTERRUPTED);
            }
            eprintln!("interrupted: stopping with the best layout found (Ctrl-C again to quit)");
        });
    });
}

/// The temporary file an atomic write is filling, if any.
static WRITING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Marks a temporary output file for removal by a second Ctrl-C while it
/// lives (exiting at once skips the destructors that would remove it).
pub struct Writing;

impl Writing {
    pub fn new(tmp: &Path) -> Writing {
        if let Ok(mut w) = WRITING.lock() {
            *w = Some(tmp.to_path_buf());
        }
        Writing
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        if let Ok(mut w) = WRITING.lock() {
            *w = None;
        }
    }
}
