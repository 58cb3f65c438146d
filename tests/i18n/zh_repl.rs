//! A Chinese query session in the REPL, end to end: the binary through a pipe answers a session
//! typed in Chinese exactly as the same session typed in English; errors keep the session going
//! and say what to do; completion offers the Chinese words. (Messages in English here: the
//! keywords, not the language of the messages, are under test.)

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// In process, the library speaks English for these tests (the language is one setting).
fn en<T>(f: impl FnOnce() -> T) -> T {
    crate::speaking(cix::lang::Lang::En, f)
}

const SPEC: &str = "examples/smart-city-2015/index.cix";

/// The same session in both languages, line by line.
const SESSION: &[(&str, &str)] = &[
    ("前十 按 智慧服务 在 华南", "top ten by 智慧服务 in 华南"),
    ("后5 按 总分", "bottom 5 by 总分"),
    ("均值 总分 按 区域", "mean 总分 by 区域"),
    ("杭州 的排名", "rank of 杭州"),
    ("比较 杭州，宁波，深圳", "compare 杭州, 宁波, 深圳"),
    ("显示 杭州", "show 杭州"),
    (
        "筛选 区域 = 华东 且 智慧服务 >= 10 排序 总分 降序",
        "where 区域 = 华东 and 智慧服务 >= 10 sort 总分 desc",
    ),
    (":format csv", ":format csv"),
    ("计数 按 行政级别", "count by 行政级别"),
    (
        "前三 按 总分 每 区域 显示 总分，得分率",
        "top 3 by 总分 per 区域 show 总分, 得分率",
    ),
    ("解释 杭州 智慧基础设施", "explain 杭州 智慧基础设施"),
];

fn pipe(input: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cix"))
        .args(["repl", SPEC])
        .env("CIX_LANG", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_chinese_session_through_a_pipe_answers_as_the_english_one() {
    let zh: String = SESSION.iter().map(|l| format!("{}\n", l.0)).collect();
    let en: String = SESSION.iter().map(|l| format!("{}\n", l.1)).collect();
    let (zh_code, zh_out, zh_err) = pipe(&zh);
    let (en_code, en_out, en_err) = pipe(&en);
    assert_eq!((zh_code, en_code), (Some(0), Some(0)), "{zh_err}\n{en_err}");
    assert_eq!(zh_out, en_out);
    assert_eq!(zh_err, en_err);
    for answer in [
        "肇庆",
        "杭州",
        "宁波",
        "深圳",
        "基础网络建设水平",
        "地级市,115",
    ] {
        assert!(zh_out.contains(answer), "{answer}: {zh_out}");
    }
}

#[test]
fn errors_in_a_chinese_session_say_what_to_do_and_the_session_goes_on() {
    let (code, out, err) =
        pipe("前十 按 智慧服物 在 华南\n前十 按总分\n前十 按 智慧服务在华南\n杭州 的排名\n");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("did you mean `智慧服务`?"), "{err}");
    assert!(
        err.contains("a keyword is a whole word: write `按 总分`"),
        "{err}"
    );
    assert!(err.contains("did you mean `智慧服务 在 华南`?"), "{err}");
    // The last line is still answered.
    assert!(out.contains("杭州") && out.contains("76.98"), "{out}");
}

#[test]
fn the_session_backend_and_completion() {
    en(|| {
        let (mut s, diags) = cix::repl::Session::open(Path::new(SPEC), None);
        assert!(diags.is_empty());
        let r = s.eval("前十 按 智慧服务 在 华南");
        assert!(r.out.contains("肇庆") && r.err.is_empty(), "{}", r.err);
        let r = s.eval("后10 按 总分");
        assert!(r.out.contains("钦州") && r.err.is_empty(), "{}", r.err);
        let v = s.vocabulary();
        let has = |before: &str, w: &str| v.candidates(before).iter().any(|x| x == w);
        assert!(has("", "前十") && has("", "均值") && has("", "比较"));
        assert!(has("前十 按 ", "智慧服务") && has("前十 按 智慧服务 ", "在"));
        assert!(has("前十 按 智慧服务 在 ", "华南") && has("前十 按 智慧服务 在 ", "省会"));
        assert!(has("比较 杭州，", "宁波") && has("杭州 ", "的排名"));
        assert!(
            !has("前十 按 智慧服务 ", "in"),
            "a Chinese line is offered Chinese words"
        );
    })
}
