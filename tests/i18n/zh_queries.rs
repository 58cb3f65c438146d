//! Chinese query keywords: each Chinese query parses to the same tree and resolves to the same
//! plan as its English twin (`syntax::zh::ALIASES`); names spelt like a keyword stay usable;
//! counts are bounded; a keyword glued to a name gets a hint.

use std::path::Path;

use cix::source::Source;

/// In process, the library speaks English for these tests (the language is one setting).
fn en<T>(f: impl FnOnce() -> T) -> T {
    crate::speaking(cix::lang::Lang::En, f)
}

const SPEC: &str = "examples/smart-city-2015/index.cix";

/// (Chinese, English) pairs over the 2015 example: every alias at least once.
const PAIRS: &[(&str, &str)] = &[
    ("前十 按 智慧服务 在 华南", "top ten by 智慧服务 in 华南"),
    ("前10 按 智慧服务 在 华南", "top 10 by 智慧服务 in 华南"),
    ("前 10 按 总分", "top 10 by 总分"),
    ("前十名 按 总分", "top 10 by 总分"),
    ("前二十 按 总分", "top 20 by 总分"),
    ("前１２ 按 总分", "top 12 by 总分"),
    ("后10 按 总分", "bottom 10 by 总分"),
    (
        "后五名 按 保障体系 在 省会 显示 保障体系，总分",
        "bottom 5 by 保障体系 in 省会 show 保障体系, 总分",
    ),
    ("前三 按 总分 每 区域", "top 3 by 总分 per 区域"),
    (
        "排名 按 总分 在 直辖市及计划单列市 显示 总分，得分率",
        "rank by 总分 in 直辖市及计划单列市 show 总分, 得分率",
    ),
    ("均值 总分 按 区域", "mean 总分 by 区域"),
    ("均值 总分 按 行政级别 前5", "mean 总分 by 行政级别 top 5"),
    (
        "中位数 总分 按 省份 其中 行政级别 != 直辖市",
        "median 总分 by 省份 where 行政级别 != 直辖市",
    ),
    ("最小值 总分 按 区域", "min 总分 by 区域"),
    ("最大值 总分 按 区域", "max 总分 by 区域"),
    ("标准差 总分 按 区域", "sd 总分 by 区域"),
    ("四分位差 总分 按 区域", "qd 总分 by 区域"),
    ("极差 总分 按 区域", "range 总分 by 区域"),
    ("统计 智慧基础设施", "stats 智慧基础设施"),
    (
        "统计 总分 按 行政级别 四分位 inc",
        "stats 总分 by 行政级别 quartiles inc",
    ),
    ("杭州 的排名", "rank of 杭州"),
    (
        "杭州、宁波 的排名 按 智慧服务",
        "rank of 杭州, 宁波 by 智慧服务",
    ),
    ("显示 杭州", "show 杭州"),
    ("比较 杭州，宁波，深圳", "compare 杭州, 宁波, 深圳"),
    ("计数 按 行政级别", "count by 行政级别"),
    ("直方图 总分 步长 10", "histogram 总分 step 10"),
    (
        "直方图 总分 分界 20, 40, 60",
        "histogram 总分 edges 20, 40, 60",
    ),
    (
        "相关 智慧管理，智慧服务 p值",
        "corr 智慧管理, 智慧服务 with p",
    ),
    (
        "相关 智慧管理，智慧服务 斯皮尔曼",
        "corr 智慧管理, 智慧服务 spearman",
    ),
    (
        "筛选 区域 = 华东 且 智慧服务 >= 10 排序 总分 降序",
        "where 区域 = 华东 and 智慧服务 >= 10 sort 总分 desc",
    ),
    (
        "其中 区域 不在 [华北, 东北] 或 总分 > 70 排序 总分 升序",
        "where 区域 not in [华北, 东北] or 总分 > 70 sort 总分 asc",
    ),
    (
        "其中 区域 不 在 [华北, 东北]",
        "where 区域 not in [华北, 东北]",
    ),
    ("权重", "weights"),
    ("权重 智慧服务", "weights of 智慧服务"),
    ("离群值", "outliers"),
    ("覆盖率 低于 70%", "coverage below 70%"),
    ("覆盖率 全部 低于 70%", "coverage all below 70%"),
    ("覆盖率 全部", "coverage all"),
    // scalar queries (chapter 10)
    ("杭州 的 总分", "总分 of 杭州"),
    (
        "杭州 的排名 按 智慧服务 在 华东",
        "rank of 杭州 by 智慧服务 in 华东",
    ),
    ("得分率 总分 在 华南", "rate 总分 in 华南"),
    ("总和 加分项", "sum 加分项"),
    ("计数 在 省会", "count in 省会"),
    ("计数 层级 2", "count level 2"),
    ("占比 其中 总分 >= 60", "share where 总分 >= 60"),
    (
        "舍入(均值 总分 在 省会, 2) - 均值 总分",
        "round(mean 总分 in 省会, 2) - mean 总分",
    ),
    (
        "计数 省份 其中 行政级别 != 直辖市 其中 均值 总分 < 40.05",
        "count 省份 where 行政级别 != 直辖市 where mean 总分 < 40.05",
    ),
    // Chinese and English words mix freely.
    ("前十 by 智慧服务 在 华南", "top ten by 智慧服务 in 华南"),
];

pub(crate) fn loaded(spec: &str) -> cix::Loaded {
    cix::load(Path::new(spec), None).unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&d.0)))
}

pub(crate) fn plan(l: &cix::Loaded, text: &str) -> cix::query::Plan {
    let source = Source::new("query", text.to_string());
    let q = cix::syntax::parse_query(&source)
        .unwrap_or_else(|d| panic!("`{text}`: {}", cix::diag::render_plain(&[d])));
    let (model, results) = l.scope_of(&q.node, &source).unwrap();
    cix::query::check(model, results, &q, &source)
        .unwrap_or_else(|d| panic!("`{text}`: {}", cix::diag::render_plain(&d.0)))
}

pub(crate) fn tree(text: &str) -> cix::source::Spanned<cix::syntax::ast::Query> {
    let source = Source::new("query", text.to_string());
    cix::syntax::parse_query(&source)
        .unwrap_or_else(|d| panic!("`{text}`: {}", cix::diag::render_plain(&[d])))
}

#[test]
fn chinese_queries_resolve_to_the_english_plans() {
    en(|| {
        let l = loaded(SPEC);
        for (zh, en) in PAIRS {
            assert_eq!(tree(zh), tree(en), "`{zh}` ≢ `{en}` (tree)");
            assert!(plan(&l, zh) == plan(&l, en), "`{zh}` ≢ `{en}` (plan)");
            let out = |q: &str| {
                let o = cix::project::query(&l, q).unwrap();
                cix::report::render(&o, cix::report::Format::Csv)
            };
            // A scalar's table echoes the query as written; its value is the same.
            if !zh.contains(" 的 ") && !en.starts_with("round") && !en.contains("rate") {
                let (a, b) = (out(zh), out(en));
                if a.starts_with("query,") {
                    assert_eq!(
                        a.lines().nth(1).map(|l| l.split_once(',').unwrap().1),
                        b.lines().nth(1).map(|l| l.split_once(',').unwrap().1),
                        "`{zh}`"
                    );
                } else {
                    assert_eq!(a, b, "`{zh}`");
                }
            }
        }
        // Plans do differ when the queries do (the equality is not vacuous).
        assert!(plan(&l, "前十 按 总分") != plan(&l, "前九 按 总分"));
        assert!(plan(&l, "均值 总分 按 区域") != plan(&l, "中位数 总分 按 区域"));
        assert!(plan(&l, "杭州 的排名") != plan(&l, "宁波 的排名"));
    })
}

#[test]
fn every_alias_is_exercised() {
    en(|| {
        let all: String = PAIRS.iter().map(|(zh, _)| format!(" {zh} ")).collect();
        for a in cix::syntax::zh::ALIASES {
            let used = all.contains(&format!(" {} ", a.zh))
                || all.contains(&format!(" {}(", a.zh))
                || matches!(a.zh, "核对" | "为什么" | "解释" | "于") // the REPL and roll-up tests
                || crate::zh_cli::CHAPTER_7_PAIRS.iter().any(|(_, zh, _)| zh.contains(a.zh));
            assert!(used, "no test uses `{}`", a.zh);
        }
    })
}

#[test]
fn roll_up_levels_and_repl_lines() {
    en(|| {
        let l = loaded("examples/smart-city-2024/provinces.cix");
        let (zh, en) = (
            "排名 按 总分 于 省份 显示 总分，省级梯队",
            "rank by 总分 at 省份 show 总分, 省级梯队",
        );
        assert!(plan(&l, zh) == plan(&l, en));
        let line =
            |t: &str| cix::syntax::parse_repl_line(&Source::new("repl", t.to_string())).unwrap();
        assert_eq!(line("为什么 杭州 智慧服务"), line("why 杭州 智慧服务"));
        assert_eq!(line("解释 杭州"), line("explain 杭州"));
        let claim = |t: &str| match line(t) {
            cix::syntax::ReplLine::Check(c) => (c.query, c.op, c.stated),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            claim("核对 均值 总分 = 40.05"),
            claim("check mean 总分 = 40.05")
        );
    })
}

/// A spec whose names are spelt like Chinese keywords: an indicator `均值`, another `排名`, a
/// unit `前十`, a city `在`.
fn keyword_names() -> cix::Loaded {
    let dir = crate::common::temp_dir("zh-keyword-names");
    std::fs::write(
        dir.join("index.cix"),
        "index \"名字像关键词\" {\n  data \"d.csv\" key 城市\n  attributes 区域\n  indicator 均值 60\n  indicator 排名 40\n  total 总分\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("d.csv"),
        "城市,区域,均值,排名\n前十,华东,50,30\n杭州,华东,40,35\n在,华南,30,10\n",
    )
    .unwrap();
    loaded(dir.join("index.cix").to_str().unwrap())
}

#[test]
fn names_spelt_like_keywords_stay_names() {
    en(|| {
        let l = keyword_names();
        let csv = |q: &str| {
            let o = cix::project::query(&l, q)
                .unwrap_or_else(|d| panic!("`{q}`: {}", cix::diag::render_plain(&d.0)));
            cix::report::render(&o, cix::report::Format::Csv)
        };
        // Where a name is expected, a keyword-like word is the name.
        assert!(
            csv("前二 按 均值").starts_with("排名,城市,均值"),
            "{}",
            csv("前二 按 均值")
        );
        assert_eq!(csv("均值 均值 按 区域"), csv("mean 均值 by 区域"));
        assert_eq!(csv("排名 按 排名"), csv("rank by 排名"));
        // A line that starts with a name: the name-first forms come first.
        assert_eq!(csv("前十 的排名"), csv("rank of 前十"));
        assert_eq!(csv("\"前十\" 的排名"), csv("rank of 前十"));
        assert_eq!(csv("在 的排名"), csv("rank of 在"));
        assert_eq!(csv("显示 在"), csv("show 在"));
        assert_eq!(csv("显示 前十"), csv("show 前十"));
        // (a scalar's table repeats the query as written)
        assert!(csv("前十 的 均值").ends_with("\n前十 的 均值,50,49.5000,50.5000\n"));
        // Keywords are whole words: `每万人口` or `前三季度` would be names.
        let t = tree("前三 按 前三季度GDP 每 每万人口");
        assert_eq!(t, tree("top 3 by 前三季度GDP per 每万人口"));
    })
}

#[test]
fn chinese_counts_are_bounded() {
    en(|| {
        for q in [
            "前一百万零一 按 总分",
            "前1000001 按 总分",
            "后十十 按 总分",
            "前九千万 按 总分",
        ] {
            let err = cix::syntax::parse_query(&Source::new("query", q.to_string())).unwrap_err();
            let text = cix::diag::render_plain(&[err]);
            assert!(text.contains("E008"), "`{q}`: {text}");
        }
        assert_eq!(tree("前一百万 按 总分"), tree("top 1000000 by 总分"));
    })
}

#[test]
fn a_keyword_glued_to_a_name_gets_a_hint() {
    en(|| {
        for (q, hint) in [
            ("前十 按总分", "write `按 总分`"),
            ("前十按总分", "write `前十 按 总分`"),
            ("均值总分 按 区域", "write `均值 总分`"),
            ("前十 按 总分 在华南", "write `在 华南`"),
        ] {
            let err = cix::syntax::parse_query(&Source::new("query", q.to_string())).unwrap_err();
            let text = cix::diag::render_plain(&[err]);
            assert!(text.contains(hint), "`{q}`: {text}");
        }
        // An unknown name that is a known name glued to a keyword and another name.
        let l = loaded(SPEC);
        let err = cix::project::query(&l, "前十 按 智慧服务在华南").unwrap_err();
        let text = cix::diag::render_plain(&err.0);
        assert!(text.contains("`智慧服务 在 华南`"), "{text}");
    })
}

#[test]
fn the_chinese_manual_lists_every_alias() {
    let md = std::fs::read_to_string("docs/zh/language.md").unwrap();
    for a in cix::syntax::zh::ALIASES
        .iter()
        .chain(cix::syntax::zh::FORMS)
    {
        assert!(
            md.contains(&format!("| `{}` | `{}` |", a.zh, a.en)),
            "docs/zh/language.md does not list `{}` ({})",
            a.zh,
            a.en
        );
    }
    let en = std::fs::read_to_string("docs/language.md").unwrap();
    assert!(
        en.contains("docs/zh/language.md"),
        "the English manual points to the table"
    );
}
