//! Coverage rules (`require N% data`) and the `coverage` query, on `data/small.csv`:
//!
//! | unit | a   | b  | c  |  observed     |
//! | A–H  | 1–8 | 5–8 (D none) | 10–17 (B, G none) |
//! | I    | 9   |    |    | 1 of 3        |
//! | J–L  | 10, 30, 100 | 9, 9, 10 | 19–21 |
//!
//! B, D and G have 2 of 3 indicators (66.67%) and I 1 of 3: below the total's 80%.
//! Under `一` (a, b; 60%): D and I have 1 of 2 (50%).

use std::path::Path;

fn load() -> cix::Loaded {
    match cix::load(Path::new("tests/treatment/data/coverage.cix"), None) {
        Ok(l) => l,
        Err(e) => panic!("{}", cix::diag::render_plain(&e.0)),
    }
}

fn csv(l: &cix::Loaded, q: &str) -> String {
    let out = cix::project::query(l, q).unwrap();
    let mut text = cix::report::render(&out, cix::report::Format::Csv);
    for n in &out.notes {
        text.push_str(&format!("# {n}\n"));
    }
    text
}

#[test]
fn units_below_the_requirement_have_no_score() {
    let l = load();
    let total = l.model.total;
    let one = l.model.node("一").unwrap();
    let score = |u: &str, n| l.results.score(l.results.unit(u).unwrap(), n);
    for u in ["B", "D", "G", "I"] {
        assert_eq!(score(u, total), None, "{u}");
    }
    // D and I lack data under 一 (1 of 2 = 50% < 60%); B and G have both a and b.
    assert_eq!(score("D", one), None);
    assert_eq!(score("I", one), None);
    assert!(score("B", one).is_some());
    assert!(score("A", total).is_some());
    assert!(l.warnings.iter().any(|w| w.code.id == "W421"));
}

#[test]
fn rankings_leave_them_out_and_say_why() {
    let l = load();
    let text = csv(&l, "rank by 总分");
    assert_eq!(
        text.lines().filter(|x| !x.starts_with('#')).count(),
        9,
        "{text}"
    );
    assert!(
        text.contains("4 units left out: too little data (`require 80% data` at `总分`: B 66.67%, D 66.67%, G 66.67%, I 33.33%)"),
        "{text}"
    );
}

#[test]
fn explain_says_why_there_is_no_score() {
    let l = load();
    let out =
        cix::explain::explain(&l.model, &l.dataset, &l.results, &l.scoring, "D", None).unwrap();
    assert!(
        out.notes.iter().any(|n| n
            == "D has no score at `一`: data for 1 of its 2 indicators (50%), `require 60% data`"),
        "{:?}",
        out.notes
    );
}

#[test]
fn the_coverage_query_lists_units_and_indicators_below_a_threshold() {
    let l = load();
    // The default threshold is the JRC's 65%: only I (1 of 3).
    assert!(
        csv(&l, "coverage").starts_with("kind,name,available,of,availability\nunit,I,1,3,0.3333")
    );
    let text = csv(&l, "coverage below 90%");
    let rows: Vec<&str> = text.lines().filter(|x| !x.starts_with('#')).collect();
    assert_eq!(
        rows[1..],
        [
            "indicator,c,9,12,0.7500",
            "indicator,b,10,12,0.8333",
            "unit,I,1,3,0.3333",
            "unit,B,2,3,0.6667",
            "unit,D,2,3,0.6667",
            "unit,G,2,3,0.6667",
        ],
        "{text}"
    );
    let e = cix::project::query(&l, "coverage below 120%")
        .err()
        .unwrap();
    assert!(cix::diag::render_plain(&e.0).contains("E340"));
}

#[test]
fn spearman_averages_tied_ranks() {
    // b's observed scores tie (J and K both 9); ρ is Pearson's r of the average ranks.
    let l = load();
    let text = csv(&l, "corr a, c spearman");
    assert!(text.contains("Spearman"), "{text}");
    let a = l.model.node("a").unwrap();
    let c = l.model.node("c").unwrap();
    let (xs, ys): (Vec<f64>, Vec<f64>) = (0..l.results.units.len())
        .filter_map(|u| {
            use rust_decimal::prelude::ToPrimitive;
            Some((
                l.results.score(u, a)?.to_f64()?,
                l.results.score(u, c)?.to_f64()?,
            ))
        })
        .unzip();
    let rho = cix::stats::shape::spearman(&xs, &ys).unwrap();
    let ra = cix::stats::shape::average_ranks(&xs);
    let rc = cix::stats::shape::average_ranks(&ys);
    assert_eq!(rho, cix::stats::pearson(&ra, &rc).unwrap());
    // a's top two are tied after winsorising (30, 30): average rank 11.5.
    assert_eq!(ra.iter().filter(|&&r| r == 11.5).count(), 2);
}

#[test]
fn stats_add_skew_kurtosis_zeros_and_availability() {
    // a's points are an affine image of its treated values (1…10, 30, 30), so their skew and
    // kurtosis are the oracle's after treatment (1.712, 1.816); one unit scores 0 (1 of 12);
    // every unit has a raw value of a. c: 9 of 12 observed.
    let l = load();
    let text = csv(&l, "stats a");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .ends_with(",1.712,1.816,0.0833,1.0000"),
        "{text}"
    );
    let text = csv(&l, "stats c");
    assert!(text.lines().nth(1).unwrap().ends_with(",0.7500"), "{text}");
    // 一 holds a and b: 22 of 24 raw values (b lacks D and I).
    let text = csv(&l, "stats 一");
    assert!(text.lines().nth(1).unwrap().ends_with(",0.9167"), "{text}");
}

#[test]
fn show_marks_imputed_values() {
    let l = load();
    let out = cix::project::query(&l, "show B").unwrap();
    assert!(
        out.notes
            .iter()
            .any(|n| n == "imputed (no value in the data): c (mean)"),
        "{:?}",
        out.notes
    );
}
