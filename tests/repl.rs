//! The REPL: the session backend driven directly, and the binary through a pipe.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // tests may fail loudly

#[path = "common/mod.rs"]
mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use cix::repl::Session;

const SPEC: &str = "examples/smart-city-2015/index.cix";

fn session() -> Session {
    let (s, diags) = Session::open(Path::new(SPEC), None);
    assert!(diags.is_empty());
    s
}

#[test]
fn answers_queries_and_survives_errors() {
    let mut s = session();
    let r = s.eval("top ten by 智慧服务 in 华南");
    assert!(r.out.contains("肇庆") && r.err.is_empty());
    // A typo is an error, not the end of the session.
    let r = s.eval("top ten by 智慧服物 in 华南");
    assert!(r.out.is_empty() && r.err.contains("did you mean `智慧服务`?") && !r.quit);
    let r = s.eval("top 10 总分");
    assert!(r.err.contains("E002") && !r.quit);
    let r = s.eval("rank of 杭州");
    assert!(r.out.contains("杭州") && r.out.contains("4"));
    let r = s.eval("why 杭州 智慧基础设施");
    assert!(
        r.out.contains("基础网络建设水平") && r.out.contains("3.36"),
        "{}",
        r.out
    );
    assert!(s.eval("why 杭洲").err.contains("杭州"));
}

#[test]
fn commands() {
    let mut s = session();
    assert!(s.eval(":help").out.contains("top 10 by 智慧服务 in 华南"));
    assert!(s.eval(":format csv").out.contains("csv"));
    let r = s.eval("count by 行政级别");
    assert!(
        r.out.starts_with("行政级别,n,share\n地级市,115,0.7616\n"),
        "{}",
        r.out
    );
    assert!(
        r.err.contains("151 units"),
        "notes go to stderr in csv mode"
    );
    assert!(s.eval(":format xml").err.contains("unknown format"));
    assert!(s.eval(":reports").out.contains("省份均值"));
    assert!(s.eval(":run 分数段").out.contains("\"[20, 30)\",30"));
    assert!(s.eval(":frobnicate").err.contains("unknown command"));
    assert!(s.eval(":relaod").err.contains("did you mean `reload`?"));
    assert!(s
        .eval(":reload")
        .out
        .starts_with("loaded 中国智慧城市发展水平评估: 151 units"));
    assert!(s.eval(":quit").quit);
}

#[test]
fn reload_picks_up_edits_and_keeps_the_old_version_on_errors() {
    let dir = common::temp_dir("repl");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        "examples/smart-city-2015/cities.csv",
        dir.join("cities.csv"),
    )
    .unwrap();
    let spec = std::fs::read_to_string(SPEC).unwrap();
    let path = dir.join("index.cix");
    std::fs::write(&path, &spec).unwrap();
    let (mut s, _) = Session::open(&path, None);
    assert!(s.eval(":reports").out.contains("省份均值"));
    // Break the spec: the session keeps the version it had.
    std::fs::write(
        &path,
        spec.replace("基础网络建设水平 5", "基础网络建设水平 6"),
    )
    .unwrap();
    let r = s.eval(":reload");
    assert!(
        r.err.contains("E101") && r.err.contains("kept the previous version"),
        "{}",
        r.err
    );
    assert!(s.eval("rank of 杭州").out.contains("76.98"));
    // Fix it differently: a new report appears.
    let end = spec.rfind('}').unwrap();
    let edited = format!("{}  report 新报表 = rank by 智慧服务\n}}\n", &spec[..end]);
    std::fs::write(&path, edited).unwrap();
    assert!(s.eval(":reload").err.is_empty());
    assert!(s.eval(":reports").out.contains("新报表"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn completion_knows_names_values_and_units() {
    let v = session().vocabulary();
    let has = |before: &str, w: &str| v.candidates(before).iter().any(|x| x == w);
    assert!(has("", "top") && has("", ":reload"));
    assert!(has("top 10 by ", "智慧服务") && has("top 10 by ", "得分率"));
    assert!(has("top 10 by 总分 in ", "华南") && has("top 10 by 总分 in ", "华北与东北"));
    assert!(has("show ", "杭州") && has("compare 杭州, ", "宁波"));
    assert!(has("count by ", "省会") || has("top 10 by 总分 in ", "省会"));
    // Never a report where a group is expected.
    assert!(!has("top 10 by 总分 in ", "省会城市排名"));
    assert!(has(":run ", "省会城市排名"));
}

#[test]
fn why_takes_quoted_names() {
    let mut s = session();
    let r = s.eval("why 杭州 \"智慧基础设施\"");
    assert!(r.out.contains("基础网络建设水平") && !r.failed, "{}", r.err);
}

#[test]
fn usage_errors_have_codes_and_locations() {
    let mut s = session();
    s.eval("top 10 by 总分");
    let r = s.eval(":format xml");
    assert!(
        r.failed && r.err.contains("E010") && r.err.contains("repl:2:9"),
        "{}",
        r.err
    );
    let r = s.eval(":frobnicate");
    assert!(
        r.err.contains("E009") && r.err.contains("repl:3:2"),
        "{}",
        r.err
    );
}

#[test]
fn binary_through_a_pipe() {
    let (code, stdout, stderr) = pipe(
        SPEC,
        "top ten by 智慧服务 in 华南\nshow 杭洲\ncompare 杭州, \\\n 宁波\n:format json\nmean 总分 by 区域\n"
            .as_bytes(),
    );
    // `show 杭洲` failed, so the exit status says so.
    assert_eq!(code, Some(1));
    assert!(stdout.contains("肇庆"), "{stdout}");
    assert!(
        stderr.contains("did you mean `杭州` or `株洲`?"),
        "{stderr}"
    );
    // The line ending in `\` continued on the next one.
    assert!(stdout.contains("宁波"), "{stdout}");
    assert!(stdout.contains("\"区域\": \"华南\""), "{stdout}");
}

/// Run the binary's REPL over `input`; (exit status, stdout, stderr).
fn pipe(spec: &str, input: &[u8]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cix"))
        .args(["repl", spec])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn through_a_pipe_every_line_gets_an_answer() {
    let mut input = b"top 3 by \xff\xfe\n".to_vec();
    input.extend_from_slice(
        "# a comment with an unbalanced \"\nrank of 杭州\nwhere 区域 in [华东\nrank of 宁波\ncompare 杭州,\nrank of 深圳\n"
            .as_bytes(),
    );
    let (code, stdout, stderr) = pipe(SPEC, &input);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("E011") && stderr.contains("repl:1:"),
        "{stderr}"
    );
    for unit in ["杭州", "宁波", "深圳"] {
        assert!(
            stdout.contains(unit),
            "{unit} not answered: {stdout}\n{stderr}"
        );
    }
    // The unclosed `[` is an error on its own line (3), located there.
    assert!(
        stderr.contains("E005") && stderr.contains("repl:4:"),
        "{stderr}"
    );
}

#[test]
fn through_a_pipe_exit_status() {
    let (code, _, stderr) = pipe(SPEC, "top 3 by 总分\nrank of 杭州\n".as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, _) = pipe("no/such/spec.cix", b":help\n");
    assert_eq!(code, Some(1));
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cix"))
        .args(["repl", SPEC])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    for _ in 0..50 {
        if stdin.write_all("rank by 总分\n".as_bytes()).is_err() {
            break;
        }
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101));
}

#[test]
fn through_a_pipe_deep_brackets_are_one_error() {
    let input = format!("where 区域 in {}\nrank of 杭州\n", "[".repeat(100_000));
    let (code, stdout, stderr) = pipe(SPEC, input.as_bytes());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("E007") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(
        stdout.contains("杭州"),
        "the next line is answered: {stdout}"
    );
}

#[test]
fn an_error_on_a_later_line_shows_that_line_alone() {
    // Line 3 is located as such, and its snippet has no empty context line above it (the input
    // is numbered from its line, not padded with empty lines).
    let (code, _, stderr) = pipe(SPEC, "top 3 by 总分\n\nshow 杭洲\n".as_bytes());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("[repl:3:6]"), "{stderr}");
    assert!(stderr.contains(" 3 │ show 杭洲"), "{stderr}");
    assert!(!stderr.contains(" 2 │"), "{stderr}");
}
