//! `rollup ATTR by mean|median|top N mean [where …] { tiers … }` and queries `at` the level.

use crate::{check_codes, load, rows};

const SPEC: &str = "tests/groups/specs/rollup_2015.cix";

#[test]
fn province_scores_are_the_mean_of_their_cities_without_municipalities() {
    let l = load(SPEC);
    // The 2015 report's own province table (a group statistic) is the independent answer.
    let stat = rows(&l, "mean 总分 by 省份 where 行政级别 != 直辖市");
    let level = rows(&l, "rank by 总分 at 省份 show 总分");
    assert_eq!(level.len(), stat.len(), "27 provinces and a header");
    assert_eq!(level.len(), 28);
    for r in &level[1..] {
        let s = stat.iter().find(|s| s[0] == r[1]).unwrap();
        assert_eq!(s[2], r[2], "{}", r[1]);
    }
    // No municipality is a unit of the level.
    assert!(level.iter().all(|r| r[1] != "北京" && r[1] != "上海"));
}

#[test]
fn the_level_has_its_own_tiers_and_statistics() {
    let l = load(SPEC);
    // 20% / 40% / 40% of 27 provinces: round(5.4) = 5, round(16.2) = 16 → 5 / 11 / 11.
    let counts = rows(&l, "count by 省级梯队 at 省份");
    let n = |t: &str| counts.iter().find(|r| r[0] == t).unwrap()[1].clone();
    assert_eq!(
        (n("第一梯队"), n("第二梯队"), n("第三梯队")),
        ("5".into(), "11".into(), "11".into())
    );
    let first = rows(&l, "rank by 总分 at 省份 in 第一梯队");
    assert_eq!(first[1][1], "浙江");
    // The report kept with the spec runs at the level.
    let out = cix::project::run_reports(&l, &["省级排名".to_string()]).unwrap();
    let text = cix::report::render(&out[0].1, cix::report::Format::Csv);
    assert!(
        text.starts_with("排名,省份,智慧服务,总分,省级梯队"),
        "{text}"
    );
}

#[test]
fn top_n_mean_averages_each_nodes_best_members() {
    let l = load(SPEC);
    // 华东's best three totals: 无锡 80.21, 上海 80.05, 杭州 76.98 (rounded) → 79.08.
    let level = rows(&l, "rank by 总分 at 区域 show 总分");
    let east = level.iter().find(|r| r[1] == "华东").unwrap();
    assert_eq!(east[2], "79.08");
    assert_eq!(level.len(), 8, "seven regions");
}

#[test]
fn unknown_levels_and_bad_rollups_are_located_errors() {
    let l = load(SPEC);
    let err = cix::project::query(&l, "rank by 总分 at 省分").unwrap_err();
    let text = cix::diag::render_plain(&err.0);
    assert!(
        text.contains("E360") && text.contains("did you mean `省份`?"),
        "{text}"
    );
    let (code, err) = check_codes("tests/groups/specs/bad_rollup.cix");
    assert_eq!(code, 1);
    assert!(err.contains("unknown attribute `省分`"), "{err}");
    assert!(err.contains("bad_rollup.cix:6:10"), "{err}");
    assert!(
        err.contains("a roll-up over the top 0 members has no score"),
        "{err}"
    );
    assert!(err.contains("the roll-up cannot depend on `总分`"), "{err}");
    assert_eq!(err.matches("E124").count(), 3, "{err}");
}

#[test]
fn the_2024_province_tiers_roll_up_from_city_data() {
    let l = load("examples/smart-city-2024/provinces.cix");
    let counts = rows(&l, "count by 省级梯队 at 省份");
    let n = |t: &str| counts.iter().find(|r| r[0] == t).unwrap()[1].clone();
    // The published sizes: 5 / 16 / 8 / 2.
    assert_eq!(
        (n("第一梯队"), n("第二梯队"), n("第三梯队"), n("第四梯队")),
        ("5".into(), "16".into(), "8".into(), "2".into())
    );
    // Every province the text names is in its published tier
    // (guomai2024_province_tiers_partial.csv).
    let published =
        std::fs::read_to_string("examples/smart-city-2024/guomai2024_province_tiers_partial.csv")
            .unwrap();
    let ranked = rows(&l, "rank by 总分 at 省份 show 省级梯队");
    for line in published.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let row = ranked.iter().find(|r| r[1] == f[0]).unwrap();
        assert_eq!(row[2], f[1], "{}", f[0]);
    }
    // A province's score is the mean of its cities': 浙江 = mean(杭州, 宁波, 温州).
    let cities = rows(&l, "mean 总分 by 省份");
    let zj = cities.iter().find(|r| r[0] == "浙江").unwrap();
    let level = ranked.iter().position(|r| r[1] == "浙江").unwrap();
    let total = rows(&l, "rank by 总分 at 省份 show 总分");
    assert_eq!(total[level][2], zj[2]);
}
