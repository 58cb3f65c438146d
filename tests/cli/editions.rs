//! Editions against the built binary: `cix diff` (the 2014→2015 golden), `cix fmt` on every
//! example (idempotent, results byte-identical), `cix run --compare`, the spec-only check with
//! provenance marks, and the 2016 draft.

use std::path::{Path, PathBuf};

use crate::common::{cix, temp_dir};
use predicates::prelude::*;

const Y2014: &str = "examples/smart-city-2014/index.cix";
const Y2015: &str = "examples/smart-city-2015/index.cix";
const Y2015_AS_CHANGE: &str = "examples/smart-city-2014/2015-as-change.cix";
const Y2016: &str = "examples/smart-city-2016-draft/index.cix";

fn stdout(args: &[&str]) -> String {
    let out = cix()
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn specs_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            specs_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "cix")
            // A claims file (`cix audit`) is cix text but not a spec.
            && !p.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("claims"))
        {
            out.push(p);
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_2014_2015_is_the_reports_change_table() {
    let got = stdout(&["diff", Y2014, Y2015, "--format", "csv"]);
    let want = std::fs::read_to_string("tests/golden/diff-2014-2015.csv").unwrap();
    assert_eq!(got, want);
    let rows: Vec<Vec<&str>> = got
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let named =
        |kind: &str| -> Vec<&str> { rows.iter().filter(|r| r[0] == kind).map(|r| r[1]).collect() };
    // The report's 指标修改及变动说明表, row by row.
    assert_eq!(
        named("added"),
        [
            "政府在线服务水平",
            "公共资源交易平台",
            "城市创新创业水平",
            "信息服务业从业人员情况",
            "市民信息化宣传培训"
        ]
    );
    let mut removed = named("removed");
    removed.sort_unstable();
    let mut want_removed = [
        "政府协同办公水平",
        "行业一揽子解决方案实施情况",
        "人均专利数量",
        "人均电子商务消费额",
    ];
    want_removed.sort_unstable();
    assert_eq!(removed, want_removed);
    assert_eq!(
        named("weight lowered"),
        ["智慧基础设施", "基础网络建设水平", "城市云平台应用情况"]
    );
    assert_eq!(
        named("weight raised"),
        ["基础信息资源建设与共享", "保障体系"]
    );
    assert!(got.contains("weight lowered,智慧基础设施,25,20,"));
    assert!(got.contains("weight raised,保障体系,10,15,"));
    // Inferred 2014 weights carry their mark.
    assert!(got.contains("weight lowered,基础网络建设水平,10 (inferred),5,"));
    // The scope changes the table lists.
    let mut modified = named("modified");
    modified.sort_unstable();
    let mut scope = [
        "基础网络建设水平",
        "基础信息资源建设与共享",
        "城市云平台应用情况",
        "社会化媒体参与度",
        "社会化民生服务水平",
        "互联网产业发展水平",
        "市民生活网络化水平",
        "加分项",
        "绩效考核情况",
    ];
    scope.sort_unstable();
    assert_eq!(modified, scope);
    assert!(
        rows.iter().all(|r| r.len() == 5),
        "five columns on every row"
    );
}

#[test]
fn diff_notes_go_to_stderr_in_csv_and_summarise() {
    cix()
        .args(["diff", Y2014, Y2015, "--format", "csv"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "5 added, 4 removed, 2 weight raised, 3 weight lowered, 9 modified; total maximum 105 → 105",
        ))
        .stderr(predicate::str::contains("inferred in 2014: 基础网络建设水平 10 — "));
}

#[test]
fn diff_table_labels_kinds_in_chinese() {
    // The report's 指标变动 table, in the language spoken (issue 15).
    let got = stdout(&["--lang", "zh", "diff", Y2014, Y2015]);
    for label in [
        "新增指标",
        "删除指标",
        "权重提高",
        "权重降低",
        "原有指标修改",
    ] {
        assert!(got.contains(label), "{label} missing:\n{got}");
    }
    assert!(got.starts_with("指标变动 2014 → 2015\n"));
}

#[test]
fn a_2015_written_as_a_change_of_2014_gives_the_reasons_and_the_same_ranking() {
    let got = stdout(&["diff", Y2014, Y2015_AS_CHANGE, "--format", "csv"]);
    let want = std::fs::read_to_string("tests/golden/diff-2014-2015-as-change.csv").unwrap();
    assert_eq!(got, want);
    assert!(got.contains("removed,人均专利数量,智慧经济 · 2.5 (inferred),,差异性较小"));
    assert!(got.contains("removed,人均电子商务消费额,智慧人群 · 5 (inferred),,统计口径有偏差"));
    // The delta and the full 2015 spec are the same edition …
    let same = stdout(&["diff", Y2015, Y2015_AS_CHANGE, "--format", "csv"]);
    assert_eq!(same, "change,indicator,old,new,reason\n");
    // … and rank byte for byte alike.
    assert_eq!(stdout(&["run", Y2015_AS_CHANGE]), stdout(&["run", Y2015]));
}

#[test]
fn diff_2015_2016_shows_the_renames_and_the_penalty() {
    let got = stdout(&["diff", Y2015, Y2016, "--format", "csv"]);
    assert_eq!(
        got,
        "change,indicator,old,new,reason\n\
         added,减分项,,penalty · 5 (inferred),\n\
         renamed,智慧治理,智慧管理,智慧治理,2016年一级指标更名\n\
         renamed,智慧民生,智慧服务,智慧民生,2016年一级指标更名\n"
    );
}

#[test]
fn a_changed_scoring_rule_is_a_modified_row() {
    let got = stdout(&[
        "diff",
        "tests/corpus/editions/base.cix",
        "tests/corpus/editions/scoring_change.cix",
        "--format",
        "csv",
    ]);
    assert_eq!(
        got,
        "change,indicator,old,new,reason\n\
         modified,甲一,scoring: points,scoring: points round 0 down,\n\
         modified,乙二,scoring: points,scoring: points missing zero,\n"
    );
}

#[test]
fn undeclared_renames_are_proposed_beside_the_added_and_removed_rows() {
    let dir = temp_dir("propose");
    std::fs::write(
        dir.join("old.cix"),
        "index \"旧\" {\n  indicator 甲 10 {\n    甲一 5 \"同一口径\"\n    甲二 5 { from 列二 }\n  }\n  total 总分 10\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("new.cix"),
        "index \"新\" {\n  indicator 甲 10 {\n    甲壹 5 \"同一口径\"\n    甲贰 5 { from 列二 }\n  }\n  total 总分 10\n}\n",
    )
    .unwrap();
    let got = stdout(&[
        "diff",
        dir.join("old.cix").to_str().unwrap(),
        dir.join("new.cix").to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(
        got,
        "change,indicator,old,new,reason\n\
         added,甲壹,,甲 · 5,\n\
         added,甲贰,,甲 · 5,\n\
         removed,甲一,甲 · 5,,\n\
         removed,甲二,甲 · 5,,\n\
         renamed,甲壹,甲一,甲壹,looks like a rename: same description (not declared)\n\
         renamed,甲贰,甲二,甲贰,looks like a rename: same data column (not declared)\n"
    );
}

#[test]
fn diff_of_a_broken_spec_is_a_located_error() {
    cix()
        .args(["diff", Y2014, "tests/corpus/editions/err_changes.cix"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("E502"))
        .stderr(predicate::str::contains("err_changes.cix:5:10"));
}

// ---------------------------------------------------------------- check, run, compare

#[test]
fn check_without_data_checks_the_spec_and_shows_provenance() {
    cix()
        .args(["check", Y2014])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "ok: 中国智慧城市发展水平评估 (2014) — 22 indicators (16 leaves), total 总分 = 105 points; no data",
        ))
        .stdout(predicate::str::contains(
            "  inferred: 基础网络建设水平 10 — 2015年权重降低（变动说明表）；2014年取10\n",
        ))
        .stderr("");
}

#[test]
fn the_2016_draft_runs_on_2015_data_with_the_penalty_at_zero() {
    let out = cix()
        .args(["run", Y2016, "--format", "csv"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(
        "排名,城市,智慧基础设施,智慧治理,智慧民生,智慧经济,智慧人群,保障体系,加分项,减分项,总分,得分率\n"
    ));
    // 无锡 as in 2015: 18.70 + 15.73 + 13.50 + 8.94 + 5.74 + 12.80 + 4.80 − 0 = 80.21.
    assert!(text.contains("\n1,无锡,18.70,15.73,13.50,8.94,5.74,12.80,4.80,0.00,80.21,"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("W501"), "{err}");
}

#[test]
fn compare_ranks_both_editions_by_score_rate() {
    let got = stdout(&[
        "run",
        "tests/corpus/editions/child.cix",
        "--compare",
        "tests/corpus/editions/base.cix",
        "--format",
        "csv",
    ]);
    // base (max 18): 杭州 3+5+2+3+1 = 14, 广州 4+4+3+1+2 = 14, 深圳 2+6+1+2+0 = 11 → ranks 1, 1, 3.
    // child (max 18): 杭州 14, 广州 15, 深圳 11 → 广州 1, 杭州 2, 深圳 3.
    // 15/18 = 0.8333…, 14/18 = 0.7777…, 11/18 = 0.6111…; 广州 +1/18 = 0.0555… (CSV: 4 places)
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(
        lines[0],
        "排名,城市,得分率,排名（2020）,得分率（2020）,名次变化,得分率变化"
    );
    assert_eq!(lines[1], "1,广州,0.8333,1,0.7778,0,0.0556");
    assert_eq!(lines[2], "2,杭州,0.7778,1,0.7778,-1,0.0000");
    assert_eq!(lines[3], "3,深圳,0.6111,3,0.6111,0,0.0000");
}

#[test]
fn compare_2016_draft_with_2015_moves_nobody() {
    let got = stdout(&["run", Y2016, "--compare", Y2015, "--format", "csv"]);
    let rows: Vec<&str> = got.lines().skip(1).collect();
    assert_eq!(rows.len(), 151);
    assert!(
        rows.iter().all(|r| r.split(',').nth(5) == Some("0")),
        "{got}"
    );
}

// ---------------------------------------------------------------- fmt

#[test]
fn every_example_is_formatted() {
    let mut specs = Vec::new();
    specs_under(Path::new("examples"), &mut specs);
    assert!(specs.len() >= 4);
    for s in &specs {
        cix()
            .args(["fmt", "--check", s.to_str().unwrap()])
            .assert()
            .code(0)
            .stderr("");
    }
}

/// What a spec prints: its reports, or (without data) its check summary and change log.
fn results(spec: &Path, root: &Path, has_data: bool) -> String {
    if has_data {
        stdout(&["run", spec.to_str().unwrap(), "all"])
    } else {
        let y2015 = root.join("smart-city-2015/index.cix");
        stdout(&["check", spec.to_str().unwrap()])
            + &stdout(&["diff", spec.to_str().unwrap(), y2015.to_str().unwrap()])
    }
}

/// Indentation, spacing and blank lines messed up outside strings and comments.
fn mess_up(text: &str) -> String {
    let mut out = String::from("\n\n");
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let t = if t.contains('"') || t.contains('#') || t.contains('“') {
            t.to_string()
        } else {
            // Tabs for spaces keep every gap's width (one stays one, two stay two); commas
            // get a space before and a wide gap after.
            t.replace(", ", " ,  ").replace(' ', "\t")
        };
        out.push_str(&" ".repeat(i % 7));
        out.push_str(&t);
        // Blank lines: a run where there was one (one blank line is kept, more are not).
        let ending = match (t.is_empty(), i % 3) {
            (true, _) => " \n\t\n\n",
            (false, 0) => "  \t\r\n",
            _ => "\n",
        };
        out.push_str(ending);
    }
    out
}

#[test]
fn formatting_is_idempotent_and_never_changes_a_result() {
    let root = temp_dir("fmt");
    copy_dir(Path::new("examples"), &root);
    let mut specs = Vec::new();
    specs_under(&root, &mut specs);
    let originals: Vec<(PathBuf, String, String, bool)> = specs
        .iter()
        .map(|s| {
            let text = std::fs::read_to_string(s).unwrap();
            let has_data =
                text.contains("\n  data ") || text.contains("extends \"../smart-city-2015");
            let before = results(s, &root, has_data);
            (s.clone(), text, before, has_data)
        })
        .collect();
    for (s, text, _, _) in &originals {
        std::fs::write(s, mess_up(text)).unwrap();
    }
    for (s, _, _, _) in &originals {
        cix()
            .args(["fmt", "--check", s.to_str().unwrap()])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("E508"));
    }
    for (s, text, before, has_data) in &originals {
        // Unformatted, the spec means the same.
        let same = results(s, &root, *has_data) == *before;
        assert!(same, "{} unformatted gives other results", s.display());
        cix().args(["fmt", s.to_str().unwrap()]).assert().code(0);
        assert_eq!(
            &std::fs::read_to_string(s).unwrap(),
            text,
            "{} formats back",
            s.display()
        );
        let same = results(s, &root, *has_data) == *before;
        assert!(same, "{} formatted gives other results", s.display());
        // Idempotent: a second pass changes nothing.
        cix()
            .args(["fmt", "--check", s.to_str().unwrap()])
            .assert()
            .code(0);
    }
}

#[test]
fn fmt_check_points_at_the_first_line_to_change() {
    let dir = temp_dir("fmtcheck");
    let spec = dir.join("index.cix");
    std::fs::write(
        &spec,
        "index \"x\" {\n  indicator 甲 5\n      total 总分 5\n}\n",
    )
    .unwrap();
    cix()
        .args(["fmt", "--check", spec.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("E508"))
        .stderr(predicate::str::contains("index.cix:3:1"));
    cix().args(["fmt", spec.to_str().unwrap()]).assert().code(0);
    assert_eq!(
        std::fs::read_to_string(&spec).unwrap(),
        "index \"x\" {\n  indicator 甲 5\n  total 总分 5\n}\n"
    );
}

#[test]
fn fmt_leaves_a_file_with_a_syntax_error_alone() {
    let dir = temp_dir("fmtbad");
    let spec = dir.join("index.cix");
    let text = "index \"x\" {\n      indicator 甲\n}\n";
    std::fs::write(&spec, text).unwrap();
    cix()
        .args(["fmt", spec.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E001"));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), text);
}
