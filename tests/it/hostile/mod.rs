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

/// Runs `rota ARGS` in `dir` with at most `limit` of wall-clock time and 2 GiB
/// of address space; a run past the limit is killed and fails the test.
pub fn rota_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2097152; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_rota"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
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
        stdout: String::from_utf8_lossy(&reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        seconds: start.elapsed().as_secs_f64(),
    }
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
