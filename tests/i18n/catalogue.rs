//! Every catalogue entry has its English and Chinese text with the same placeholders; every key
//! is used in `src/` and every key `src/` uses exists; English is English and Chinese is Chinese.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One catalogue entry: the file it is in, its key, and its texts by locale.
pub struct Entry {
    pub file: String,
    pub key: String,
    pub texts: BTreeMap<String, String>,
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// Every entry of every `locales/*.yml`, parsed as rust-i18n's `_version: 2` format.
pub fn entries() -> Vec<Entry> {
    let mut paths = Vec::new();
    files(Path::new("locales"), "yml", &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no catalogue in locales/");
    let mut out = Vec::new();
    for path in paths {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: serde_yaml::Mapping = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{file} is not a YAML mapping: {e}"));
        let version = doc.get("_version").and_then(serde_yaml::Value::as_u64);
        assert_eq!(version, Some(2), "{file} must start with `_version: 2`");
        for (key, value) in doc {
            let key = key
                .as_str()
                .unwrap_or_else(|| panic!("{file}: a key that is not text"));
            if key == "_version" {
                continue;
            }
            let map = value
                .as_mapping()
                .unwrap_or_else(|| panic!("{file}: `{key}` must map locales to texts"));
            let texts = map
                .iter()
                .map(|(l, t)| {
                    let l = l.as_str().unwrap().to_string();
                    let t = t
                        .as_str()
                        .unwrap_or_else(|| panic!("{file}: `{key}`.{l} is not text"));
                    (l, t.to_string())
                })
                .collect();
            out.push(Entry {
                file: file.clone(),
                key: key.to_string(),
                texts,
            });
        }
    }
    out
}

/// The `%{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("%{") {
        let after = &rest[i + 2..];
        let Some(j) = after.find('}') else { break };
        out.insert(&after[..j]);
        rest = &after[j + 1..];
    }
    out
}

#[test]
fn every_key_has_both_languages_and_the_same_placeholders() {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for e in entries() {
        let stem = Path::new(&e.file).file_stem().unwrap().to_str().unwrap();
        if !e.key.starts_with(&format!("{stem}.")) {
            problems.push(format!("{}: `{}` must start with `{stem}.`", e.file, e.key));
        }
        if let Some(other) = seen.insert(e.key.clone(), e.file.clone()) {
            problems.push(format!("`{}` is in {other} and {}", e.key, e.file));
        }
        let locales: Vec<&str> = e.texts.keys().map(String::as_str).collect();
        if locales != ["en", "zh-CN"] {
            problems.push(format!(
                "{}: `{}` has {locales:?}, not en and zh-CN",
                e.file, e.key
            ));
            continue;
        }
        let (en, zh) = (&e.texts["en"], &e.texts["zh-CN"]);
        if en.trim().is_empty() || zh.trim().is_empty() {
            problems.push(format!("{}: `{}` has an empty text", e.file, e.key));
        }
        if placeholders(en) != placeholders(zh) {
            problems.push(format!(
                "{}: `{}` placeholders differ: en {:?}, zh-CN {:?}",
                e.file,
                e.key,
                placeholders(en),
                placeholders(zh)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The string literal right after each `t!(` and `text(` call in a Rust text (the catalogue
/// lookups: the library's macro and `cix::lang::text` for the binary).
pub fn keys_looked_up(src: &str) -> Vec<String> {
    // Comments show the call's shape with made-up keys.
    let code: String = src
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let src = code.as_str();
    let mut out = Vec::new();
    for call in ["t!(", "text("] {
        let mut from = 0;
        while let Some(i) = src[from..].find(call) {
            let at = from + i;
            from = at + call.len();
            if src[..at].chars().next_back().is_some_and(is_ident) {
                continue; // assert!( or context(
            }
            let rest = src[from..].trim_start();
            let Some(lit) = rest.strip_prefix('"') else {
                continue;
            };
            if let Some(end) = lit.find('"') {
                out.push(lit[..end].to_string());
            }
        }
    }
    out
}

fn sources() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    files(Path::new("src"), "rs", &mut paths);
    paths
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_key_is_used_and_every_key_used_exists() {
    let entries = entries();
    let known: BTreeSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    let sources = sources();
    let mut problems = Vec::new();
    for (file, src) in &sources {
        for key in keys_looked_up(src) {
            if !known.contains(key.as_str()) {
                problems.push(format!("{file}: `{key}` is in no catalogue"));
            }
        }
    }
    let codes: BTreeSet<&str> = cix::codes::ALL.iter().map(|c| c.id).collect();
    for e in &entries {
        // A code's title is looked up by its code (`codes.E104`), from the registry.
        if let Some(code) = e.key.strip_prefix("codes.") {
            if !codes.contains(code) {
                problems.push(format!("{}: `{}` is not a code", e.file, e.key));
            }
            continue;
        }
        let quoted = format!("\"{}\"", e.key);
        if !sources.iter().any(|(_, src)| src.contains(&quoted)) {
            problems.push(format!("{}: `{}` is used nowhere in src/", e.file, e.key));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// A text without what stays the same in both languages: placeholders, and names, keywords and
/// examples quoted in backticks, 「」 or “”.
pub fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut closing: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(end) = closing {
            if c == end {
                closing = None;
            }
            continue;
        }
        match c {
            '`' => closing = Some('`'),
            '「' => closing = Some('」'),
            '“' => closing = Some('”'),
            '%' if chars.peek() == Some(&'{') => closing = Some('}'),
            _ => out.push(c),
        }
    }
    out
}

/// Whether a text has a word of two or more letters.
fn english_words(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 2)
}

/// Two English words in a row (letters only, two or more each): a sentence left untranslated.
fn english_phrase(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
        .flat_map(|run| {
            // a run of words separated by single spaces
            let ws: Vec<&str> = run.split(' ').filter(|w| w.len() >= 2).collect();
            (ws.len() >= 2 && !run.trim().contains("  ")).then(|| run.trim())
        })
        .collect();
    words.first().map(|w| w.to_string())
}

#[test]
fn english_is_english_and_chinese_is_chinese() {
    let mut problems = Vec::new();
    for e in entries() {
        let (Some(en), Some(zh)) = (e.texts.get("en"), e.texts.get("zh-CN")) else {
            continue;
        };
        if prose(en).chars().any(is_cjk) {
            problems.push(format!(
                "{}: `{}` en has Chinese outside quotes: {en}",
                e.file, e.key
            ));
        }
        let zh_prose = prose(zh);
        // A text with English words needs Chinese ones (a separator or a bracket need not).
        let has_words = english_words(&prose(en));
        if has_words && !zh.chars().any(is_cjk) {
            problems.push(format!(
                "{}: `{}` zh-CN has no Chinese: {zh}",
                e.file, e.key
            ));
        }
        if let Some(phrase) = english_phrase(&zh_prose) {
            problems.push(format!(
                "{}: `{}` zh-CN has English outside quotes (`{phrase}`): {zh}",
                e.file, e.key
            ));
        }
        for ascii in [',', ';', '?', '('] {
            if zh_prose.contains(ascii) {
                problems.push(format!(
                    "{}: `{}` zh-CN uses `{ascii}` where Chinese writes full-width punctuation: {zh}",
                    e.file, e.key
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_catch_what_they_should() {
    assert_eq!(
        keys_looked_up(r#"assert!("x"); t!("check.a", n = 1); lang::text("cli.b", &[])"#),
        ["check.a", "cli.b"]
    );
    assert_eq!(
        prose("未知指标「智慧服务」，见 `top 10` 与 %{name}"),
        "未知指标，见  与 "
    );
    assert!(english_phrase("did you mean 这个").is_some());
    assert!(english_phrase("CSV 文件的 UTF-8 编码").is_none());
    assert_eq!(placeholders("a %{x} b %{y}"), BTreeSet::from(["x", "y"]));
}
