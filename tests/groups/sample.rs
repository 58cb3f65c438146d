//! `sample top N by ATTR [where …]`, `sample where …`: the units evaluated.

use crate::common;
use crate::{check_codes, load, rows, table};

const SMART2021: &str = "examples/smart-city-2021/index.cix";

#[test]
fn the_2021_sample_is_the_top_50_by_gdp_without_county_level_cities() {
    let l = load(SMART2021);
    // 55 cities in the data: 昆山 and 江阴 (县级市) are left out by `where`, 保定, 乌鲁木齐 and
    // 兰州 fall below the 50th GDP.
    assert_eq!(l.results.units.len(), 55);
    assert_eq!(l.results.sample_len(), 50);
    let ranked = rows(&l, "rank by 发展水平指数");
    assert_eq!(ranked.len(), 51, "a header and 50 cities");
    for outside in ["昆山", "江阴", "保定", "乌鲁木齐", "兰州"] {
        assert!(
            ranked.iter().all(|r| r[1] != outside),
            "{outside} is ranked"
        );
    }
    // 太原 (4153) is the 50th: 昆山 (4276) is out only by `where`.
    assert!(ranked.iter().any(|r| r[1] == "太原"));
}

#[test]
fn tiers_by_share_give_8_17_25_on_the_sample() {
    let l = load(SMART2021);
    let counts = rows(&l, "count by 梯队");
    let n = |t: &str| counts.iter().find(|r| r[0] == t).unwrap()[1].clone();
    assert_eq!(
        (n("领军城市"), n("先锋城市"), n("探索城市")),
        ("8".into(), "17".into(), "25".into())
    );
    // The published 领军 list (cstc2021_tiers_partial.csv) and the computed tier agree.
    let leaders = rows(&l, "count by 梯队 in 公布领军城市");
    assert_eq!(leaders[1][..2], ["领军城市", "8"]);
}

#[test]
fn units_outside_the_sample_are_shown_not_ranked() {
    let l = load(SMART2021);
    let shown = table(&l, "show 保定");
    assert!(
        shown.contains("保定 is outside the sample: not scored, ranked or tiered"),
        "{shown}"
    );
    assert!(shown.contains("GDP2020: 3353"), "{shown}");
    assert!(
        !shown.contains("梯队:"),
        "an outside unit has no tier: {shown}"
    );
    // A `where` that matches only outside units says so.
    let listed = table(&l, "where 行政级别 = 县级市");
    assert!(listed.contains("0 units"), "{listed}");
    assert!(
        listed.contains("2 units left out: outside the sample"),
        "{listed}"
    );
    assert!(listed.contains("(昆山, 江阴)"), "{listed}");
    // Counts and statistics are over the sample.
    let by_level = rows(&l, "count by 行政级别");
    assert!(by_level.iter().all(|r| r[0] != "县级市"), "{by_level:?}");
}

#[test]
fn a_sample_without_its_where_takes_county_level_cities_and_ties_warn() {
    let dir = common::temp_dir("sample-top");
    let spec = std::fs::read_to_string(SMART2021)
        .unwrap()
        .replace(
            "sample top 50 by GDP2020 where 行政级别 != 县级市",
            "sample top 50 by GDP2020",
        )
        .replace(
            "data \"cities.csv\"",
            &format!(
                "data \"{}/examples/smart-city-2021/cities.csv\"",
                env!("CARGO_MANIFEST_DIR")
            ),
        );
    let path = dir.join("index.cix");
    std::fs::write(&path, spec).unwrap();
    let l = cix::load(&path, None).unwrap();
    // 昆山 (4276) now displaces 太原 (4153), the 50th.
    assert!(l.results.unit("昆山").unwrap() < l.results.sample_len());
    assert!(l.results.unit("太原").unwrap() >= l.results.sample_len());
}

#[test]
fn a_sample_by_a_score_is_an_error() {
    let (code, err) = check_codes("tests/groups/specs/bad_methods.cix");
    assert_eq!(code, 1);
    assert!(err.contains("E120"), "{err}");
    assert!(
        err.contains("the sample cannot be chosen by the score `总分`"),
        "{err}"
    );
    assert!(err.contains("bad_methods.cix:11:20"), "{err}");
}

#[test]
fn a_non_numeric_cut_is_an_error_at_the_cell() {
    let dir = common::temp_dir("sample-cell");
    std::fs::write(dir.join("d.csv"), "城市,GDP,a\nX,100,1\nY,很多,2\nZ,50,3\n").unwrap();
    std::fs::write(
        dir.join("i.cix"),
        "index \"t\" {\n  data \"d.csv\" key 城市\n  attributes GDP\n  sample top 2 by GDP\n  indicator a 10\n  total 总分\n}\n",
    )
    .unwrap();
    let out = common::cix()
        .args(["check", dir.join("i.cix").to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("E120"), "{err}");
    assert!(err.contains("`Y` has GDP `很多`"), "{err}");
    assert!(err.contains("d.csv:3:3"), "{err}");
}

#[test]
fn ties_at_the_cut_are_kept_with_a_warning() {
    let dir = common::temp_dir("sample-tie");
    std::fs::write(
        dir.join("d.csv"),
        "城市,GDP,a\nX,100,1\nY,50,2\nZ,50,3\nW,10,4\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("i.cix"),
        "index \"t\" {\n  data \"d.csv\" key 城市\n  attributes GDP\n  sample top 2 by GDP\n  indicator a 10\n  total 总分\n}\n",
    )
    .unwrap();
    let l = cix::load(&dir.join("i.cix"), None).unwrap();
    assert_eq!(l.results.sample_len(), 3);
    assert!(l.warnings.iter().any(|w| w.code.id == "W120"));
}
