//! Ratings and dashboards (language chapter 7): quantile groups, rating scales per group,
//! traffic-light dashboards and their `worst N` rule, tier names scoped to their declaration,
//! several partitions and `sort by` — against `tests/oracle/dashboards.py` and the binary.

use std::collections::HashMap;

use crate::common;
use crate::{check_codes, load, rows, table};

const IMD: &str = "examples/imd-style/index.cix";
const SDG: &str = "examples/sdg-style/index.cix";
const SMART2021: &str = "examples/smart-city-2021/index.cix";

fn oracle() -> serde_json::Value {
    let text = std::fs::read_to_string("tests/oracle/dashboards.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A query's CSV rows keyed by their first column.
fn by_key(l: &cix::Loaded, q: &str) -> (Vec<String>, HashMap<String, Vec<String>>) {
    let mut r = rows(l, q);
    let header = r.remove(0);
    (header, r.into_iter().map(|r| (r[0].clone(), r)).collect())
}

#[test]
fn imd_groups_and_ratings_match_the_oracle() {
    let l = load(IMD);
    let oracle = oracle();
    let cities = oracle["imd"]["cities"].as_object().unwrap();
    let ranked = rows(&l, "rank by 总分 show HDI组, 评级, 总分");
    assert_eq!(ranked[0], ["排名", "city", "HDI组", "评级", "总分"]);
    assert_eq!(ranked.len(), 17, "a header and 16 cities");
    for r in &ranked[1..] {
        let o = &cities[&r[1]];
        assert_eq!(r[2], o["group"].as_str().unwrap(), "{}'s group", r[1]);
        assert_eq!(r[3], o["rating"].as_str().unwrap(), "{}'s rating", r[1]);
    }
}

#[test]
fn quartile_groups_put_a_value_equal_to_a_cut_in_the_lower_group() {
    let l = load(IMD);
    // QUARTILE.INC of the 16 HDIs: 0.7695, 0.866, 0.931. The two cities of Calder (0.931) sit
    // on the third cut and join the group below it, with their country's other equal values.
    let counts = rows(&l, "mean 总分 by HDI组");
    let n = |g: &str| counts.iter().find(|r| r[0] == g).unwrap()[1].clone();
    assert_eq!(
        [n("第一组"), n("第二组"), n("第三组"), n("第四组")],
        ["3", "5", "4", "4"]
    );
    assert_eq!(
        oracle()["imd"]["cuts"],
        serde_json::json!(["0.7695", "0.866", "0.931"])
    );
    let (_, rated) = by_key(&l, "where HDI组 = 第二组 sort city asc show HDI组");
    assert!(rated.contains_key("Dunhaven") && rated.contains_key("Eastmere"));
}

#[test]
fn ratings_are_cut_within_each_group() {
    let l = load(IMD);
    // 第三组 is rated by share: 4 cities, one per rating whatever their scores against the
    // other groups.
    let counts = rows(&l, "count by 评级 in 第三组");
    for rating in ["A", "BBB", "BB", "B"] {
        assert!(
            counts.iter().any(|r| r[0] == rating && r[1] == "1"),
            "{rating}: {counts:?}"
        );
    }
    // The same letters on two scales are one rating: AA in 第一组 and in 第二组.
    let aa = rows(&l, "where 评级 = AA sort city asc");
    assert_eq!(aa.len(), 3, "{aa:?}");
}

#[test]
fn sdg_dashboard_colours_match_the_oracle() {
    let l = load(SDG);
    let oracle = oracle();
    let countries = oracle["sdg"].as_object().unwrap();
    let (header, got) = by_key(&l, "dashboard lights");
    assert_eq!(header.len(), 12, "{header:?}");
    assert_eq!(got.len(), 12);
    for (country, row) in &got {
        for (col, cell) in header.iter().zip(row).skip(1) {
            let want = countries[country][col].as_str().unwrap_or("");
            assert_eq!(cell, want, "{country} at {col}");
        }
    }
    // Spot checks: Calder's health is yellow (under-5 mortality yellow, life expectancy orange:
    // mean place 1.5, rounded to the better); Galloway has no primary enrolment, so its
    // education goal is its literacy alone; Istria lacks water data, so that goal has none.
    assert_eq!(got["Calder"][5], "yellow");
    assert_eq!(got["Galloway"][6], "");
    assert_eq!(got["Galloway"][8], "yellow");
    assert_eq!(got["Istria"][11], "");
}

#[test]
fn dashboards_print_colours_as_text_and_paint_them_only_when_asked() {
    let l = load(SDG);
    let out = cix::project::query(&l, "dashboard lights where region = North").unwrap();
    let plain = cix::report::render(&out, cix::report::Format::Table);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.contains("green"));
    let painted = cix::report::render_painted(&out);
    assert!(painted.contains("\x1b[30;42m"), "{painted}");
    let json = cix::report::render(&out, cix::report::Format::Json);
    assert!(json.contains("\"poverty_rate\": \"green\""), "{json}");
    // Through a pipe, the binary prints plain text.
    let out = common::cix()
        .args(["query", SDG, "dashboard lights in South"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Dunmore") && !text.contains('\x1b'), "{text}");
    assert!(table(&l, "dashboard lights").contains("colours best first: green"));
}

#[test]
fn the_html_report_paints_a_dashboard_report() {
    let dir = common::temp_dir("dashboard-html");
    let page = dir.join("sdg.html");
    let out = common::cix()
        .args(["report", SDG, "--out", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains("<td style=\"background:#e53935;color:#fff\">red</td>"),
        "no painted cell"
    );
}

#[test]
fn check_finds_every_mistake_of_ratings_and_dashboards_at_its_place() {
    let (code, err) = check_codes("tests/groups/specs/bad_dashboard.cix");
    assert_eq!(code, 1, "{err}");
    for want in [
        "`HDI组` cuts 4 groups but names 3",
        "did you mean `HDI`?",
        "`Q6` is not a group of `五分位`",
        "the thresholds of `health_safety` are out of order: `85` must be below 80",
        "`green` is reached by a value on the wrong side",
        "write `green <= 20`",
        "unknown colour `yelow`",
        "did you mean `yellow`?",
        "unknown indicator `structure`",
        "did you mean `structures`?",
        "`digital_mobility` is an indicator without indicators under it",
        "colour it from its indicators: `technologies worst 2`",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    for code in ["E141", "E142", "E143", "E144", "E145"] {
        assert!(err.contains(code), "missing {code}");
    }
    // Located: the unknown colour is underlined on its line.
    assert!(err.contains("bad_dashboard.cix:22:"), "{err}");
}

#[test]
fn a_quantile_attribute_that_is_not_a_number_is_an_error_at_its_cell() {
    let dir = common::temp_dir("dashboard-nan");
    let csv = std::fs::read_to_string("examples/imd-style/cities.csv")
        .unwrap()
        .replace("Juniper,Galloway,0.812", "Juniper,Galloway,high");
    std::fs::write(dir.join("cities.csv"), csv).unwrap();
    std::fs::copy(IMD, dir.join("index.cix")).unwrap();
    let out = common::cix()
        .args(["check", dir.join("index.cix").to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("E146"), "{err}");
    assert!(
        err.contains("`Juniper` has HDI `high`, not a number to cut `HDI组` by"),
        "{err}"
    );
    assert!(err.contains("cities.csv:11:"), "{err}");
}

#[test]
fn tier_names_are_scoped_to_their_declaration() {
    let dir = common::temp_dir("dashboard-scoped");
    std::fs::copy(
        "examples/smart-city-2021/cities.csv",
        dir.join("cities.csv"),
    )
    .unwrap();
    let spec = std::fs::read_to_string(SMART2021).unwrap().replace(
        "  tiers 梯队 by share",
        "  tiers 档次 by rank [领军城市 1-5, 余下 6-]\n  tiers 梯队 by share",
    );
    std::fs::write(dir.join("index.cix"), spec).unwrap();
    let l = load(dir.join("index.cix").to_str().unwrap());
    // Both declarations have 领军城市; a condition says which.
    assert_eq!(rows(&l, "where 梯队 = 领军城市").len(), 9);
    assert_eq!(rows(&l, "where 档次 = 领军城市").len(), 6);
    let err = cix::project::query(&l, "rank by 发展水平指数 in 领军城市").unwrap_err();
    let text = cix::diag::render_plain(&err.0);
    assert!(text.contains("E140"), "{text}");
    assert!(
        text.contains("`领军城市` is a tier of both `档次` and `梯队`"),
        "{text}"
    );
    assert!(text.contains("where 档次 = 领军城市"), "{text}");
    // Within one declaration a name is still used once.
    let twice = std::fs::read_to_string(dir.join("index.cix"))
        .unwrap()
        .replace("余下 6-", "领军城市 6-");
    std::fs::write(dir.join("twice.cix"), twice).unwrap();
    let (code, err) = check_codes(dir.join("twice.cix").to_str().unwrap());
    assert_eq!(code, 1);
    assert!(err.contains("tier name `领军城市` is used twice"), "{err}");
}

#[test]
fn several_partitions_split_each_group_by_the_next() {
    let l = load(SMART2021);
    let r = rows(&l, "mean 发展水平指数 by 梯队, 行政级别");
    assert_eq!(r[0][..4], ["梯队", "行政级别", "n", "mean"]);
    // Every tier's counts by level add up to the tier's 8 / 17 / 25.
    for (tier, n) in [("领军城市", 8), ("先锋城市", 17), ("探索城市", 25)] {
        let sum: usize = r
            .iter()
            .filter(|row| row[0] == tier)
            .map(|row| row[2].parse::<usize>().unwrap())
            .sum();
        assert_eq!(sum, n, "{tier}: {r:?}");
    }
    // Groups in tier order, then levels in data order.
    assert_eq!(r[1][0], "领军城市");
    assert_eq!(r.last().unwrap()[0], "探索城市");
}

#[test]
fn sort_by_several_keys_orders_by_level_then_a_number() {
    let l = load(SMART2021);
    let r = rows(
        &l,
        "where 发展水平指数 >= 0 sort by 行政级别 asc, GDP2020 asc show 行政级别, GDP2020",
    );
    let header = &r[0];
    let level = header.iter().position(|c| c == "行政级别").unwrap();
    let gdp = header.iter().position(|c| c == "GDP2020").unwrap();
    for pair in r[1..].windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a[level] <= b[level], "{a:?} before {b:?}");
        if a[level] == b[level] {
            // GDP compares as a number, not as text (9 before 10).
            let (x, y): (f64, f64) = (a[gdp].parse().unwrap(), b[gdp].parse().unwrap());
            assert!(x <= y, "{a:?} before {b:?}");
        }
    }
}

#[test]
fn diff_shows_changes_to_quantile_groups_ratings_and_dashboards() {
    let dir = common::temp_dir("dashboard-diff");
    std::fs::copy(
        "examples/sdg-style/countries.csv",
        dir.join("countries.csv"),
    )
    .unwrap();
    let new = std::fs::read_to_string(SDG)
        .unwrap()
        .replace("poverty_rate [green <= 2,", "poverty_rate [green <= 3,")
        .replace(
            "  report dashboard",
            "  group 四分位 = quartiles of poverty_rate\n  report dashboard",
        );
    std::fs::write(dir.join("new.cix"), new).unwrap();
    let out = common::cix()
        .args([
            "diff",
            SDG,
            dir.join("new.cix").to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("modified,dashboard lights,"), "{text}");
    assert!(text.contains("poverty_rate [green <= 3,"), "{text}");
    assert!(
        text.contains("added,group 四分位,,group 四分位 = quartiles of poverty_rate,"),
        "{text}"
    );
}
