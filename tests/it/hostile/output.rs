//! Honest output, nothing destroyed: bounded limits, `--output` that never
//! overwrites an input nor replaces a device or a link, kept permissions,
//! stdout write errors that are reported, and usage errors that exit 2.

use std::fs::{self, File};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::{root, rota, rota_in, rota_with, Run, Setup};

const MODEL: &str = "models/fruits-r-us.toml";
const LIMIT: Duration = Duration::from_secs(30);

fn model_text() -> String {
    fs::read_to_string(root().join(MODEL)).expect("model")
}

/// A folder holding a copy of the model as `m.toml`.
fn folder_with_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("m.toml"), model_text()).expect("copy");
    dir
}

/// `rota ARGS` in `dir` after `sh` ran `setup` (e.g. `umask 022`), standard
/// output going to `stdout`; killed after 30 seconds.
fn spawn(dir: &Path, setup: &str, args: &[&str], stdout: Stdio) -> Run {
    let setup = Setup {
        shell: setup,
        stdout: Some(stdout),
        ..Setup::default()
    };
    rota_with(dir, setup, args, LIMIT)
}

fn assert_usage_error(r: &Run, words: &str) {
    assert_eq!(
        r.code,
        Some(2),
        "after {:.1} s, stderr: {}",
        r.seconds,
        r.stderr
    );
    assert!(r.stderr.contains(words), "{words:?} not in {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

// Row 1: limits are bounded.

#[test]
fn a_time_limit_past_the_cap_is_a_usage_error_not_a_panic() {
    let fixture = "fixtures/costly.toml";
    let layout = "fixtures/costly.layout.toml";
    for limit in ["1e20", "9.3e18", "1e7", "1000001"] {
        for args in [
            vec!["solve", MODEL],
            vec!["batch", fixture],
            vec!["compare", fixture, layout],
        ] {
            let mut args = args.clone();
            args.extend(["--time-limit", limit]);
            assert_usage_error(&rota(&args), "at most 1000000");
        }
    }
}

#[test]
fn a_time_limit_at_the_cap_or_tiny_is_accepted() {
    for limit in ["1000000", "1e-300"] {
        let r = rota(&["solve", MODEL, "--time-limit", limit]);
        assert_eq!(r.code, Some(0), "{limit}: {}", r.stderr);
        assert!(!r.stdout.is_empty());
    }
}

// Row 2: `--output` never overwrites an input.

#[test]
fn output_onto_the_model_is_refused_and_nothing_is_written() {
    let dir = folder_with_model();
    let d = dir.path();
    fs::create_dir(d.join("sub")).unwrap();
    fs::hard_link(d.join("m.toml"), d.join("hard.toml")).unwrap();
    std::os::unix::fs::symlink("m.toml", d.join("soft.toml")).unwrap();
    for output in [
        "m.toml",
        "./m.toml",
        "sub/../m.toml",
        "hard.toml",
        "soft.toml",
    ] {
        // The other output is refused too: nothing is written.
        for (flag, other, file) in [
            ("--output", "--write-lp", "x.lp"),
            ("--write-lp", "--output", "x.toml"),
        ] {
            let r = rota_in(d, &["solve", "m.toml", other, file, flag, output], LIMIT);
            assert_usage_error(&r, "is an input");
            assert_eq!(fs::read_to_string(d.join("m.toml")).unwrap(), model_text());
            assert!(!d.join(file).exists(), "nothing is written");
        }
    }
    assert!(fs::symlink_metadata(d.join("soft.toml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::metadata(d.join("hard.toml")).unwrap().nlink(), 2);
}

#[test]
fn solve_output_and_write_lp_onto_the_same_file_is_refused() {
    let dir = folder_with_model();
    let r = rota_in(
        dir.path(),
        &[
            "solve",
            "m.toml",
            "--output",
            "o.toml",
            "--write-lp",
            "o.toml",
        ],
        LIMIT,
    );
    assert_usage_error(&r, "o.toml");
    assert!(!dir.path().join("o.toml").exists());
}

#[test]
fn batch_output_onto_a_scenario_or_a_hand_layout_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("s")).unwrap();
    for f in ["costly.toml", "costly.layout.toml"] {
        fs::copy(root().join("fixtures").join(f), d.join("s").join(f)).unwrap();
    }
    for output in ["s/costly.toml", "s/costly.layout.toml"] {
        let before = fs::read_to_string(d.join(output)).unwrap();
        let r = rota_in(d, &["batch", "s", "--output", output], LIMIT);
        assert_usage_error(&r, "is an input");
        assert_eq!(fs::read_to_string(d.join(output)).unwrap(), before);
    }
}

// Row 3: devices and symbolic links are written through, never replaced.

/// A character device `name` in `dir` like `/dev/null` (minor 3) or
/// `/dev/full` (minor 7): made with mknod, which takes root; None otherwise.
fn device(dir: &Path, name: &str, minor: &str) -> Option<std::path::PathBuf> {
    let path = dir.join(name);
    let made = Command::new("mknod")
        .args([path.as_os_str(), "c".as_ref(), "1".as_ref(), minor.as_ref()])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    made.then_some(path)
}

fn is_char_device(path: &Path) -> bool {
    fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

#[test]
fn output_onto_a_device_writes_to_it_and_keeps_the_node() {
    let dir = folder_with_model();
    let d = dir.path();
    let Some(null) = device(d, "null", "3") else {
        eprintln!("skipped: mknod needs root");
        return;
    };
    let null = null.to_str().unwrap();
    for args in [
        vec!["solve", "m.toml", "--output", null],
        vec!["solve", "m.toml", "--write-lp", null],
        vec!["generate", "--apps", "5", "--output", null],
        vec!["batch", "m.toml", "--output", null],
    ] {
        let r = rota_in(d, &args, LIMIT);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert!(
            is_char_device(Path::new(null)),
            "{args:?} replaced the node"
        );
    }
    let full = device(d, "full", "7").unwrap();
    let full = full.to_str().unwrap();
    for args in [
        vec!["solve", "m.toml", "--output", full],
        vec!["generate", "--apps", "5", "--output", full],
        vec!["batch", "m.toml", "--output", full],
    ] {
        let r = rota_in(d, &args, LIMIT);
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("full: cannot write"), "{}", r.stderr);
        assert!(
            is_char_device(Path::new(full)),
            "{args:?} replaced the node"
        );
    }
}

#[test]
fn output_onto_a_symlink_writes_the_target_and_keeps_the_link() {
    let dir = folder_with_model();
    let d = dir.path();
    fs::create_dir(d.join("real")).unwrap();
    for (i, args) in [
        vec!["solve", "m.toml", "--output"],
        vec!["solve", "m.toml", "--write-lp"],
        vec!["generate", "--apps", "5", "--output"],
        vec!["batch", "m.toml", "--output"],
    ]
    .into_iter()
    .enumerate()
    {
        // A link to an existing file, and a dangling one whose target is made.
        let target = d.join("real").join(format!("t{i}.txt"));
        fs::write(&target, "old").unwrap();
        let link = format!("link{i}.txt");
        std::os::unix::fs::symlink(format!("real/t{i}.txt"), d.join(&link)).unwrap();
        let dangling = format!("dangling{i}.txt");
        std::os::unix::fs::symlink(format!("real/new{i}.txt"), d.join(&dangling)).unwrap();
        for (name, target) in [
            (&link, target),
            (&dangling, d.join(format!("real/new{i}.txt"))),
        ] {
            let mut args = args.clone();
            args.push(name);
            let r = rota_in(d, &args, LIMIT);
            assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
            let meta = fs::symlink_metadata(d.join(name)).unwrap();
            assert!(meta.file_type().is_symlink(), "{args:?} replaced the link");
            let written = fs::read_to_string(&target).unwrap();
            assert!(written.len() > 3, "{args:?} did not write the target");
        }
    }
}

// Row 4: permissions.

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    let dir = folder_with_model();
    let d = dir.path();
    for (umask, expected) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let out = format!("new-{umask}.toml");
        let lp = format!("new-{umask}.lp");
        let generated = format!("gen-{umask}.toml");
        let setup = format!("umask {umask}");
        let r = spawn(
            d,
            &setup,
            &["solve", "m.toml", "--output", &out, "--write-lp", &lp],
            Stdio::null(),
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let r = spawn(
            d,
            &setup,
            &["generate", "--apps", "3", "--output", &generated],
            Stdio::null(),
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        for f in [out, lp, generated] {
            assert_eq!(mode(&d.join(&f)), expected, "{f} under umask {umask}");
        }
    }
    let kept = d.join("kept.toml");
    fs::write(&kept, "old").unwrap();
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o604)).unwrap();
    let r = spawn(
        d,
        "umask 077",
        &["solve", "m.toml", "--output", "kept.toml"],
        Stdio::null(),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(mode(&kept), 0o604);
    assert!(fs::read_to_string(&kept).unwrap().contains("[[rotas]]"));
}

// Row 5: standard output write errors.

#[test]
fn a_full_standard_output_is_an_error_not_silence() {
    let d = root();
    for args in [
        vec!["generate", "--apps", "50"],
        vec!["solve", MODEL],
        vec!["solve", MODEL, "--format", "json"],
        vec!["check", MODEL],
        vec!["insurance", MODEL, "--format", "csv"],
        vec![
            "compare",
            "fixtures/costly.toml",
            "fixtures/costly.layout.toml",
        ],
        vec!["batch", "fixtures/costly.toml"],
        vec!["solve", "--help"],
    ] {
        let full = File::create("/dev/full").expect("/dev/full");
        let r = spawn(&d, "true", &args, Stdio::from(full));
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("error: writing to standard output: No space left on device"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_closed_pipe_stays_quiet_and_succeeds() {
    for args in [
        vec!["solve", MODEL],
        vec!["generate", "--apps", "200"],
        vec!["solve", "--help"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rota"))
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// Row 7: a FIFO in a batch folder.

#[test]
fn a_fifo_in_a_batch_folder_is_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("s")).unwrap();
    fs::copy(root().join("fixtures/costly.toml"), d.join("s/a.toml")).unwrap();
    let made = Command::new("mkfifo")
        .arg(d.join("s/b-pipe.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    for path in ["s", "s/b-pipe.toml"] {
        let r = rota_in(d, &["batch", "s", path, "--format", "json"], LIMIT);
        assert_eq!(r.code, Some(1), "after {:.1} s: {}", r.seconds, r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "{}", r.stdout);
        assert!(rows[0]["error"].is_null(), "a.toml solved: {}", r.stdout);
        let skipped = rows[1]["error"].as_str().unwrap();
        assert!(skipped.contains("not a regular file"), "{skipped}");
        assert!(r.stderr.contains("b-pipe.toml"), "{}", r.stderr);
    }
}

// Row 8b and 13: caps on sizes.

#[test]
fn generate_apps_past_the_cap_is_a_usage_error() {
    for apps in ["10000000000", "100001"] {
        let r = rota(&["generate", "--apps", apps]);
        assert_usage_error(&r, "at most 100000");
    }
}

#[test]
fn batch_jobs_past_the_cap_is_a_usage_error() {
    for jobs in ["100000", "257"] {
        let r = rota(&["batch", "fixtures/costly.toml", "--jobs", jobs]);
        assert_usage_error(&r, "at most 256");
    }
}

// Row 14: formats a command does not print are usage errors.

#[test]
fn a_format_the_command_does_not_print_is_a_usage_error() {
    let fixture = "fixtures/costly.toml";
    let layout = "fixtures/costly.layout.toml";
    for (args, valid) in [
        (vec!["solve", MODEL, "--format", "csv"], "table, json]"),
        (vec!["solve", MODEL, "--format", "markdown"], "table, json]"),
        (vec!["check", MODEL, "--format", "markdown"], "table, json]"),
        (vec!["check", MODEL, "--format", "csv"], "table, json]"),
        (
            vec!["compare", fixture, layout, "--format", "csv"],
            "table, json, markdown]",
        ),
    ] {
        let r = rota(&args);
        assert_usage_error(&r, "invalid value");
        assert!(
            r.stderr.contains(&format!("[possible values: {valid}")),
            "{}",
            r.stderr
        );
    }
    let help = rota(&["solve", "--help"]);
    assert!(help.stdout.contains("[possible values: table, json]\n"));
}
