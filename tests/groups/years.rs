//! Several years (language chapter 7, "Several years"): each year evaluated, `at 2017`,
//! `change … from`, rank movement, CAGR, group changes, blends, and their errors. The expected
//! values are worked by hand from tests/groups/specs/years-*.csv (totals below).
//!
//! Totals — 2016: A 70, B 50, C 50, D 30 · 2017: A 75, B 60, C 40 (D absent) · 2018: A 80,
//! B 81, C 60, D 35.

use crate::{check_codes, load, rows, table};

const SPEC: &str = "tests/groups/specs/years.cix";

#[test]
fn every_year_is_evaluated_and_queried_with_at() {
    let l = load(SPEC);
    // The last year is the default.
    let now = rows(&l, "rank by 总分 show 总分");
    assert_eq!(now[1], ["1", "B", "81.00"]);
    let then = rows(&l, "rank by 总分 at 2017 show 总分");
    assert_eq!(then.len(), 4, "three units in 2017");
    assert_eq!(then[1], ["1", "A", "75.00"]);
    // The report kept with the spec runs over its year.
    let out = cix::project::run_reports(&l, &["二〇一七".to_string()]).unwrap();
    let text = cix::report::render(&out[0].1, cix::report::Format::Csv);
    assert!(text.contains("1,A,"), "{text}");
}

#[test]
fn change_per_unit_with_ranks_and_cagr() {
    let l = load(SPEC);
    let r = rows(&l, "change 总分 from 2016");
    assert_eq!(
        r[0],
        [
            "城市",
            "总分（2016）",
            "总分（2018）",
            "变化",
            "排名（2016）",
            "排名（2018）",
            "名次变化",
            "年均增长率"
        ]
    );
    // B: 50 → 81, rank 2 (tied with C) → 1, (81/50)^(1/2) − 1 = 0.272792…
    assert_eq!(&r[1][..7], ["B", "50.00", "81.00", "31.00", "2", "1", "1"]);
    assert_eq!(r[1][7], "0.2728", "0.272792… in 4 decimals");
    // A: 70 → 80, rank 1 → 2: moved down one.
    assert_eq!(&r[2][..7], ["A", "70.00", "80.00", "10.00", "1", "2", "-1"]);
    // D: 30 → 35, 4th both years.
    assert_eq!(&r[4][..7], ["D", "30.00", "35.00", "5.00", "4", "4", "0"]);
    // One year apart the growth is exact: 81/60 − 1 = 0.35.
    let r = rows(&l, "change 总分 from 2017");
    assert_eq!(r[1][7], "0.3500");
}

#[test]
fn a_unit_missing_in_one_year_has_no_value_never_zero() {
    let l = load(SPEC);
    let r = rows(&l, "change 总分 from 2017");
    let d = r.iter().find(|r| r[0] == "D").unwrap();
    assert_eq!(d[1], "", "no value in 2017");
    assert_eq!(d[3], "", "no change");
    assert_eq!(d[6], "", "no rank movement");
    let t = table(&l, "change 总分 from 2017");
    assert!(
        t.contains("1 unit absent from 2017: no value then, no change (`D`)"),
        "{t}"
    );
    // A blend needs every year of it.
    let b = rows(&l, "rank by 总分 at 三年综合 show 总分");
    assert!(b.iter().all(|r| r[1] != "D"), "{b:?}");
}

#[test]
fn blends_weight_every_node_across_years() {
    let l = load(SPEC);
    let b = rows(&l, "rank by 总分 at 三年综合 show 甲, 总分");
    // A: (3·80 + 2·75 + 70) / 6 = 76.67; 甲: (3·36 + 2·35 + 30) / 6 = 34.67
    assert_eq!(b[1], ["1", "A", "34.67", "76.67"]);
    // B: (243 + 120 + 50) / 6 = 68.83; C: (180 + 80 + 50) / 6 = 51.67
    assert_eq!(b[2][3], "68.83");
    assert_eq!(b[3][3], "51.67");
    let h = rows(&l, "rank by 总分 at 两年均值 show 总分");
    assert_eq!(h[1], ["1", "A", "77.50"]);
}

#[test]
fn group_means_and_measures_across_years() {
    let l = load(SPEC);
    // 东: 2016 mean(70, 50) = 60 → 2018 mean(80, 81) = 80.5; 西 (C, D): 40 → 47.5.
    let g = rows(&l, "change mean 总分 by 区域 from 2016");
    assert_eq!(g[1], ["东", "2", "60.00", "2", "80.50", "20.50"]);
    assert_eq!(g[2], ["西", "2", "40.00", "2", "47.50", "7.50"]);
    // The best unit of each region: 2018 东 81, 西 60; 2017 东 75, 西 40.
    let m = rows(&l, "measure 区域前一");
    assert_eq!(m[1], ["东", "1", "1", "81.00"]);
    let c = rows(&l, "change 区域前一 from 2017");
    assert_eq!(c[1], ["东", "75.00", "81.00", "6.00"]);
    assert_eq!(c[2], ["西", "40.00", "60.00", "20.00"]);
    let at = rows(&l, "measure 区域前一 at 2016");
    assert_eq!(at[1][3], "70.00");
}

#[test]
fn year_errors_are_located() {
    let (code, err) = check_codes("tests/groups/specs/bad_years.cix");
    assert_eq!(code, 1, "{err}");
    for needle in [
        "E131", // 2016 twice in `years`; 2018 twice in a blend
        "the year 2016 is named twice in `years`",
        "the year 2018 is named twice in the blend `三年综合`",
        "E132",
        "the blend's weights sum to 110%, not 100%",
        "E130",
        "the spec has no year 2015",
        "the spec has no year 2014",
        "E134",
        "did you mean `总分`?",
        "did you mean `区域`?",
        "a group's top 0 units have no statistic",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    let l = load(SPEC);
    for (q, needle) in [
        ("rank by 总分 at 2015", "the spec has no year 2015"),
        ("change 总分 from 2018", "2018 is the last year"),
        ("change 总分 from 2017 to 2016", "goes backwards"),
        ("change 总份 from 2017", "did you mean `总分`?"),
        ("measure 区域前二", "unknown measure"),
    ] {
        let e = cix::project::query(&l, q).unwrap_err();
        let text = cix::diag::render_plain(&e.0);
        assert!(text.contains(needle), "{q}: {text}");
    }
}

#[test]
fn diff_shows_years_blends_and_measures() {
    let dir = common_dir();
    let new = dir.join("new.cix");
    std::fs::write(
        &new,
        format!(
            "extends \"{}\"\nindex \"多年示例\" {{\n  blend 三年综合 = [2018: 5, 2017: 3, 2016: 2]\n  measure 区域前二 = median 总分 by 区域 top 2\n}}\n",
            std::fs::canonicalize(SPEC).unwrap().display()
        ),
    )
    .unwrap();
    let out = crate::common::cix()
        .args(["diff", SPEC, new.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("modified,blend 三年综合,\"blend 三年综合 = [2018: 3, 2017: 2, 2016: 1]\",\"blend 三年综合 = [2018: 5, 2017: 3, 2016: 2]\""),
        "{text}"
    );
    assert!(
        text.contains("added,measure 区域前二,,measure 区域前二 = median 总分 by 区域 top 2"),
        "{text}"
    );
}

fn common_dir() -> std::path::PathBuf {
    crate::common::temp_dir("years-diff")
}

/// A spec with a year column over `data` written to a temporary folder.
fn column_spec(name: &str, data: &str) -> std::path::PathBuf {
    let dir = crate::common::temp_dir(name);
    std::fs::write(dir.join("data.csv"), data).unwrap();
    std::fs::write(
        dir.join("index.cix"),
        "index \"列\" {\n  data \"data.csv\" key 城市\n  years 年份 [2017, 2018]\n  indicator 甲 100\n  total 总分 100\n}\n",
    )
    .unwrap();
    dir.join("index.cix")
}

#[test]
fn a_year_column_splits_the_rows_and_its_errors_are_located() {
    let ok = column_spec(
        "years-col",
        "城市,年份,甲\nA,2017,10\nA,2018,30\nB,2017,20\nB,2018,25\n",
    );
    let l = crate::load(ok.to_str().unwrap());
    let r = rows(&l, "change 甲 from 2017");
    assert_eq!(&r[1][..4], ["A", "10.00", "30.00", "20.00"]);
    assert_eq!(&r[2][..7], ["B", "20.00", "25.00", "5.00", "1", "2", "-1"]);
    // A row of an undeclared year: E130 at its cell (line 3, column 2).
    let bad = column_spec(
        "years-col-bad",
        "城市,年份,甲\nA,2017,10\nA,2016,30\nA,2018,5\n",
    );
    let (code, err) = check_codes(bad.to_str().unwrap());
    assert_eq!(code, 1);
    assert!(
        err.contains("E130") && err.contains("the year `2016` (line 3, column 2)"),
        "{err}"
    );
    // A declared year without rows, and a missing year column: E133.
    let empty = column_spec("years-col-empty", "城市,年份,甲\nA,2017,10\n");
    let (_, err) = check_codes(empty.to_str().unwrap());
    assert!(
        err.contains("E133") && err.contains("no rows for 2018"),
        "{err}"
    );
    let none = column_spec("years-col-none", "城市,年,甲\nA,2017,10\n");
    let (_, err) = check_codes(none.to_str().unwrap());
    assert!(
        err.contains("E133") && err.contains("no year column `年份`"),
        "{err}"
    );
}

#[test]
fn the_repl_answers_at_a_year_and_across_years() {
    let out = crate::common::cix()
        .args(["repl", SPEC])
        .write_stdin("rank by 总分 at 2017\nchange 总分 from 2016\n")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // 2017's leader is A with 75; the change table names both years.
    assert!(text.contains("75.00"), "{text}");
    assert!(text.contains("总分（2016）"), "{text}");
}

#[test]
fn cix_sql_refuses_several_years() {
    let out = crate::common::cix().args(["sql", SPEC]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("E630") && err.contains("several years"),
        "{err}"
    );
}

#[test]
fn change_of_the_score_rate_and_of_group_medians() {
    let l = load(SPEC);
    // 得分率 = total ÷ 100: B 0.50 → 0.81.
    let r = rows(&l, "change 得分率 from 2016");
    assert_eq!(r[0][1], "得分率（2016）");
    assert_eq!(&r[1][..4], ["B", "0.5000", "0.8100", "0.3100"]);
    // 西 in 2018 (C 60, D 35): median 47.5; in 2017 only C has a value: 40.
    let m = rows(&l, "change median 总分 by 区域 from 2017");
    assert_eq!(m[2], ["西", "1", "40.00", "2", "47.50", "7.50"]);
    // `in` and `where` choose units of the later year.
    let w = rows(&l, "change 总分 from 2016 where 总分 >= 80");
    assert_eq!(w.len(), 3, "{w:?}");
}
