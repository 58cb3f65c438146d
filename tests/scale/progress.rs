//! The progress line (indicatif): drawn on a terminal (a pseudo-terminal from `script`), naming
//! the stage running, and never in a pipe. `CIX_PROGRESS_AFTER_MS=0` draws it at once, so a
//! short run shows it.

use std::process::Command;

use crate::common::temp_dir;

fn spec(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    super::repl::write(&dir, 20_000);
    dir.join("index.cix")
}

#[test]
fn silent_in_a_pipe() {
    let spec = spec("scale-progress-pipe");
    let out = crate::common::cix()
        .env("CIX_PROGRESS_AFTER_MS", "0")
        .arg("run")
        .arg(&spec)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("reading the data"), "{err}");
    assert!(!err.contains("scoring"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no terminal codes in a pipe: {err}"
    );
}

#[test]
fn drawn_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is needed"
        );
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let spec = spec("scale-progress-tty");
    let cix = env!("CARGO_BIN_EXE_cix");
    let line = format!(
        "CIX_PROGRESS_AFTER_MS=0 '{cix}' run '{}' > /dev/null",
        spec.display()
    );
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(
        tty.contains("reading the data") || tty.contains("scoring and evaluating"),
        "a stage is named on the terminal: {tty:?}"
    );
}
