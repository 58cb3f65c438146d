//! The same diagnostics in Chinese and in English: `LANG=zh_CN.UTF-8 cix check` and
//! `cix --lang en check` print the same codes at the same places, the one in Chinese and the
//! other in English, as the snapshots show.

use crate::common::cix;

const ERRORS: &str = "tests/i18n/fixtures/errors.cix";
const SYNTAX: &str = "tests/i18n/fixtures/syntax.cix";

/// `cix ARGS` in a Chinese locale (no `CIX_LANG`): its exit code and stderr.
fn in_chinese_locale(args: &[&str]) -> (Option<i32>, String) {
    let out = cix()
        .env_remove("CIX_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

/// The codes and `file:line:col` places of a rendered report, in order.
fn codes_and_places(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.len() == 4
            && (t.starts_with('E') || t.starts_with('W'))
            && t[1..].chars().all(|c| c.is_ascii_digit())
        {
            out.push(t.to_string());
        }
        if let (Some(a), Some(b)) = (line.find("─["), line.find(']')) {
            if a < b {
                out.push(line[a + "─[".len()..b].to_string());
            }
        }
    }
    out
}

fn has_cjk_outside_names(line: &str) -> bool {
    crate::catalogue::prose(line)
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

pub fn check_both(spec: &str, name: &str) {
    let (zh_code, zh) = in_chinese_locale(&["check", spec]);
    let (en_code, en) = in_chinese_locale(&["--lang", "en", "check", spec]);
    assert_eq!(zh_code, Some(1));
    assert_eq!(en_code, Some(1));
    let places = codes_and_places(&en);
    assert!(places.len() >= 2, "{en}");
    assert_eq!(codes_and_places(&zh), places, "zh:\n{zh}\nen:\n{en}");
    // The English messages have Chinese only inside names (in backticks), the snippets aside.
    for line in en.lines().filter(|l| l.trim_start().starts_with('×')) {
        assert!(!has_cjk_outside_names(line), "{line}");
    }
    // The Chinese messages are in Chinese.
    for line in zh.lines().filter(|l| l.trim_start().starts_with('×')) {
        assert!(has_cjk_outside_names(line), "{line}");
    }
    insta::assert_snapshot!(format!("{name}_zh"), zh);
    insta::assert_snapshot!(format!("{name}_en"), en);
}

#[test]
fn several_errors_in_both_languages() {
    check_both(ERRORS, "several_errors");
}

#[test]
fn a_syntax_error_in_both_languages() {
    check_both(SYNTAX, "syntax_error");
}

#[test]
fn a_query_in_chinese_keeps_its_code_and_place() {
    let spec = "examples/smart-city-2015/index.cix";
    let (code, zh) = in_chinese_locale(&["query", spec, "top 10 by 智慧服物"]);
    assert_eq!(code, Some(1));
    assert!(zh.contains("E104") && zh.contains("query:1:11"), "{zh}");
    assert!(zh.contains("是不是要写「智慧服务」？"), "{zh}");
}
