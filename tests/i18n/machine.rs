//! CSV and JSON are the machine contract (branch zh-rest): the same bytes whatever language the
//! session speaks. Only the names a spec or its data give (units, nodes, groups) appear as
//! written; every word cix adds to a cell (`indicator`, `yes`, `all`, `1 / 11 (浙江)`) is the
//! machine's English in both languages. Tables and Markdown stay translated.

use crate::common::cix;

const SC2015: &str = "examples/smart-city-2015/index.cix";
const COVERAGE: &str = "tests/treatment/data/coverage.cix";
const YEARS: &str = "tests/groups/specs/years.cix";

/// (spec, query): the docs' examples and the queries whose cells cix writes words into.
const QUERIES: &[(&str, &str)] = &[
    (SC2015, "rank of 杭州"),
    (SC2015, "rank by 总分 per 区域 show 总分, 得分率"),
    (SC2015, "top 1 by 总分 per 区域"),
    (SC2015, "show 杭州"),
    (SC2015, "compare 杭州, 宁波, 深圳"),
    (SC2015, "stats 总分 by 行政级别"),
    (SC2015, "mean 总分 by 区域"),
    (SC2015, "count by 行政级别"),
    (SC2015, "histogram 总分 step 10"),
    (SC2015, "corr 智慧管理, 智慧服务, 智慧经济 with p"),
    (SC2015, "weights of 智慧服务"),
    (
        SC2015,
        "where 区域 = 华北 where 总分 >= 35 sort 行政级别, 总分 desc",
    ),
    (COVERAGE, "coverage all"),
    (COVERAGE, "coverage below 70%"),
    (COVERAGE, "outliers"),
    (COVERAGE, "stats a"),
    (COVERAGE, "corr a, c spearman"),
    (COVERAGE, "rank by c show c"),
    (YEARS, "change 总分 from 2016"),
    (YEARS, "change mean 总分 by 区域 from 2016"),
    (YEARS, "measure 区域前一 at 2017"),
    (YEARS, "rank by 总分 at 三年综合 show 甲, 乙, 总分"),
    ("examples/guoheng-2017-2018/index.cix", "measure 组均得分率"),
    ("examples/sdg-style/index.cix", "dashboard lights"),
    (
        "examples/imd-style/index.cix",
        "rank by 总分 in 第二组 show HDI, HDI组, 评级, 总分",
    ),
    (
        "examples/smart-city-2021/index.cix",
        "mean 发展水平指数 by 梯队, 行政级别",
    ),
    (
        "examples/raw-scoring/robust.cix",
        "uncertainty of 宁波, 太原",
    ),
    ("tests/answers/xyzw.cix", "stats a"),
];

/// What `cix ARGS --lang LANG` writes on stdout (it must succeed).
fn stdout(args: &[&str], lang: &str) -> String {
    let out = cix().args(args).args(["--lang", lang]).output().unwrap();
    assert!(
        out.status.success(),
        "cix {args:?} --lang {lang}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The same bytes in both languages; returns them.
fn same_in_both(args: &[&str]) -> String {
    let en = stdout(args, "en");
    let zh = stdout(args, "zh");
    assert_eq!(
        en, zh,
        "cix {args:?}: CSV/JSON differ between --lang en and zh"
    );
    en
}

#[test]
fn query_csv_and_json_are_the_same_bytes_in_both_languages() {
    for (spec, query) in QUERIES {
        for format in ["csv", "json"] {
            let out = same_in_both(&["query", spec, query, "--format", format]);
            assert!(
                !out.trim().is_empty(),
                "{spec}: `{query}` --format {format}"
            );
        }
    }
}

#[test]
fn the_words_cix_writes_into_cells_are_english_there_and_translated_in_tables() {
    let csv = same_in_both(&["query", COVERAGE, "coverage all", "--format", "csv"]);
    assert!(csv.lines().any(|l| l.starts_with("indicator,")), "{csv}");
    let table = stdout(&["query", COVERAGE, "coverage all"], "zh");
    assert!(table.contains("指标"), "{table}");
    let csv = same_in_both(&["query", SC2015, "rank of 杭州", "--format", "csv"]);
    assert!(csv.contains("1 / 11 (浙江)"), "{csv}");
    let table = stdout(&["query", SC2015, "rank of 杭州"], "zh");
    assert!(table.contains("1 / 11（浙江）"), "{table}");
    let json = same_in_both(&[
        "query",
        YEARS,
        "measure 区域前一 at 2017",
        "--format",
        "json",
    ]);
    assert!(!json.contains("全部"), "{json}");
}

#[test]
fn commands_write_the_same_csv_and_json_in_both_languages() {
    for format in ["csv", "json"] {
        same_in_both(&["run", SC2015, "--format", format]);
        same_in_both(&["explain", SC2015, "杭州", "--format", format]);
    }
}

#[test]
fn an_inferred_maximum_is_noted_in_the_sessions_language() {
    let spec = "tests/i18n/fixtures/inferred.cix";
    let en = stdout(&["query", spec, "show X"], "en");
    assert!(
        en.contains("the maximum of b (10) is inferred, not published: not published"),
        "{en}"
    );
    let zh = stdout(&["query", spec, "show X"], "zh");
    assert!(zh.contains("「b」的满分（10）为推定，并非公布值"), "{zh}");
    assert!(!zh.contains(" of b"), "{zh}");
}

#[test]
fn w421_of_one_unit_is_singular_english() {
    let out = cix()
        .args([
            "query",
            "examples/sdg-style/index.cix",
            "dashboard lights",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 unit has no score at"), "{err}");
}
