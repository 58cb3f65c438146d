//! Right answers from queries (issue 8): a missing value is never a silent 0; repeated `in` and
//! `where` combine, other repeated clauses are errors; several sort keys; the tie note; penalty
//! items with their sign; histogram bands limited; an unknown report is an error.
//!
//! tests/answers/xyzw.cix: units X, Y, Z, W with `a` = 10, (empty), 0, 5 under
//! `missing reweight`, a penalty item `p` = 0, 2, 0, 1, and a bonus item `c` whose children give X
//! 4 points, capped at 3.

use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use cix::output::{Cell, Output};
use cix::report::{render, Format};
use rust_decimal::Decimal;

const SPEC: &str = "tests/answers/xyzw.cix";

fn loaded() -> &'static cix::Loaded {
    static L: OnceLock<cix::Loaded> = OnceLock::new();
    L.get_or_init(|| cix::load(Path::new(SPEC), None).unwrap())
}

fn ask(q: &str) -> Output {
    cix::project::query(loaded(), q)
        .unwrap_or_else(|d| panic!("{q}: {}", cix::diag::render_plain(&d.0)))
}

/// `cix explain` of a unit at the total.
fn explain(unit: &str) -> Result<Output, cix::diag::Diags> {
    let l = loaded();
    cix::project::explain(l, unit, None)
}

fn error_code(q: &str) -> String {
    match cix::project::query(loaded(), q) {
        Ok(o) => panic!("{q}: expected an error, got\n{}", render(&o, Format::Table)),
        Err(d) => d.0[0].code.id.to_string(),
    }
}

fn keys(out: &Output, col: usize) -> Vec<String> {
    out.rows
        .iter()
        .map(|r| match &r[col] {
            Cell::Text(s) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

fn num(s: &str) -> Cell {
    Cell::Num(s.parse::<Decimal>().unwrap(), 2)
}

#[test]
fn stats_count_only_units_with_a_value() {
    let out = ask("stats a");
    assert_eq!(out.columns[1], "n");
    assert_eq!(out.rows[0][1], Cell::Int(3));
    assert_eq!(out.rows[0][2], num("5")); // (10 + 0 + 5) / 3, not 15 / 4
    assert!(
        out.notes
            .contains(&"1 unit left out: no value at `a` (Y)".to_string()),
        "{:?}",
        out.notes
    );
    let mean = ask("mean a");
    assert_eq!(mean.rows[0][1], Cell::Int(3));
    assert_eq!(mean.rows[0][2], num("5"));
}

#[test]
fn rankings_leave_out_units_without_a_value() {
    let out = ask("rank by a");
    assert_eq!(keys(&out, 1), ["X", "W", "Z"]);
    assert!(out.notes.iter().any(|n| n.contains("no value at `a` (Y)")));
    let top = ask("bottom 1 by a");
    assert_eq!(keys(&top, 1), ["Z"]);
}

#[test]
fn a_missing_value_shows_empty_in_every_format() {
    let out = ask("rank by 总分 show a, b");
    let y = out
        .rows
        .iter()
        .find(|r| r[1] == Cell::Text("Y".into()))
        .unwrap();
    assert_eq!(y[2], Cell::Missing);
    assert!(render(&out, Format::Table).contains("Y         —   6.00"));
    assert!(render(&out, Format::Csv).contains("\n3,Y,,6.00\n"));
    let json: serde_json::Value = serde_json::from_str(&render(&out, Format::Json)).unwrap();
    assert_eq!(json[2]["a"], serde_json::Value::Null);
    assert!(render(&out, Format::Md).contains("| 3 | Y | — | 6.00 |"));
}

#[test]
fn show_and_compare_leave_the_cell_and_rank_empty() {
    let out = ask("show Y");
    let a = &out.rows[0];
    assert_eq!(a[0], Cell::Tree("a".into(), 0));
    assert_eq!(
        (&a[1], &a[3], &a[4]),
        (&Cell::Missing, &Cell::Missing, &Cell::Missing)
    );
    let cmp = ask("compare X, Y");
    assert_eq!(cmp.rows[0][3], Cell::Missing);
    let of = ask("rank of Y by a");
    assert_eq!(of.rows[0][3], Cell::Missing);
}

#[test]
fn a_condition_on_a_missing_value_does_not_hold() {
    let out = ask("where a < 6");
    assert_eq!(keys(&out, 0), ["W", "Z"]);
    assert!(out.notes.iter().any(|n| n.contains("no value at `a` (Y)")));
}

#[test]
fn histograms_tiers_and_correlations_use_only_present_values() {
    let h = ask("histogram a step 5");
    let n: i64 = h
        .rows
        .iter()
        .map(|r| match r[1] {
            Cell::Int(k) => k,
            _ => 0,
        })
        .sum();
    assert_eq!(n, 3);
    // Tiers on `a`: Y is in none (the share of 4 units would put it in one).
    let t = ask("count by band");
    assert!(t
        .notes
        .iter()
        .any(|n| n.contains("in no tier of `band` (Y)")));
    let c = ask("corr a, b");
    assert!(c.notes.iter().any(|n| n.contains("pairwise-complete")));
    assert!(c.notes.iter().any(|n| n.contains("n = 3 to 4")));
}

#[test]
fn penalties_carry_their_sign() {
    let out = ask("rank by p");
    // Less penalty ranks first.
    assert_eq!(keys(&out, 1), ["X", "Z", "W", "Y"]);
    assert_eq!(out.rows[3][2], num("-2"));
    assert_eq!(out.rows[3][3], Cell::Rate("-0.4".parse().unwrap()));
    let e = explain("Y").unwrap();
    let p = e
        .rows
        .iter()
        .find(|r| r[0] == Cell::Tree("p".into(), 1))
        .unwrap();
    assert_eq!(p[6], num("-2"));
    assert!(matches!(&p[2], Cell::Text(t) if t.contains("subtracted from the total")));
    // A bonus item whose children give more than its points says where the cap bites.
    let x = explain("X").unwrap();
    let c = x
        .rows
        .iter()
        .find(|r| r[0] == Cell::Tree("c".into(), 1))
        .unwrap();
    assert_eq!(c[6], num("3"));
    assert!(matches!(&c[2], Cell::Text(t) if t.contains("capped at 3 (children give 4)")));
}

#[test]
fn repeated_in_and_where_combine() {
    let out = ask("rank by b where region = north where b > 7");
    assert_eq!(keys(&out, 1), ["X"]);
    let both = ask("rank by b in north in south");
    assert!(both.rows.is_empty());
    let one = ask("rank by b in north in north");
    assert_eq!(keys(&one, 1), ["X", "Y"]);
}

#[test]
fn other_repeated_clauses_are_errors() {
    for q in [
        "rank by b per region per region",
        "rank by b show a show b",
        "rank by b sort a sort b",
        "mean a by region top 1 top 2",
        "stats a quartiles inc quartiles exc",
    ] {
        assert_eq!(error_code(q), "E305", "{q}");
    }
}

#[test]
fn several_sort_keys() {
    let out = ask("where b > 0 sort region asc, b desc");
    assert_eq!(keys(&out, 0), ["X", "Y", "W", "Z"]);
    let out = ask("where b > 0 sort region, b asc");
    assert_eq!(keys(&out, 0), ["Z", "W", "Y", "X"]);
}

#[test]
fn histogram_bands_are_limited() {
    for step in ["0.0000000000000000000000000001", "0.000001", "0.001"] {
        let q = format!("histogram a step {step}");
        let d = cix::project::query(loaded(), &q).unwrap_err();
        assert_eq!(d.0[0].code.id, "E306", "{q}");
        assert!(d.0[0].help.as_deref().unwrap().contains("try `step 1`"));
    }
    assert_eq!(error_code("histogram a step 0"), "E303");
}

#[test]
fn tie_note_counts_the_tied_units_at_their_place() {
    let l = cix::load(Path::new("examples/smart-city-2015/index.cix"), None).unwrap();
    let out = cix::project::query(&l, "top 2 by 基础信息资源建设与共享").unwrap();
    assert_eq!(out.rows.len(), 31);
    assert!(
        out.notes
            .contains(&"top 2: 31 rows, because 31 units tie at 1st place".to_string()),
        "{:?}",
        out.notes
    );
}

#[test]
fn an_unknown_report_beside_all_is_an_error() {
    let d = cix::project::run_reports(loaded(), &["all".into(), "nosuch".into()]).unwrap_err();
    assert_eq!(d.0[0].code.id, "E301");
    Command::cargo_bin("cix")
        .unwrap()
        .args([
            "run",
            "examples/smart-city-2015/index.cix",
            "all",
            "总排名x",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E301"))
        .stderr(predicates::str::contains("did you mean"));
}

/// The manual's examples on units without a value (```cix-query tests/answers/xyzw.cix) print
/// the ```text block after them.
#[test]
fn the_manual_shows_what_runs() {
    let md = std::fs::read_to_string("docs/language.md").unwrap();
    let bs = crate::common::blocks(&md);
    let mut n = 0;
    for (i, (info, body, line)) in bs.iter().enumerate() {
        if info != &format!("cix-query {SPEC}") {
            continue;
        }
        n += 1;
        let (_, expected, _) = &bs[i + 1];
        let got = render(&ask(body.trim()), Format::Table);
        assert_eq!(&got, expected, "docs/language.md line {line}");
    }
    assert!(n >= 2, "only {n} examples");
}
