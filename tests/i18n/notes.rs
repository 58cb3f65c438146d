//! Notes under query tables and the statistics' headings speak the chosen language, with no
//! mixed sentence; CSV and JSON keep their English keys in both languages.

use crate::common::cix;

const SPEC: &str = "examples/smart-city-2015/index.cix";

/// `cix --lang LANG query SPEC QUERY [ARGS…]`: stdout, which must succeed.
fn query(lang: &str, q: &str, more: &[&str]) -> String {
    let out = cix()
        .args(["--lang", lang, "query", SPEC, q])
        .args(more)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of a table's output after its rule: rows and then the notes.
fn notes(table: &str) -> Vec<&str> {
    table
        .lines()
        .filter(|l| !l.starts_with(|c: char| c.is_ascii_digit()) && !l.contains('─'))
        .collect()
}

#[test]
fn a_session_in_chinese_and_in_english() {
    for lang in ["zh", "en"] {
        let mut session = String::new();
        for q in [
            "top 3 by 智慧服务 in 华南",
            "mean 总分 by 区域",
            "show 杭州",
            "stats 智慧服务",
        ] {
            session.push_str(&format!("» {q}\n{}\n", query(lang, q, &[])));
        }
        insta::assert_snapshot!(format!("session_{lang}"), session);
    }
}

#[test]
fn chinese_notes_have_no_english_sentence() {
    for q in [
        "mean 总分 by 区域",
        "show 杭州",
        "stats 智慧服务",
        "top 2 by 总分",
    ] {
        let out = query("zh", q, &[]);
        for line in notes(&out) {
            let prose = crate::catalogue::prose(line);
            for english in [
                " among ",
                " units",
                "left out",
                " by ",
                "mean ÷",
                "quartiles",
            ] {
                assert!(!prose.contains(english), "`{q}`: {line}");
            }
        }
    }
}

#[test]
fn headings_follow_the_language_in_tables_only() {
    let zh = query("zh", "mean 总分 by 区域", &[]);
    assert!(zh.lines().next().unwrap().contains("均值"), "{zh}");
    assert!(zh.contains("得分率 = 均值 ÷"), "{zh}");
    let md = query("zh", "mean 总分 by 区域", &["--format", "md"]);
    assert!(md.contains("| 数量 | 均值 | 得分率 |"), "{md}");
    let en = query("en", "mean 总分 by 区域", &[]);
    assert!(en.lines().next().unwrap().contains("mean"), "{en}");
    // The machine contract: CSV headers and JSON keys are the same in both languages.
    for format in ["csv", "json"] {
        let zh = query("zh", "mean 总分 by 区域", &["--format", format]);
        let en = query("en", "mean 总分 by 区域", &["--format", format]);
        let head = |s: &str| s.lines().next().unwrap_or("").to_string();
        if format == "csv" {
            assert_eq!(head(&zh), head(&en));
            assert!(head(&zh).ends_with(",n,mean,rate"), "{zh}");
        } else {
            let keys = |s: &str| -> serde_json::Value {
                let v: serde_json::Value = serde_json::from_str(s).unwrap();
                v["columns"].clone()
            };
            assert_eq!(keys(&zh), keys(&en), "{zh}");
        }
    }
}
