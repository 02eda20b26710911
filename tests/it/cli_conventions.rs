//! Rust CLI conventions: shell completions and manual pages generated from
//! the clap command (so every subcommand, including ones added later, is in
//! them), and colour only on a terminal and never with `NO_COLOR`
//! (https://no-color.org: set and non-empty).

use std::io::Read;
use std::process::Stdio;

use crate::common::rota;
use clap::CommandFactory;

/// The subcommands `rota --help` lists, from the clap command itself.
fn subcommands() -> Vec<String> {
    rota::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn completions_for_every_shell_mention_every_subcommand() {
    let names = subcommands();
    for expected in ["solve", "compare", "export", "completions", "man"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = rota(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.len() > 500, "{shell}: {out}");
        for n in &names {
            assert!(out.contains(n.as_str()), "{shell}: no {n}");
        }
        // Options of subcommands are completed too.
        assert!(out.contains("support-hours"), "{shell}");
        assert!(out.contains("node-limit"), "{shell}");
    }
    let (code, _, err) = rota(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bash") && err.contains("elvish"),
        "the valid shells are listed: {err}"
    );
}

#[test]
fn bash_completion_is_a_script_bash_accepts() {
    let (_, out, _) = rota(&["completions", "bash"]);
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no bash to check the script's syntax");
        return;
    }
    let mut child = std::process::Command::new("bash")
        .args(["-n", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(out.as_bytes())
        .unwrap();
    let done = child.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
}

#[test]
fn man_prints_a_roff_page_and_writes_one_per_command() {
    let (code, out, err) = rota(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(".TH rota 1"), "{out}");
    assert!(out.contains(".SH NAME"), "{out}");
    assert!(out.contains(".SH SUBCOMMANDS"), "{out}");
    for n in subcommands() {
        assert!(out.contains(&format!("rota\\-{}", n)), "no {n} in rota.1");
    }

    let dir = tempfile::tempdir().unwrap();
    let (code, printed, err) = rota(&["man", "--output", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(printed, "");
    let mut expected: Vec<String> = subcommands()
        .iter()
        .map(|n| format!("rota-{n}.1"))
        .collect();
    expected.extend(["rota.1".to_string(), "rota-export-pagerduty.1".to_string()]);
    for file in &expected {
        let page = std::fs::read_to_string(dir.path().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let title = file.trim_end_matches(".1");
        assert!(page.contains(&format!(".TH {title} 1")), "{file}: {page}");
    }
    // The page's content is the command's: export's options are in its page.
    let export = std::fs::read_to_string(dir.path().join("rota-export-pagerduty.1")).unwrap();
    assert!(export.contains("support\\-hours"), "{export}");

    let missing = dir.path().join("no-such-folder");
    let (code, _, err) = rota(&["man", "--output", missing.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no-such-folder") && err.contains("not a folder"),
        "{err}"
    );
}

#[test]
fn man_page_renders_where_a_formatter_is_installed() {
    let (_, page, _) = rota(&["man"]);
    let tool = ["groff", "mandoc", "nroff"].into_iter().find(|t| {
        std::process::Command::new(t)
            .arg("--version")
            .output()
            .is_ok()
    });
    let Some(tool) = tool else {
        eprintln!("skipped: no groff, mandoc or nroff to render the page");
        return;
    };
    let args: &[&str] = match tool {
        "groff" => &["-man", "-Tutf8"],
        "mandoc" => &["-Tutf8"],
        _ => &["-man"],
    };
    let mut child = std::process::Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let done = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success(), "{tool}: {text}");
    assert!(text.contains("Plans out-of-hours on-call rotas"), "{text}");
}

/// Runs rota with stdout and stderr on a new pseudo-terminal and returns
/// what it printed there; `no_color` sets NO_COLOR (None: unset).
fn on_terminal(args: &[&str], no_color: Option<&str>) -> String {
    use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rota"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave)
        .env("TERM", "xterm-256color")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let mut child = cmd.spawn().unwrap();
    // The command holds the only other copies of the terminal's end.
    drop(cmd);
    let mut master = std::fs::File::from(master);
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            // Linux: EIO once the last process on the terminal has gone.
            Err(_) => break,
        }
    }
    child.wait().unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

const ESC: char = '\u{1b}';

#[test]
fn colour_on_a_terminal_only_and_never_with_no_color() {
    // On a terminal clap styles its help and usage errors: the check sees colour.
    let help = on_terminal(&["--help"], None);
    assert!(help.contains("Usage"), "{help}");
    assert!(help.contains(ESC), "no colour on a terminal: {help:?}");
    let error = on_terminal(&["solve", "--no-such-option"], None);
    assert!(error.contains(ESC), "{error:?}");
    // NO_COLOR set and non-empty: none, whatever its value.
    for value in ["1", "true", "0"] {
        for args in [
            &["--help"][..],
            &["solve", "--no-such-option"],
            &["export", "--help"],
        ] {
            let out = on_terminal(args, Some(value));
            assert!(out.contains("Usage"), "{out}");
            assert!(!out.contains(ESC), "NO_COLOR={value} {args:?}: {out:?}");
        }
    }
    // Set but empty is as if unset (no-color.org).
    assert!(on_terminal(&["--help"], Some("")).contains(ESC));
    // Piped: never.
    let (_, piped, _) = rota(&["--help"]);
    assert!(!piped.contains(ESC));
    let (_, _, piped_error) = rota(&["solve", "--no-such-option"]);
    assert!(!piped_error.contains(ESC));
}

#[test]
fn rota_s_own_reports_carry_no_colour_even_on_a_terminal() {
    for args in [
        &["solve", "models/fruits-r-us.toml"][..],
        &["check", "models/no-such-model.toml"],
    ] {
        let out = on_terminal(args, None);
        assert!(
            out.contains("Fruits R Us") || out.contains("no-such-model"),
            "{out}"
        );
        assert!(!out.contains(ESC), "{args:?}: {out:?}");
    }
}
