//! The HTML report and a unit's page: self-contained, every chart kind present, every name
//! escaped; insta snapshots hold the SVG and page structure.

use std::path::Path;

use crate::common::{cix, temp_dir};

const SPEC: &str = "examples/smart-city-2015/index.cix";

fn write_report(args: &[&str], name: &str) -> String {
    let dir = temp_dir(name);
    let out = dir.join("page.html");
    cix()
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0)
        .stderr(predicates::str::contains("page.html"));
    std::fs::read_to_string(out).unwrap()
}

/// Nothing the page would fetch: no script, no stylesheet or image link, no URL but the SVG
/// namespace.
fn assert_self_contained(html: &str) {
    assert!(!html.contains("<script"), "no script");
    assert!(!html.contains("<link"), "no link");
    assert!(!html.contains(" src="), "no src");
    assert!(!html.contains(" href="), "no href");
    assert!(
        !html.contains("@import") && !html.contains("url("),
        "no CSS fetch"
    );
    let urls = html.matches("http").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, namespaces, "the only URLs are SVG namespaces");
}

#[test]
fn the_2015_report_has_every_chart_and_table() {
    let html = write_report(&["report", SPEC], "html-2015");
    assert_self_contained(&html);
    assert!(html.contains("<h1>中国智慧城市发展水平评估</h1>"));
    assert!(html.contains("2015 第五届"));
    // The method: the tree with weights and effective weights (20 of 105 = 19.05%).
    assert!(html.contains(">智慧基础设施</td><td class=\"n\">20</td><td class=\"n\">19.05%</td>"));
    for kind in ["ranking", "histogram", "groups", "heatmap", "radar"] {
        assert_eq!(
            html.matches(&format!("data-chart=\"{kind}\"")).count(),
            1,
            "{kind}"
        );
    }
    // Every report of the spec as a table.
    assert_eq!(html.matches("<table class=\"report\"").count(), 14);
    assert!(html.contains("<caption>2015年中国智慧城市发展水平总排名</caption>"));
    assert!(html.contains("<td class=\"n\">80.21</td><td class=\"n\">76.39%</td>"));
    // The ranking has a bar per city.
    assert_eq!(html.matches("<g class=\"bar\">").count(), 151);
}

#[test]
fn a_unit_page_compares_with_its_group_and_the_nation() {
    // In Chinese: the page's headings follow the language (issue 15).
    let html = write_report(
        &["--lang", "zh", "report", SPEC, "--unit", "杭州"],
        "html-unit",
    );
    assert_self_contained(&html);
    assert!(html.contains("<h2 class=\"unit\">杭州</h2>"));
    assert!(html.contains("data-chart=\"radar\""));
    // 总分: 76.98, 73.31% of 105, rank 4; 浙江 and national means.
    assert!(
        html.contains(">总分</td><td class=\"n\">105</td><td class=\"n\">76.98</td><td class=\"n\">73.31%</td><td class=\"n\">4</td>"),
        "{html}"
    );
    assert!(html.contains("<th>浙江平均</th><th>全国平均</th>"));
    assert!(html.contains("<ul class=\"strengths\">"));
    assert!(html.contains("<li>市民信息化宣传培训：第 68 名（共 151 个单位）</li>"));
    // An unknown unit: E302 with "did you mean".
    cix()
        .args(["report", SPEC, "--unit", "杭洲"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E302"))
        .stderr(predicates::str::contains("did you mean `杭州`"));
}

/// A spec over units whose names are markup.
fn hostile(dir: &Path) -> std::path::PathBuf {
    std::fs::write(
        dir.join("d.csv"),
        "城市,区域,甲,乙\n<script>alert(1)</script>,\"<b>华东</b>\",3,4\n\"a&b\",'x',1,2\n丙,华东,2,2\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("t.cix"),
        "index \"<i>指数</i>\" {\n  data \"d.csv\" key 城市\n  attributes 区域\n  indicator 甲 5\n  indicator 乙 5\n  total 总分 10\n  report 排名 \"<u>排名</u>\" = rank by 总分 show 甲, 乙, 总分\n}\n",
    )
    .unwrap();
    dir.join("t.cix")
}

#[test]
fn every_name_is_escaped() {
    let dir = temp_dir("html-escape");
    let spec = hostile(&dir);
    let spec = spec.to_str().unwrap();
    for args in [
        vec!["report", spec],
        vec!["report", spec, "--unit", "<script>alert(1)</script>"],
    ] {
        let html = write_report(&args, "html-escape-out");
        assert!(!html.contains("<script"), "{html}");
        assert!(
            !html.contains("<b>") && !html.contains("<i>") && !html.contains("<u>"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("&lt;i&gt;指数&lt;/i&gt;"), "{html}");
        if args.len() == 2 {
            assert!(html.contains("a&amp;b"), "{html}");
            assert!(html.contains("&#39;x&#39;"), "{html}");
        }
    }
}

#[test]
fn snapshot_of_the_charts_and_a_unit_page() {
    let dir = temp_dir("html-snapshot");
    let spec = hostile(&dir);
    let l = cix::load(&spec, None).unwrap();
    let unit = l.results.units.iter().position(|u| u.key == "丙").unwrap();
    insta::assert_snapshot!(
        "unit_page",
        cix::publish::html::unit_page(&l.model, &l.results, unit)
    );
    let outputs = cix::project::run_reports(&l, &["all".to_string()]).unwrap();
    insta::assert_snapshot!(
        "report_page",
        cix::publish::html::report_page(&l.model, &l.results, &outputs, None)
    );
}

#[test]
fn tiers_are_coloured_in_the_ranking() {
    // The 2021 index declares tiers by share (领军 16%, 先锋 34%, 探索 50%).
    let html = write_report(
        &["report", "examples/smart-city-2021/index.cix"],
        "html-tiers",
    );
    let marks = html.matches("<rect class=\"tier\"").count();
    let bars = html.matches("<g class=\"bar\">").count();
    assert!(
        bars > 0 && marks == bars,
        "{marks} tier marks for {bars} bars"
    );
    assert!(
        html.matches("fill=\"#7f0000\"").count() >= 2,
        "领军 in the first colour"
    );
    assert!(html.contains(">领军城市</text>"), "the tiers' legend");
    // An index on 0–1: the histogram's bands are tenths.
    assert!(html.contains(">0.7–0.8</text>"), "{html}");
}
