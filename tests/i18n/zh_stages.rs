//! The notes, table headings and cells of the later stages (explain, weights, correlations,
//! histograms, the outlier list, coverage, scalar intervals, rank intervals, sensitivity and
//! coherence) speak the chosen language: a Chinese session snapshotted in both languages, and
//! no English word left in the Chinese one but the users' names, values and codes.

use std::collections::BTreeSet;
use std::process::Command;

const CITIES: &str = "examples/smart-city-2015/index.cix";
const GII: &str = "examples/gii-style/index.cix";
const ROBUST: &str = "examples/raw-scoring/robust.cix";
const RAW: &str = "examples/raw-scoring/index.cix";

/// Every command of the session: cix's arguments after `--lang LANG`.
fn session() -> Vec<Vec<&'static str>> {
    vec![
        vec!["query", CITIES, "权重 智慧服务"],
        vec!["query", CITIES, "相关 智慧管理，智慧服务，智慧经济"],
        vec!["query", CITIES, "相关 智慧管理，智慧服务 斯皮尔曼"],
        vec!["query", CITIES, "相关 智慧管理，智慧服务 p值"],
        vec!["query", CITIES, "直方图 总分 分界 30, 50, 70"],
        vec!["query", CITIES, "均值 总分 在 省会 - 均值 总分 在 地级市"],
        vec!["query", CITIES, "统计 智慧服务 按 区域"],
        vec!["explain", CITIES, "杭州"],
        vec!["query", GII, "离群值"],
        vec!["query", RAW, "覆盖率 低于 90%"],
        vec!["query", RAW, "显示 宁波"],
        vec!["explain", RAW, "宁波"],
        vec!["explain", GII, "Aldoria"],
        vec!["uncertainty", ROBUST, "--runs", "200", "--top", "5"],
        vec!["coherence", ROBUST],
    ]
}

/// `cix --lang LANG ARGS…`: stdout and stderr, which must succeed.
fn run(lang: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cix"))
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?}: {stderr}");
    String::from_utf8(out.stdout).unwrap() + &stderr
}

/// The whole session's output, each answer under its command.
fn transcript(lang: &str) -> String {
    let mut out = String::new();
    for args in session() {
        out.push_str(&format!("» cix {}\n{}\n", args.join(" "), run(lang, &args)));
    }
    out
}

#[test]
fn a_later_stages_session_in_both_languages() {
    for lang in ["zh", "en"] {
        insta::assert_snapshot!(format!("zh_stages_{lang}"), transcript(lang));
    }
}

/// The ASCII words (three letters or more) of a text outside backticks (spec words, codes) and
/// 「」 (the user's names).
fn ascii_words(text: &str) -> Vec<String> {
    crate::catalogue::prose(text)
        .split(|c: char| !c.is_ascii_alphabetic() && c != '_')
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .map(str::to_string)
        .collect()
}

/// The users' own words: every ASCII word of the specs' data files and of the node names, and
/// the names of software whose conventions the notes cite.
fn names_and_values() -> BTreeSet<String> {
    let mut known = BTreeSet::new();
    for data in [
        "examples/smart-city-2015/cities.csv",
        "examples/gii-style/economies.csv",
        "examples/raw-scoring/raw.csv",
    ] {
        let text = std::fs::read_to_string(data).unwrap();
        known.extend(ascii_words(&text));
    }
    for spec in [CITIES, GII, RAW] {
        // The node names, from the machine output of `weights` (the same in both languages).
        let csv = run("en", &["query", spec, "weights", "--format", "csv"]);
        for line in csv.lines().skip(1) {
            let name = line
                .trim_start_matches('\u{feff}')
                .split(',')
                .next()
                .unwrap();
            known.extend(ascii_words(name));
        }
    }
    // Software the notes name as the source of a convention.
    known.extend(["Excel", "SPSS"].map(String::from));
    known
}

#[test]
fn the_chinese_session_has_no_english_word_but_names_values_and_codes() {
    let known = names_and_values();
    let zh = transcript("zh");
    let mut found = Vec::new();
    for line in zh.lines().filter(|l| !l.starts_with("» ")) {
        for w in ascii_words(line) {
            if !known.contains(&w) {
                found.push(format!("`{w}` in: {line}"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_chinese_why_in_the_repl() {
    let out = crate::common::cix()
        .args(["repl", GII])
        .env("CIX_LANG", "zh")
        .write_stdin("为什么 Aldoria Knowledge\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Aldoria：Knowledge"), "{stdout}");
    assert!(
        stdout.contains("极差标准化，极端值：缩尾（高端）"),
        "{stdout}"
    );
    assert!(stdout.contains("下级指标求和"), "{stdout}");
    for english in ["given points", "outliers:", "sum of children", "rank "] {
        assert!(!stdout.contains(english), "{english}: {stdout}");
    }
}

#[test]
fn machine_output_keeps_its_english_keys() {
    for (args, head) in [
        (
            vec!["query", GII, "outliers", "--format", "csv"],
            "指标,treatment,points,skew,kurtosis,treated skew,treated kurtosis",
        ),
        (
            vec!["query", GII, "coverage all", "--format", "csv"],
            "kind,name,available,of,availability,below 65%",
        ),
        (
            vec![
                "query",
                CITIES,
                "mean 总分 in 省会 - mean 总分 in 地级市",
                "--format",
                "csv",
            ],
            "query,value,low,high",
        ),
    ] {
        let first = |lang: &str| {
            run(lang, &args)
                .lines()
                .next()
                .unwrap()
                .trim_start_matches('\u{feff}')
                .to_string()
        };
        assert_eq!(first("zh"), head, "{args:?}");
        assert_eq!(first("en"), head, "{args:?}");
    }
}
