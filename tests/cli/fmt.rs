//! `cix fmt`: one pass is idempotent and keeps the meaning, for every spec in the repository
//! and for variants of each (CRLF, indentation lost, indentation doubled, spaces widened);
//! CRLF files with multi-line strings; encodings kept; deep nesting refused quickly.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::temp_dir;
use cix::edition::fmt::{check_meaning, format};
use cix::source::Source;

fn specs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            specs(&path, out);
        } else if path.extension().is_some_and(|e| e == "cix")
                // A claims file (`cix audit`) is cix text but not a spec.
                && !path.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("claims"))
        {
            out.push(path);
        }
    }
}

/// Texts derived from a spec that a user might plausibly have written.
fn variants(text: &str) -> Vec<String> {
    let unindented: String = text
        .lines()
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    let doubled: String = text
        .lines()
        .map(|l| {
            let n = l.len() - l.trim_start().len();
            format!("{}{}\n", " ".repeat(n * 2), l.trim_start())
        })
        .collect();
    let widened = text.replace(", ", " ,  ").replace(" {", "   {");
    vec![
        text.to_string(),
        text.replace('\n', "\r\n"),
        unindented,
        doubled,
        widened,
        format!("\n\n{text}\n\n\n"),
    ]
}

#[test]
fn one_pass_is_idempotent_and_keeps_the_meaning() {
    let mut files = Vec::new();
    specs(Path::new("examples"), &mut files);
    specs(Path::new("tests/corpus"), &mut files);
    assert!(files.len() > 20, "{}", files.len());
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, v) in variants(&text).into_iter().enumerate() {
            let once = format(&v);
            assert_eq!(
                format(&once),
                once,
                "{} (variant {i}) is not formatted in one pass",
                path.display()
            );
            let source = Source::new(path.display().to_string(), v.clone());
            if cix::syntax::parse_spec(&source).is_ok() {
                check_meaning(&source, &once)
                    .unwrap_or_else(|d| panic!("{} (variant {i}): {d:?}", path.display()));
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

fn cix_fmt(path: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cix"))
        .arg("fmt")
        .arg(path)
        .output()
        .unwrap()
}

const SPEC: &str =
    "index \"x\" {\n      indicator 甲 5 \"第一行\n第二行\" { 乙 5 }\n  total 总分\n}\n";

#[test]
fn a_crlf_file_with_a_multi_line_string_formats() {
    let dir = temp_dir("crlf");
    let path = dir.join("a.cix");
    std::fs::write(&path, SPEC.replace('\n', "\r\n")).unwrap();
    let out = cix_fmt(&path);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, format(SPEC));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn fmt_keeps_a_byte_order_mark_and_gbk() {
    let dir = temp_dir("enc");
    let bom = dir.join("bom.cix");
    std::fs::write(&bom, format!("\u{FEFF}{SPEC}")).unwrap();
    assert_eq!(cix_fmt(&bom).status.code(), Some(0));
    let bytes = std::fs::read(&bom).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "the BOM is kept");
    assert_eq!(&bytes[3..], format(SPEC).as_bytes());

    let gbk = dir.join("gbk.cix");
    let (encoded, _, _) = encoding_rs::GB18030.encode(SPEC);
    std::fs::write(&gbk, &encoded).unwrap();
    let out = cix_fmt(&gbk);
    assert_eq!(out.status.code(), Some(0));
    let bytes = std::fs::read(&gbk).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "still GBK");
    let (decoded, _, _) = encoding_rs::GB18030.decode(&bytes);
    assert_eq!(decoded, format(SPEC));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn deep_nesting_is_refused_and_the_file_left_alone() {
    let dir = temp_dir("deep");
    let path = dir.join("deep.cix");
    let depth = 100_000;
    let text = format!(
        "index \"x\" {{\nindicator a 1 {{\n{}leaf 1\n{}}}\n}}\n",
        "b 1 {\n".repeat(depth),
        "}\n".repeat(depth)
    );
    std::fs::write(&path, &text).unwrap();
    let out = cix_fmt(&path);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E007"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // The pure formatter stays bounded: indentation stops growing at the limit.
    let formatted = format(&text);
    let limit = 2 * cix::syntax::MAX_DEPTH;
    assert!(formatted
        .lines()
        .all(|l| l.len() - l.trim_start().len() <= limit));
    std::fs::remove_dir_all(dir).ok();
}

/// Token soup from a fixed generator: brackets, strings (closed or not, full-width too),
/// comments, commas, `=`, spaces, tabs and line ends in every order.
#[test]
fn one_pass_is_idempotent_on_token_soup() {
    const TOKENS: &[&str] = &[
        "{", "}", "[", "]", "(", ")", "｛", "｝", "\"", "“", "”", "「", "」", "#", ",", "，", "、",
        "=", " ", "  ", "\t", "\u{3000}", "\n", "\r\n", "\n\n\n", "甲", "abc", "5", "%", "# c ",
        "\"s t\"", "→", "\r", "\u{FEFF}", "…", "\\",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let len = next() % 40;
        let text: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect();
        let once = format(&text);
        assert_eq!(format(&once), once, "input {text:?}");
    }
}
