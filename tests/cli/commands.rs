//! The command-line contract, against the built binary: exit codes, stdout/stderr separation,
//! formats, `--data`, Excel encodings.

use crate::common::{cix, temp_dir};
use predicates::prelude::*;

const SPEC: &str = "examples/smart-city-2015/index.cix";

#[test]
fn check_ok() {
    cix()
        .args(["check", SPEC])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "ok: 中国智慧城市发展水平评估 (2015 第五届)",
        ))
        .stdout(predicate::str::contains("151 units"))
        .stderr("");
}

#[test]
fn run_prints_the_overall_ranking() {
    let out = cix()
        .args(["run", SPEC])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "2015年中国智慧城市发展水平总排名");
    assert!(lines[1].starts_with("排名  城市"));
    assert!(lines[3].contains("无锡") && lines[3].contains("80.21") && lines[3].contains("76.39%"));
    // Aligned by display width: every data line has the same width.
    use unicode_width::UnicodeWidthStr;
    let w = lines[3].width();
    assert!(lines[3..154].iter().all(|l| l.width() == w));
}

#[test]
fn csv_and_json_hold_only_the_table() {
    let out = cix()
        .args(["run", SPEC, "--format", "csv"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "排名,城市,智慧基础设施,智慧管理,智慧服务,智慧经济,智慧人群,保障体系,加分项,总分,得分率"
    );
    assert_eq!(
        lines.next().unwrap(),
        "1,无锡,18.70,15.73,13.50,8.94,5.74,12.80,4.80,80.21,0.7639"
    );
    assert_eq!(text.lines().count(), 152);

    let out = cix()
        .args(["run", SPEC, "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 151);
    assert_eq!(v[85]["城市"], "淮安");
    assert_eq!(v[85]["排名"], 86);
    assert_eq!(v[86]["排名"], 86);
}

#[test]
fn query_notes_go_to_stderr_in_machine_formats() {
    cix()
        .args([
            "query",
            SPEC,
            "top ten by 智慧服务 in 华南",
            "--format",
            "csv",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("肇庆"))
        .stdout(predicate::str::contains("11 rows").not())
        .stderr(predicate::str::contains("11 rows"));
    cix()
        .args(["query", SPEC, "top ten by 智慧服务 in 华南"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("11 rows"));
}

#[test]
fn markdown() {
    cix()
        .args(["run", SPEC, "分数段", "--format", "md"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("| 区间 | n | share |"))
        .stdout(predicate::str::contains("| ≥ 80 | 2 | 1.32% |"));
}

#[test]
fn named_reports_and_all() {
    cix()
        .args(["run", SPEC, "省份均值", "--format", "csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "省份,n,mean,rate\n浙江,11,56.92,",
        ));
    cix()
        .args(["run", SPEC, "省份均直"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E301"))
        .stderr(predicate::str::contains("did you mean `省份均值`?"));
    let out = temp_dir("out");
    cix()
        .args(["run", SPEC, "all", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    assert!(out.join("总排名.csv").exists());
    assert!(out.join("相关系数.csv").exists());
    std::fs::remove_dir_all(out).ok();
}

#[test]
fn usage_errors_exit_2() {
    cix().args(["run"]).assert().code(2);
    cix().args(["frobnicate"]).assert().code(2);
    cix()
        .args(["run", SPEC, "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn bad_query_exits_1_with_a_located_error() {
    cix()
        .args(["query", SPEC, "top 10 by 智慧服物"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("E104"))
        .stderr(predicate::str::contains("did you mean `智慧服务`?"));
    cix()
        .args(["query", SPEC, "top 10 总分"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E002"))
        .stderr(predicate::str::contains("query:1:8"));
}

#[test]
fn missing_spec_file() {
    cix()
        .args(["check", "no/such/spec.cix"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read `no/such/spec.cix`: no such file",
        ));
}

/// Copy the spec next to a data file written by the test, and point `data` at it.
fn spec_with_data(dir: &std::path::Path, data: &[u8]) -> std::path::PathBuf {
    let spec = std::fs::read_to_string(SPEC).unwrap();
    std::fs::write(dir.join("cities.csv"), data).unwrap();
    let p = dir.join("index.cix");
    std::fs::write(&p, spec).unwrap();
    p
}

#[test]
fn excel_encodings_read_without_being_told() {
    let utf8 = std::fs::read("examples/smart-city-2015/cities.csv").unwrap();
    let text = String::from_utf8(utf8.clone()).unwrap();

    let dir = temp_dir("bom");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&utf8);
    let spec = spec_with_data(&dir, &bom);
    cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(UTF-8)"));

    let dir2 = temp_dir("gbk");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let spec = spec_with_data(&dir2, &gbk);
    cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(GB18030)"));
    // Same numbers as the UTF-8 original.
    let a = cix()
        .args(["run", SPEC, "--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    let b = cix()
        .arg("run")
        .arg(&spec)
        .args(["--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(a, b);
    std::fs::remove_dir_all(dir).ok();
    std::fs::remove_dir_all(dir2).ok();
}

#[test]
fn bad_cells_are_all_reported_with_row_and_column() {
    let text = std::fs::read_to_string("examples/smart-city-2015/cities.csv").unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[1] = lines[1].replacen("4.70", "abc", 1); // 无锡 基础网络建设水平: not a number
    lines[2] = lines[2].replacen("4.58", "", 1); // 上海: empty
    lines[3] = lines[3].replacen("2.95", "7.5", 1); // 北京: above its 5 points
    lines.push(lines[4].clone()); // 杭州 twice
    let dir = temp_dir("bad");
    let spec = spec_with_data(&dir, lines.join("\n").as_bytes());
    let out = cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("E204")
            && err.contains(
                "`无锡` has `基础网络建设水平` = `abc`, which is not a number (line 2, column 5)"
            ),
        "{err}"
    );
    assert!(
        err.contains("E205")
            && err.contains("`上海` has no value for `基础网络建设水平` (line 3, column 5)"),
        "{err}"
    );
    assert!(
        err.contains("E207")
            && err.contains("`北京` has `基础网络建设水平` = 7.5 outside 0 … 5 (line 4, column 5)"),
        "{err}"
    );
    assert!(
        err.contains("E206") && err.contains("unit `杭州` appears twice, on lines 5 and 153"),
        "{err}"
    );
    assert!(err.contains("4 errors"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn data_override() {
    let text = std::fs::read_to_string("examples/smart-city-2015/cities.csv").unwrap();
    let head: Vec<&str> = text.lines().take(6).collect();
    let dir = temp_dir("override");
    let data = dir.join("five.csv");
    std::fs::write(&data, head.join("\n")).unwrap();
    let out = cix()
        .args(["run", SPEC, "--format", "csv", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 6);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn unreadable_data_is_located_in_the_file_and_the_spec() {
    let dir = temp_dir("undecodable");
    let mut bytes = "城市,省份\n无锡,江苏\n".as_bytes().to_vec();
    bytes.extend_from_slice(&[0x80, 0xFF, b'\n']);
    let spec = spec_with_data(&dir, &bytes);
    let err = cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("E201"), "{err}");
    // Where decoding stops (miette wraps the message at 80 columns, wherever the path puts it).
    let flat = err.replace("\n  │ ", " ");
    assert!(
        flat.contains("line 3, byte 29 (0xFF) cannot be read"),
        "{err}"
    );
    // The spec line that named the file.
    assert!(
        err.contains("index.cix:7:8") && err.contains("named here"),
        "{err}"
    );

    // A file that is not there: E003 with the path, at the spec line that named it.
    std::fs::remove_file(dir.join("cities.csv")).unwrap();
    cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E003"))
        .stderr(predicate::str::contains("cities.csv`: no such file"))
        .stderr(predicate::str::contains("index.cix:7:8"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_unclosed_quote_is_located_in_the_csv() {
    let text = std::fs::read_to_string("examples/smart-city-2015/cities.csv").unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[2] = format!("\"{}", lines[2]);
    let dir = temp_dir("quote");
    let spec = spec_with_data(&dir, lines.join("\n").as_bytes());
    cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E202"))
        .stderr(predicate::str::contains("a quoted cell never ends"))
        .stderr(predicate::str::contains("cities.csv:3:1"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn excel_spellings_of_missing_follow_the_leaf_policy() {
    let raw = std::fs::read_to_string("examples/raw-scoring/raw.csv").unwrap();
    let spec = std::fs::read_to_string("examples/raw-scoring/index.cix").unwrap();
    let run = |csv: &str, name: &str| {
        let dir = temp_dir(name);
        std::fs::write(dir.join("raw.csv"), csv).unwrap();
        std::fs::write(dir.join("index.cix"), &spec).unwrap();
        let out = cix()
            .arg("run")
            .arg(dir.join("index.cix"))
            .args(["--format", "csv"])
            .output()
            .unwrap();
        std::fs::remove_dir_all(dir).ok();
        out
    };
    let expected = run(&raw, "missing-empty");
    assert_eq!(expected.status.code(), Some(0));
    // 宁波's 宽带接入率 is empty; its leaf says `missing mean`.
    assert!(raw.contains("宁波,华东,,0.52"));
    for marker in ["-", "N/A", "#N/A", "NA"] {
        let csv = raw.replace("宁波,华东,,0.52", &format!("宁波,华东,{marker},0.52"));
        let out = run(&csv, "missing-marker");
        assert_eq!(
            out.stdout,
            expected.stdout,
            "{marker}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // 万元GDP能耗 allows no missing value: still an error, at the cell, naming the policy.
    let csv = raw.replace("宁波,华东,,0.52", "宁波,华东,,N/A");
    let out = run(&csv, "missing-refused");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("E209"), "{err}");
    assert!(
        err.replace("\n  │ ", " ").contains(
            "`宁波` has `万元GDP能耗` = `N/A`, a missing value, but `经济产出能耗水平` allows none (line 3, column 4)"
        ),
        "{err}"
    );
    assert!(err.contains("raw.csv:3:"), "{err}");
    assert!(err.contains("`missing error`"), "{err}");
}

#[test]
fn data_given_on_the_command_line_is_not_missing() {
    let spec = std::fs::read_to_string(SPEC).unwrap();
    let dir = temp_dir("no-data-line");
    let path = dir.join("index.cix");
    std::fs::write(&path, spec.replace("data \"cities.csv\" key 城市", "")).unwrap();
    cix()
        .arg("run")
        .arg(&path)
        .args(["--data", "examples/smart-city-2015/cities.csv"])
        .assert()
        .code(0)
        .stderr("");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_spec_without_data_is_checked_alone_even_with_errors() {
    let dir = temp_dir("no-data-errors");
    let spec = dir.join("index.cix");
    std::fs::write(
        &spec,
        "index \"t\" {\n  indicator a 10\n  indicator b 5\n  total 总分 20\n}\n",
    )
    .unwrap();
    cix()
        .arg("check")
        .arg(&spec)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E107"))
        // `cix check` needs no data: no word about a missing data file.
        .stderr(predicate::str::contains("E106").not());
    std::fs::remove_dir_all(dir).ok();
}
