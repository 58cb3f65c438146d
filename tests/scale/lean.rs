//! Issue 14, the lean path of `cix run`: the inputs let go once the results exist
//! (`project::Keep::Answers`), and rankings written as their rows are made (`query::Answer`,
//! `report::write`). Every report of every example, in every format, equals what the loaded
//! index with its inputs gives and what the materialised `Output` renders; the commands that
//! read the inputs still have them; a closed pipe, a full disk and `--out` behave as before
//! with more than one chunk to write.

use std::path::{Path, PathBuf};

use cix::output::Table;
use cix::project::{Bounded, Keep};
use cix::report::Format;

use crate::common::{cix, temp_dir};

const FORMATS: [Format; 4] = [Format::Table, Format::Csv, Format::Json, Format::Md];

fn load(spec: &Path, keep: Keep) -> cix::Loaded {
    cix::project::load_staged(spec, None, None, &|_| {}, Bounded::No, keep).unwrap()
}

fn examples() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path().join("index.cix"))
        .filter(|p| p.exists())
        .collect();
    specs.sort();
    specs
}

/// Everything written in each format, as `cix run` writes it (one text for several reports).
fn written<T: Table>(answers: &[(String, T)], format: Format, excel: bool) -> String {
    let mut bytes = Vec::new();
    cix::report::write_many(&mut bytes, answers, format, excel).unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn reports_without_the_inputs_are_the_reports_with_them() {
    let all = ["all".to_string()];
    let mut checked = 0;
    for spec in examples() {
        let Ok(full) =
            cix::project::load_staged(&spec, None, None, &|_| {}, Bounded::No, Keep::Inputs)
        else {
            continue; // an example that needs `--data` or another file
        };
        let lean = load(&spec, Keep::Answers);
        assert_eq!(lean.kept, Keep::Answers);
        assert!(lean.dataset.units.is_empty() && lean.dataset.table.rows.is_empty());
        assert!(lean.scoring.raw.iter().all(|c| c.is_empty()));
        assert!(!full.dataset.units.is_empty(), "{}", spec.display());
        let said = |l: &cix::Loaded| cix::diag::render_plain(&l.warnings);
        assert_eq!(said(&lean), said(&full), "{}", spec.display());
        let want = cix::project::run_reports(&full, &all).unwrap();
        assert_eq!(cix::project::run_reports(&lean, &all).unwrap(), want);
        // Written as the rows are made, byte for byte what the outputs render.
        let answers = cix::project::answer_reports(&lean, &all).unwrap();
        for format in FORMATS {
            let rendered = cix::report::render_many(&want, format, false);
            assert_eq!(
                written(&answers, format, false),
                rendered,
                "{spec:?} {format:?}"
            );
        }
        let excel = cix::report::render_many(&want, Format::Csv, true);
        assert_eq!(written(&answers, Format::Csv, true), excel);
        checked += 1;
    }
    assert!(checked >= 10, "{checked} examples");
}

/// Rankings of every shape — partitions, ties at a cut, units without a value, a `where` list
/// sorted by an attribute, attribute columns, the `imputed` column — written as made equal
/// their `Output` rendered, one at a time and all together.
#[test]
fn rankings_written_as_made_equal_their_outputs() {
    let l = super::write::loaded();
    let queries = [
        "rank by 总分",
        "rank by 二",
        "rank by 总分 per 区域",
        "top 7 by 一",
        "bottom 5 by 二 per 区域",
        "rank by 总分 show 区域, 一, 二, 总分",
        "where 三 >= 2 sort 区域 asc, 二 desc",
        "rank by 三 in 华南",
        "top 0 by 总分",
    ];
    let mut answers = Vec::new();
    let mut outputs = Vec::new();
    for text in queries {
        let source = cix::source::Source::new("query", text.to_string());
        let q = cix::syntax::parse_query(&source).unwrap();
        let plan = cix::query::check(&l.model, &l.results, &q, &source).unwrap();
        let plan = Box::leak(Box::new(plan));
        let answer =
            cix::query::answer_indexed(&l.model, plan, &l.results, None, Some(&l.index)).unwrap();
        assert!(matches!(answer, cix::query::Answer::Ranked(_)), "{text}");
        let out = cix::project::query(&l, text).unwrap();
        assert_eq!(answer.row_count(), out.rows.len(), "{text}");
        for format in FORMATS {
            let mut bytes = Vec::new();
            cix::report::write(&mut bytes, &answer, format).unwrap();
            let rendered = cix::report::render(&out, format);
            assert_eq!(
                String::from_utf8(bytes).unwrap(),
                rendered,
                "{text} {format:?}"
            );
        }
        answers.push((text.to_string(), answer));
        outputs.push((text.to_string(), out));
    }
    for format in FORMATS {
        let want = cix::report::render_many(&outputs, format, false);
        assert_eq!(written(&answers, format, false), want, "{format:?}");
    }
    let (answer, out) = (answers.remove(0).1, outputs.remove(0).1);
    assert_eq!(answer.into_output(), out);
}

/// 12,000 generated units (a CSV of some 400 KB: several chunks, rows made in stretches) with a report.
fn generated(name: &str) -> PathBuf {
    let dir = temp_dir(&format!("scale-lean-{name}"));
    let mut csv = String::from("单元,区域,甲,乙\n");
    for u in 0..12_000u32 {
        let region = ["华东", "华南", "西部"][(u % 3) as usize];
        csv.push_str(&format!(
            "单元{u:05},{region},{},{}\n",
            (u * 37) % 101,
            (u * 11) % 53
        ));
    }
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    let spec = "index \"精简\" {\n  data \"d.csv\" key 单元\n  attributes 区域\n  score minmax\n  round 4 half-up\n  indicator 甲 60\n  indicator 乙 40\n  total 总分 100\n  report 总排名 = rank by 总分 show 总分\n}\n";
    std::fs::write(dir.join("index.cix"), spec).unwrap();
    dir
}

#[test]
fn run_writes_what_a_query_with_the_inputs_writes() {
    let dir = generated("run");
    let spec = dir.join("index.cix");
    for format in ["csv", "json", "table", "md"] {
        let run = cix()
            .arg("run")
            .arg(&spec)
            .args(["--format", format])
            .assert()
            .success()
            .get_output()
            .clone();
        let query = cix()
            .arg("query")
            .arg(&spec)
            .arg("rank by 总分 show 总分")
            .args(["--format", format])
            .assert()
            .success()
            .get_output()
            .clone();
        assert!(run.stdout.len() > 150_000, "{format}: {}", run.stdout.len());
        if format == "csv" || format == "json" {
            assert_eq!(run.stdout, query.stdout, "{format}");
        } else {
            // Tables and Markdown carry the report's title above the table.
            let run = String::from_utf8(run.stdout).unwrap();
            let query = String::from_utf8(query.stdout).unwrap();
            let title = if format == "md" {
                "### 总排名\n\n"
            } else {
                "总排名\n"
            };
            assert_eq!(run, format!("{title}{query}"), "{format}");
        }
    }
    // `--out`: the same bytes in the report's file.
    let out = dir.join("out");
    cix()
        .arg("run")
        .arg(&spec)
        .args(["--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = cix()
        .arg("run")
        .arg(&spec)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(out.join("总排名.csv")).unwrap(),
        stdout.stdout
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_closed_pipe_and_a_full_disk_while_streaming() {
    let dir = generated("pipe");
    let spec = dir.join("index.cix");
    let bin = assert_cmd::cargo::cargo_bin("cix");
    for format in ["csv", "json", "table"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "'{}' run '{}' --format {format} | head -c 100 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
                bin.display(),
                spec.display()
            ))
            .output()
            .unwrap();
        let status = String::from_utf8(out.stdout).unwrap();
        assert_eq!(status.trim(), "141", "{format}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), "", "{format}");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(&bin)
            .arg("run")
            .arg(&spec)
            .args(["--format", format])
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("E701") && err.contains("no space left on device"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // A report's file that fills the disk: E702 naming it.
    let out = dir.join("full");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink("/dev/full", out.join("总排名.csv")).unwrap();
    let run = cix()
        .arg("run")
        .arg(&spec)
        .args(["--format", "csv", "--out"])
        .arg(&out)
        .output();
    let run = run.unwrap();
    let err = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("E702") && err.contains("no space left on device"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// What reads the inputs loads them: `explain`, the REPL's `why`, `check`'s count of units.
#[test]
fn the_commands_that_read_the_inputs_keep_them() {
    let dir = generated("inputs");
    let spec = dir.join("index.cix");
    let l = cix::load(&spec, None).unwrap();
    assert_eq!(l.kept, Keep::Inputs);
    assert_eq!(l.dataset.units.len(), 12_000);
    assert!(cix::project::explain(&l, "单元00042", Some("甲")).is_ok());
    cix()
        .arg("explain")
        .arg(&spec)
        .arg("单元00042")
        .assert()
        .success();
    cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .success()
        .stdout(predicates::str::contains("12000"));
    let (mut session, diags) = cix::repl::Session::open(&spec, None);
    assert!(diags.is_empty(), "{diags:?}");
    let reply = session.eval("why 单元00042 甲");
    assert!(
        !reply.failed && reply.out.contains("minmax"),
        "{}{}",
        reply.out,
        reply.err
    );
    std::fs::remove_dir_all(dir).ok();
}
