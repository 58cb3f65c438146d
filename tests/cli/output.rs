//! What the commands write and where: a closed pipe ends quietly, a full disk or an `--out`
//! that cannot be written is a coded error; help shows examples that run; shell completions.

use crate::common::{cix, temp_dir};
use predicates::prelude::*;

const SPEC: &str = "examples/smart-city-2015/index.cix";

/// Run `cix ARGS | CONSUMER` in bash; cix's own exit status and the pipeline's stderr.
fn piped(args: &str, consumer: &str) -> (String, String) {
    let bin = assert_cmd::cargo::cargo_bin("cix");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' {args} | {consumer} >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
            bin.display()
        ))
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap().trim().to_string(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let run_all = format!("run {SPEC} all");
    let query = format!("query {SPEC} 'rank by 总分'");
    for args in [&run_all, &query] {
        for consumer in ["true", "head -1"] {
            let (status, err) = piped(args, consumer);
            assert!(
                status == "141" || status == "0",
                "cix {args} | {consumer}: status {status}\n{err}"
            );
            assert_eq!(err, "", "cix {args} | {consumer}");
        }
    }
    // A pipe whose reader is gone before cix writes (closed right after the start, while cix
    // still reads its spec): exit 141, quietly.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cix"))
        .args(["run", SPEC, "all"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

/// `cix ARGS > /dev/full`.
fn to_full_disk(args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    std::process::Command::new(assert_cmd::cargo::cargo_bin("cix"))
        .args(args)
        .stdout(full)
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_is_an_error_naming_stdout() {
    let old = "examples/smart-city-2014/index.cix";
    let commands: [&[&str]; 8] = [
        &["check", SPEC],
        &["run", SPEC, "all"],
        &["run", SPEC, "--format", "json"],
        &["query", SPEC, "top 3 by 总分"],
        &["explain", "examples/raw-scoring/index.cix", "宁波"],
        &["diff", old, SPEC],
        &[
            "run",
            "examples/smart-city-2016-draft/index.cix",
            "--compare",
            SPEC,
        ],
        &["completions", "bash"],
    ];
    for args in commands {
        let out = to_full_disk(args);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}\n{err}");
        assert!(
            err.contains("E701") && err.contains("cannot write to stdout: no space left on device"),
            "{args:?}\n{err}"
        );
        assert!(!err.contains("panicked"), "{args:?}\n{err}");
    }
}

#[test]
fn out_failures_name_the_path_and_the_reason() {
    let dir = temp_dir("out-fail");
    let file = dir.join("a-file");
    std::fs::write(&file, "").unwrap();
    let under_file = file.join("reports");
    cix()
        .args(["run", SPEC, "--out"])
        .arg(&under_file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E702"))
        .stderr(predicate::str::contains(format!(
            "cannot create the folder `{}`: not a directory",
            under_file.display()
        )));

    // A folder where the report's file should go.
    let out = dir.join("out");
    let ok = cix()
        .args(["run", SPEC, "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .get_output()
        .stderr
        .clone();
    let written = String::from_utf8(ok).unwrap();
    let path = written
        .lines()
        .find_map(|l| l.strip_prefix("wrote "))
        .unwrap()
        .to_string();
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    cix()
        .args(["run", SPEC, "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E702"))
        .stderr(predicate::str::contains(format!(
            "cannot write `{path}`: is a directory"
        )));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn help_shows_examples() {
    cix()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains(
            "cix query examples/smart-city-2015/index.cix",
        ));
    for sub in [
        "check",
        "run",
        "diff",
        "fmt",
        "explain",
        "query",
        "repl",
        "completions",
    ] {
        cix()
            .args([sub, "--help"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Examples:\n  cix "));
    }
    let forms = cix()
        .args(["query", "--help"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let forms = String::from_utf8(forms).unwrap();
    for form in [
        "rank by",
        "top N by",
        "rank of",
        "show U",
        "compare",
        "stats",
        "count by",
        "histogram",
        "corr",
        "where",
    ] {
        assert!(forms.contains(form), "{form}\n{forms}");
    }
    assert!(forms.contains("docs/language.md"), "{forms}");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = cix()
            .args(["completions", shell])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let script = String::from_utf8(out).unwrap();
        for sub in ["check", "run", "diff", "fmt", "explain", "query", "repl"] {
            assert!(script.contains(sub), "{shell}: {sub}");
        }
        assert!(script.contains("cix"), "{shell}");
    }
    cix().args(["completions", "tcsh"]).assert().code(2);
}

/// Words of a shell line: split on spaces outside single quotes; a `#` comment dropped.
fn shell_words(line: &str) -> Vec<String> {
    let line = line.split("  #").next().unwrap_or(line);
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn the_examples_in_help_run() {
    let mut n = 0;
    for sub in ["", "check", "run", "diff", "explain", "query"] {
        let mut args = vec![sub, "--help"];
        args.retain(|a| !a.is_empty());
        let help = cix().args(&args).output().unwrap().stdout;
        for line in String::from_utf8(help).unwrap().lines() {
            let Some(example) = line.strip_prefix("  cix ") else {
                continue;
            };
            // Examples that write files, name files of the reader's, or wait for a terminal.
            if ["--out", ">", "|", "OLD.cix", "cities-2016.csv", "repl"]
                .iter()
                .any(|s| example.contains(s))
            {
                continue;
            }
            n += 1;
            let out = cix().args(shell_words(example)).output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "cix {example}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    assert!(n >= 10, "only {n} examples ran");
}

#[test]
fn usage_errors_are_coded() {
    cix()
        .args(["run", "--foo", "x"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("E704"))
        .stderr(predicate::str::contains(
            "unexpected argument `--foo` found",
        ))
        .stderr(predicate::str::contains("usage: cix run [OPTIONS] <SPEC>"));
    cix()
        .args(["run", SPEC, "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E704"))
        .stderr(predicate::str::contains(
            "invalid value `xml` for `--format <FORMAT>`",
        ))
        .stderr(predicate::str::contains(
            "possible values: table, csv, json, md",
        ));
    cix()
        .arg("frob")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("E704"))
        .stderr(predicate::str::contains("unrecognized subcommand `frob`"));
    // Help and version are no errors.
    cix()
        .arg("--version")
        .assert()
        .code(0)
        .stdout("cix 0.1.0\n");
}
