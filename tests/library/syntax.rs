//! The grammar and the parser: keywords as whole words, names that start with digits, errors in
//! the user's words (did you mean, unclosed brackets and strings), numerals, nesting depth.

use cix::diag::Diag;
use cix::source::Source;
use cix::syntax::ast::{Item, Query, RankKind};
use cix::syntax::{parse_query, parse_spec, MAX_DEPTH};

fn spec(text: &str) -> Result<cix::syntax::ast::Spec, Diag> {
    parse_spec(&Source::new("t.cix", text.to_string()))
}

fn spec_err(text: &str) -> Diag {
    match spec(text) {
        Ok(_) => panic!("expected an error for {text:?}"),
        Err(d) => d,
    }
}

fn query(text: &str) -> Result<Query, Diag> {
    parse_query(&Source::new("query", text.to_string())).map(|q| q.node)
}

fn query_err(text: &str) -> Diag {
    match query(text) {
        Ok(q) => panic!("expected an error for {text:?}, got {q:?}"),
        Err(d) => d,
    }
}

fn top_count(text: &str) -> usize {
    match query(text) {
        Ok(Query::Rank(r)) => match r.kind {
            RankKind::Top(n) => n,
            other => panic!("{other:?}"),
        },
        other => panic!("{text}: {other:?}"),
    }
}

/// Every indicator name of a spec, depth first.
fn indicator_names(s: &cix::syntax::ast::Spec) -> Vec<String> {
    fn walk(d: &cix::syntax::ast::IndicatorDecl, out: &mut Vec<String>) {
        out.push(d.name.node.clone());
        for c in &d.children {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for item in &s.items {
        if let Item::Indicator(d) = item {
            walk(d, &mut out);
        }
    }
    out
}

#[test]
fn a_keyword_never_matches_the_start_of_a_longer_word() {
    let s = spec(
        "index \"x\" {\n  report r = rank by 总分 in 华东\n  indicator information 5 { indicators 3  index2 2 }\n  indicator 甲 5\n}\n",
    )
    .unwrap();
    assert_eq!(
        indicator_names(&s),
        ["information", "indicators", "index2", "甲"]
    );
    // `meanx` is a name, not `mean` glued to `x`; `inx` is not `in x`.
    assert!(query_err("meanx 总分").message.contains("`meanx`"));
    let q = query("rank by 总分 show inx").unwrap();
    assert!(format!("{q:?}").contains("\"inx\""), "{q:?}");
    assert!(query("top 5 by 总分 in华东").is_err());
}

#[test]
fn names_may_start_with_digits() {
    let s = spec("index \"x\" {\n  indicator 5G基础设施 5 { 2020年GDP 5 }\n}\n").unwrap();
    assert_eq!(indicator_names(&s), ["5G基础设施", "2020年GDP"]);
    let q = query("top 5 by 2020年GDP where 网络 = 5G").unwrap();
    let text = format!("{q:?}");
    assert!(
        text.contains("\"2020年GDP\"") && text.contains("\"5G\""),
        "{text}"
    );
}

#[test]
fn a_keyword_where_a_name_is_expected_gets_a_hint_to_quote_it() {
    let d = query_err("mean 总分 by group");
    assert!(d.help.as_deref().unwrap().contains("\"group\""), "{d:?}");
    let d = spec_err("index \"x\" {\n  attributes 区域, mean\n}\n");
    assert!(d.help.as_deref().unwrap().contains("\"mean\""), "{d:?}");
    assert_eq!(d.location().unwrap(), "t.cix:2:18");
}

#[test]
fn a_misspelt_keyword_gets_did_you_mean() {
    let d = spec_err("index \"x\" {\n  indicatr 甲 5\n}\n");
    assert!(d.help.as_deref().unwrap().contains("`indicator`"), "{d:?}");
    let d = spec_err("index \"x\" {\n  indicator 甲 5 { from a score minmx }\n}\n");
    assert!(d.help.as_deref().unwrap().contains("`minmax`"), "{d:?}");
    let d = query_err("rnak by 总分");
    assert!(d.help.as_deref().unwrap().contains("`rank`"), "{d:?}");
    // The expectation is said in words, never as a rule name.
    for d in [
        query_err("rnak by 总分"),
        query_err("top 5 总分"),
        spec_err("index \"x\" { indicator 甲 }"),
    ] {
        let label = &d.labels[0].1;
        assert!(!label.contains('_') && !label.contains("w_"), "{label}");
    }
}

#[test]
fn an_unclosed_brace_is_reported_where_it_opens() {
    let text = "index \"x\" {\n  indicator 甲 5 {\n    乙 5\n  indicator 丙 5 { 丁 5 }\n}\n";
    let d = spec_err(text);
    assert_eq!(d.code.id, "E005");
    assert_eq!(d.location().unwrap(), "t.cix:2:17");
    assert!(d.help.is_some());
    // Without indentation to go by: the innermost brace left open.
    let d = spec_err("index \"x\" { indicator 甲 5 { 乙 5 }");
    assert_eq!(d.location().unwrap(), "t.cix:1:11");
    let d = query_err("where 区域 in [华东, 华南");
    assert_eq!(
        (d.code.id, d.location().unwrap().as_str()),
        ("E005", "query:1:13")
    );
}

#[test]
fn an_unclosed_string_is_reported_at_its_opening_quote() {
    let d = spec_err("index \"x\" {\n  indicator 甲 5 \"a description\n  indicator 乙 5\n}\n");
    assert_eq!(d.code.id, "E006");
    assert_eq!(d.location().unwrap(), "t.cix:2:17");
    assert!(d.help.is_some());
}

#[test]
fn counts_in_chinese_numerals_and_full_width_digits() {
    for (text, n) in [
        ("top 十五 by 总分", 15),
        ("top 二十五 by 总分", 25),
        ("top ５ by 总分", 5),
        ("top １２ by 总分", 12),
        ("top 十 by 总分", 10),
        ("top ten by 总分", 10),
        ("top 两百 by 总分", 200),
        ("top 一百零五 by 总分", 105),
        ("top 九千九百九十九 by 总分", 9999),
        ("top 一万 by 总分", 10000),
        ("top 二〇二〇 by 总分", 2020),
        ("top 零 by 总分", 0),
    ] {
        assert_eq!(top_count(text), n, "{text}");
    }
    let d = query_err("top 99999999999999999999999 by 总分");
    assert_eq!(d.location().unwrap(), "query:1:5");
    let d = query_err("top 九九万万万 by 总分");
    assert_eq!(d.location().unwrap(), "query:1:5");
    let d = query_err("top 十十 by 总分");
    assert_eq!(d.location().unwrap(), "query:1:5");
}

fn nested(depth: usize) -> String {
    let mut s = String::from("index \"x\" {\n");
    for i in 0..depth {
        let keyword = if i == 0 { "indicator " } else { "" };
        s.push_str(&format!("{keyword}a{i} 1 {{\n"));
    }
    s.push_str("leaf 1\n");
    for _ in 0..depth {
        s.push_str("}\n");
    }
    s.push_str("}\n");
    s
}

/// A small stack: 512 KiB, a quarter of a spawned thread's default. (pest itself refuses to go
/// on with less than 64 KiB left; an unoptimised build takes about 5 KiB per level.)
const STACK: usize = 512 * 1024;

/// Run on a thread with a small stack, so that a recursion that grows with the input shows.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_nesting_is_a_located_error_not_a_stack_overflow() {
    for depth in [MAX_DEPTH, 6_000, 20_000, 100_000] {
        let text = nested(depth);
        let (code, loc) = on_small_stack(move || {
            let d = spec_err(&text);
            (d.code.id, d.location())
        });
        assert_eq!(code, "E007", "{depth}");
        // The first brace beyond the limit: the index's own brace is the first level.
        let col = format!("a{} 1 ", MAX_DEPTH - 1).len() + 1;
        let want = format!("t.cix:{}:{col}", MAX_DEPTH + 1);
        assert_eq!(loc.as_deref(), Some(want.as_str()), "{depth}");
    }
    // Just within the limit it parses, on the same small stack.
    let ok = nested(MAX_DEPTH - 1);
    let r = on_small_stack(move || spec(&ok).err().map(|d| format!("{d:?}")));
    assert_eq!(r, None);
    // Brackets in a query count too; in strings and comments they do not.
    let q = format!("where a in {}", "[".repeat(100_000));
    let code = on_small_stack(move || query_err(&q).code.id);
    assert_eq!(code, "E007");
    let text = format!(
        "index \"{}\" {{ # {}\n}}\n",
        "{".repeat(500),
        "[".repeat(500)
    );
    assert!(spec(&text).is_ok());
}

#[test]
fn deep_nesting_through_the_binary_check_and_query() {
    let dir = crate::common::temp_dir("deep");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("deep.cix");
    std::fs::write(&path, nested(100_000)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cix"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E007") && stderr.contains("deep.cix:65:"),
        "{stderr}"
    );
    let query = format!("where 区域 in {}华东", "[".repeat(20_000));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cix"))
        .args(["query", "examples/smart-city-2015/index.cix", &query])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E007"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_keyword_glued_to_a_name_gets_a_hint() {
    let d = query_err("top 10 by总分");
    assert_eq!(d.location().unwrap(), "query:1:8");
    assert!(d.help.unwrap().contains("`by 总分`"));
}

/// Token soup from a fixed generator through every entry point of the syntax: an answer or a
/// located diagnostic, never a panic.
#[test]
fn token_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "index",
        "\"x\"",
        "{",
        "}",
        "[",
        "]",
        "（",
        "indicator",
        "in",
        "indicatr",
        "甲",
        "5",
        "5G",
        "10%",
        "top",
        "十五",
        "by",
        "总分",
        "where",
        "=",
        "且",
        ",",
        "#",
        "\n",
        " ",
        "“",
        "”",
        "：",
        ":help",
        "why",
        "…",
        "->",
        "score",
        "minmax",
        "rubric",
        "report",
        "¥",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3_000 {
        let len = next() % 30;
        let text: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ");
        let source = Source::new("soup", text.clone());
        let errors = [
            spec(&text).err(),
            query(&text).err(),
            cix::syntax::parse_repl_line(&source).err(),
        ];
        for d in errors.into_iter().flatten() {
            assert!(d.location().is_some(), "{text:?}: {d:?}");
            let _ = cix::diag::render_plain(&[d]);
        }
        let _ = cix::syntax::needs_more(&text);
    }
}
