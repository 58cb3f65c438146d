//! The command line in Chinese (branch zh-cli): `--help` of every command in both languages,
//! the Chinese words of chapter 7's queries, and what the commands print.

use crate::common::cix;
use crate::zh_queries::{loaded, plan, tree};

/// (spec, Chinese, English): the queries of language chapter 7 (several years, measures,
/// dashboards), each with its Chinese twin.
pub const CHAPTER_7_PAIRS: &[(&str, &str, &str)] = &[
    (YEARS, "变化 总分 从 2016", "change 总分 from 2016"),
    (
        YEARS,
        "变化 总分 从 2016 到 2017",
        "change 总分 from 2016 to 2017",
    ),
    (
        YEARS,
        "变化 均值 总分 按 区域 从 2016",
        "change mean 总分 by 区域 from 2016",
    ),
    (
        YEARS,
        "变化 总分 从 2016 筛选 区域 = 东",
        "change 总分 from 2016 where 区域 = 东",
    ),
    (YEARS, "度量 区域前一 于 2017", "measure 区域前一 at 2017"),
    (
        "examples/guoheng-2017-2018/index.cix",
        "度量 组均得分率",
        "measure 组均得分率",
    ),
    (
        "examples/sdg-style/index.cix",
        "看板 lights 筛选 region = West",
        "dashboard lights where region = West",
    ),
];

const YEARS: &str = "tests/groups/specs/years.cix";

#[test]
fn chapter_7_queries_in_chinese_resolve_to_the_english_plans() {
    crate::speaking(cix::lang::Lang::En, || {
        for (spec, zh, en) in CHAPTER_7_PAIRS {
            let l = loaded(spec);
            assert_eq!(tree(zh), tree(en), "`{zh}` ≢ `{en}` (tree)");
            assert!(plan(&l, zh) == plan(&l, en), "`{zh}` ≢ `{en}` (plan)");
        }
        let l = loaded(YEARS);
        assert!(plan(&l, "变化 总分 从 2016") != plan(&l, "变化 总分 从 2017"));
    })
}

fn stdout(args: &[&str]) -> String {
    let out = cix().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "cix {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_in_both_languages() {
    insta::assert_snapshot!("help_en", stdout(&["--lang", "en", "--help"]));
    insta::assert_snapshot!("help_zh", stdout(&["--lang", "zh", "--help"]));
    insta::assert_snapshot!("run_help_en", stdout(&["--lang", "en", "run", "--help"]));
    insta::assert_snapshot!("run_help_zh", stdout(&["run", "--help", "--lang", "zh"]));
    // `cix help X` is `cix X --help`; CIX_LANG and the locale choose too.
    assert_eq!(
        stdout(&["--lang", "zh", "help", "run"]),
        stdout(&["--lang", "zh", "run", "--help"])
    );
    let env = cix()
        .env("CIX_LANG", "zh")
        .args(["check", "-h"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&env.stdout).contains("用法：cix check"));
}

/// Two English words in a row outside backticks: an English sentence left in a Chinese help.
/// The command lines of the examples, the query forms' syntax, usage lines and flags are
/// typed as written and are not prose.
fn english_phrase(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    if trimmed.starts_with("cix ") || trimmed.starts_with("echo ") || line.starts_with("用法：")
    {
        return None;
    }
    // A form or a flag, then its description after a run of spaces.
    let indented = line.starts_with("  ");
    if indented && !trimmed.starts_with('-') && !trimmed.contains(|c: char| c > '\u{2fff}') {
        return None; // syntax alone
    }
    let prose = match trimmed.split_once("  ") {
        Some((_, rest)) if indented => rest,
        _ => line,
    };
    let prose = crate::catalogue::prose(prose);
    prose
        .split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
        .map(str::trim)
        .find(|run| run.split(' ').filter(|w| w.len() >= 2).count() >= 2)
        .map(str::to_string)
}

#[test]
fn every_command_helps_in_chinese_without_an_english_sentence() {
    let root = stdout(&["--lang", "zh", "--help"]);
    let commands: Vec<&str> = root
        .lines()
        .skip_while(|l| *l != "命令：")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(commands.len() >= 14, "{root}");
    let mut helps = vec![root.clone()];
    for c in commands.iter().filter(|c| **c != "help") {
        helps.push(stdout(&["--lang", "zh", c, "--help"]));
        helps.push(stdout(&["--lang", "zh", "help", c]));
    }
    for help in &helps {
        for heading in ["用法：", "选项："] {
            assert!(help.contains(heading), "{help}");
        }
        for line in help.lines() {
            assert!(
                english_phrase(line).is_none(),
                "English in a Chinese help: `{line}`\n{help}"
            );
        }
    }
    // The check does catch English.
    assert!(english_phrase("  -h, --help  Print help").is_some());
    assert!(
        english_phrase("Examples:").is_none() && english_phrase("Print this message").is_some()
    );
}

/// `cix diff` in both languages: each kind of thing has its own label (an added assumption
/// is not a 新增指标).
#[test]
fn diff_labels_each_kind_of_thing_in_both_languages() {
    let (old, new) = (
        "tests/groups/specs/rollup_2015.cix",
        "tests/groups/specs/rollup_2016.cix",
    );
    let zh = stdout(&["--lang", "zh", "diff", old, new]);
    assert!(
        zh.contains("新增分组声明") && zh.contains("分组声明修改"),
        "{zh}"
    );
    assert!(!zh.contains("新增指标"), "{zh}");
    let en = stdout(&["--lang", "en", "diff", old, new]);
    assert!(en.contains("group declaration added"), "{en}");
    let (base, robust) = (
        "examples/raw-scoring/index.cix",
        "examples/raw-scoring/robust.cix",
    );
    let zh = stdout(&["--lang", "zh", "diff", base, robust]);
    assert!(zh.contains("新增不确定性假设"), "{zh}");
    assert!(
        !zh.contains("新增指标") && !zh.contains("新增分组声明"),
        "{zh}"
    );
    let en = stdout(&["--lang", "en", "diff", base, robust]);
    assert!(en.contains("assumption added"), "{en}");
    // The machine names stay in CSV in both languages.
    let csv = stdout(&["--lang", "zh", "diff", base, robust, "--format", "csv"]);
    assert!(
        csv.starts_with("change,indicator,old,new,reason\n"),
        "{csv}"
    );
    assert!(csv.contains("\nadded,assume 权重,"), "{csv}");
}

/// A Chinese session through a pipe, end to end: answers, the `:help`, errors with their
/// help, a command's usage; every line the person reads is Chinese (names, values, codes,
/// syntax in backticks aside).
#[test]
fn a_chinese_repl_session_through_a_pipe() {
    let input = "前三 按 总分\n杭州 的排名\n均值 总分 按 区域\n:help\n:relaod\n:format xml\n:load\n前十 按 总份\n:reports\n";
    let out = cix()
        .args(["--lang", "zh", "repl", "examples/smart-city-2015/index.cix"])
        .env("NO_COLOR", "1")
        .write_stdin(input)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for line in stderr.lines() {
        // The snippet echoes the user's input; its labels are cix's words.
        let line = match line.split_once("╰──") {
            Some((_, label)) => label,
            None if line.contains('│') => continue,
            None => line,
        };
        let prose = crate::catalogue::prose(line);
        assert!(
            english_phrase(&prose).is_none(),
            "English in a Chinese session: `{line}`\n{stderr}"
        );
    }
    for want in [
        "未知命令「:relaod」",
        "未知的输出格式「xml」",
        "缺少参数",
        "用法：`:load SPEC`",
    ] {
        assert!(stderr.contains(want), "{want}\n{stderr}");
    }
    insta::assert_snapshot!(
        "repl_session_zh",
        format!("stdin:\n{input}\nstdout:\n{stdout}\nstderr:\n{stderr}")
    );
}
