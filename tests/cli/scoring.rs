//! The scoring examples and `cix explain`, against the built binary.

use crate::common::cix;
use predicates::prelude::*;

const RAW: &str = "examples/raw-scoring/index.cix";
const SMART2021: &str = "examples/smart-city-2021/index.cix";
const SMART2024: &str = "examples/smart-city-2024/index.cix";

fn csv_rows(args: &[&str]) -> Vec<Vec<String>> {
    let out = cix()
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], city: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.get(1).map(String::as_str) == Some(city))
        .unwrap_or_else(|| panic!("no row for {city}"))
}

#[test]
fn raw_scoring_checks() {
    cix()
        .args(["check", RAW])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("30 units"))
        .stderr("");
}

#[test]
fn raw_scoring_by_hand() {
    let rows = csv_rows(&["run", RAW, "--format", "csv"]);
    assert_eq!(
        rows[0],
        [
            "排名",
            "城市",
            "基础网络建设水平",
            "经济产出能耗水平",
            "政府在线服务水平",
            "信息服务业从业人员情况",
            "发展规划制定情况",
            "总分",
            "imputed"
        ]
    );
    // 宁波: 宽带接入率 missing → mean of the other 29 = 1752.3/29 = 60.4241…;
    //   (60.4241 − 35)/(95 − 35) × 5 = 2.1187 → 2.12
    // 万元GDP能耗 0.52, lower is better: (1.2 − 0.52)/(1.2 − 0.26) × 5 = 3.617 → 3.62
    // 网上可办率 40.15: (40.15 − 40)/(100 − 40) × 10 = 0.025 → 0.03 (half-up)
    // 信息服务业从业人员占比 3.2: 3.2/6 × 5 = 2.667 → 2.67;  规划状态 已发布 → 4
    // 总分 = 2.12 + 3.62 + 0.03 + 2.67 + 4 = 12.44 (the sum of the rounded leaves)
    assert_eq!(
        &row(&rows, "宁波")[2..],
        [
            "2.12",
            "3.62",
            "0.03",
            "2.67",
            "4.00",
            "12.44",
            "基础网络建设水平"
        ]
    );
    // 北京: the sample maximum of 宽带接入率 (95 → 5) and of the IT share (6 → 5);
    //   能耗 0.30: 0.9/0.94 × 5 = 4.787 → 4.79; 网上可办率 100 → 10; 已发布并实施 → 4.8;
    //   总分 = 5 + 4.79 + 10 + 5 + 4.8 = 29.59, first.
    assert_eq!(
        row(&rows, "北京"),
        ["1", "北京", "5.00", "4.79", "10.00", "5.00", "4.80", "29.59", ""]
    );
    // 银川: the sample minimum (35 → 0), the most energy (1.2 → 0), 网上可办率 30 below the lower
    //   goalpost (clamped to 0), 0.5/6 × 5 = 0.4167 → 0.42, 无 → 1: 总分 1.42.
    assert_eq!(
        &row(&rows, "银川")[2..],
        ["0.00", "0.00", "0.00", "0.42", "1.00", "1.42", ""]
    );
}

#[test]
fn explain_shows_every_step() {
    cix()
        .args(["explain", RAW, "宁波"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "min 35, max 95; missing → sample mean (60.4241)",
        ))
        .stdout(predicate::str::contains("40 → 0, 100 → 10"))
        .stdout(predicate::str::contains("已发布 → 4"))
        .stdout(predicate::str::contains("宁波: 总分 12.44 (rank 20 of 30)"));
}

#[test]
fn explain_one_indicator_as_csv() {
    let rows = csv_rows(&[
        "explain",
        RAW,
        "宁波",
        "政府在线服务水平",
        "--format",
        "csv",
    ]);
    assert_eq!(
        rows[0],
        ["指标", "原始值", "规则", "参数", "标准化", "满分", "得分"]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "政府在线服务水平");
    assert_eq!(rows[1][1], "40.15");
    assert_eq!(rows[1].last().map(String::as_str), Some("0.03"));
}

#[test]
fn explain_unknown_names() {
    cix()
        .args(["explain", RAW, "宁坡"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E302"))
        .stderr(predicate::str::contains("did you mean `宁波`?"));
    cix()
        .args(["explain", RAW, "宁波", "基础网络"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E104"))
        .stderr(predicate::str::contains("`基础网络建设水平`"));
}

#[test]
fn smart_2021_names_its_assumption() {
    cix()
        .args(["check", SMART2021])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "total 发展水平指数 on 0–1; 50 units",
        ))
        .stderr(predicate::str::contains("W401"))
        .stderr(predicate::str::contains("68 indicators"));
}

#[test]
fn smart_2021_tiers_and_the_published_leaders() {
    // 16% / 34% / 50% of 50 cities = 8 / 17 / 25.
    let rows = csv_rows(&["query", SMART2021, "count by 梯队", "--format", "csv"]);
    let n = |t: &str| {
        rows.iter()
            .find(|r| r[0] == t)
            .map(|r| r[1].clone())
            .unwrap()
    };
    assert_eq!(
        (n("领军城市"), n("先锋城市"), n("探索城市")),
        ("8".into(), "17".into(), "25".into())
    );
    // The published 领军 list, shown next to the computed tier.
    let rows = csv_rows(&["run", SMART2021, "公布领军", "--format", "csv"]);
    assert_eq!(rows[0], ["排名", "城市", "发展水平指数", "梯队"]);
    assert_eq!(rows.len(), 9);
    // The index is 0–1, shown with 4 decimals.
    assert!(
        rows[1][2].starts_with("0.") && rows[1][2].len() == 6,
        "{:?}",
        rows[1]
    );
}

#[test]
fn smart_2021_weights_are_shares_of_the_total() {
    // 资源准备度 15% of 1 = 0.15; its two secondaries 0.075 each; 目录体系 0.0375.
    cix()
        .args(["explain", SMART2021, "杭州", "资源准备度"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("weight 15%"))
        .stdout(predicate::str::contains("0.0750"))
        .stdout(predicate::str::contains("0.0375"))
        .stdout(predicate::str::contains(
            "weight assumed: equal within the parent",
        ));
}

#[test]
fn smart_2024_checks_but_cannot_run() {
    cix()
        .args(["check", SMART2024])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("not yet runnable"))
        .stdout(predicate::str::contains(
            "level 2: 0 of 11 named, level 3: 0 of 31 named",
        ))
        .stderr(predicate::str::contains("W402"));
    cix()
        .args(["run", SMART2024])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E409"))
        .stderr(predicate::str::contains("the spec cannot run yet"))
        // A run is told it is one: the error alone, not the check's warning beside it.
        .stderr(predicate::str::contains("W402").not());
}

#[test]
fn the_2015_example_is_unchanged() {
    // A leaf without a scoring rule reads finished points: the 2015 golden numbers stand.
    cix()
        .args(["run", "examples/smart-city-2015/index.cix"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("   1  无锡"))
        .stdout(predicate::str::contains("80.21  76.39%"));
}

#[test]
fn explain_names_the_missing_policies() {
    // 戊 has no x: 组均值 takes the mean of its region 西 (30, 40 → 35); 甲项 is left out and
    // 重新加权 = 乙项 5 × 10/5 = 10.
    cix()
        .args(["explain", "tests/corpus/scoring/missing.cix", "戊"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("missing → mean of its 区域 (35)"))
        .stdout(predicate::str::contains("re-weighted without 甲项"))
        .stdout(predicate::str::contains("戊: 总分 18.33 (rank 2 of 5)"));
}
