//! Hostile and clumsy input (issue "reliability"): each case runs the real
//! binary bounded in time and memory, so a hang or a runaway allocation fails
//! the test instead of stalling the suite.

mod display;
mod limits;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod output;

/// What a bounded run gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub seconds: f64,
}

/// The shipped files, for cases that start from a valid model.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// How to start a bounded run besides its arguments.
#[derive(Default)]
pub struct Setup<'a> {
    /// Shell commands run first, e.g. `umask 022`.
    pub shell: &'a str,
    pub env: &'a [(&'a str, &'a str)],
    /// Where standard output goes; piped and read back when `None`.
    pub stdout: Option<Stdio>,
}

/// Runs `rota ARGS` in `dir` as `setup` says, with at most `limit` of
/// wall-clock time and 2 GiB of address space; a run past the limit is killed
/// and fails the test.
pub fn rota_with(dir: &Path, setup: Setup<'_>, args: &[&str], limit: Duration) -> Run {
    let piped = setup.stdout.is_none();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{}; ulimit -v 2097152; exec \"$0\" \"$@\"",
            if setup.shell.is_empty() {
                ":"
            } else {
                setup.shell
            }
        ))
        .arg(env!("CARGO_BIN_EXE_rota"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(setup.env.iter().copied())
        .stdin(Stdio::null())
        .stdout(setup.stdout.unwrap_or_else(Stdio::piped))
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    // Both pipes are read while the run goes on: a report larger than a
    // pipe's buffer would otherwise block it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut s);
            }
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(if piped {
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>)
    } else {
        None
    });
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("waits") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rota {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout read"),
        stderr: err.join().expect("stderr read"),
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// `rota_with` no setup: `rota ARGS` in `dir`, bounded.
pub fn rota_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    rota_with(dir, Setup::default(), args, limit)
}

/// `rota_in` the repository root, 30 seconds at most.
pub fn rota(args: &[&str]) -> Run {
    rota_in(&root(), args, Duration::from_secs(30))
}

#[test]
fn a_missing_model_names_the_file_and_exits_1() {
    let r = rota(&["check", "models/no-such-model.toml"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("models/no-such-model.toml"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}
mod input;
mod windows;
