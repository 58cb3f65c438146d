//! `coverage all [below N%]` (language chapter 5): every indicator's and every unit's data
//! availability, those below the threshold (65%, the JRC's rule of thumb) flagged.

use cix::report::{render, Format};

fn answer(q: &str, f: Format) -> String {
    let l = cix::load(
        std::path::Path::new("tests/treatment/data/coverage.cix"),
        None,
    )
    .unwrap();
    let out =
        cix::project::query(&l, q).unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&d.0)));
    render(&out, f)
}

#[test]
fn every_unit_and_indicator_is_listed_in_order() {
    let csv = answer("coverage all", Format::Csv);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "kind,name,available,of,availability,below 65%");
    // 3 indicators then 12 units, in the spec's and the data's order.
    assert_eq!(lines.len(), 1 + 3 + 12);
    // small.csv: c is empty for B, G and I (9 of 12); b for D and I (10 of 12).
    assert_eq!(lines[3], "indicator,c,9,12,0.7500,");
    assert_eq!(lines[4], "unit,A,3,3,1.0000,");
    // I has only a: 1 of 3, the one unit below 65%.
    assert!(lines.contains(&"unit,I,1,3,0.3333,yes"), "{csv}");
    assert_eq!(lines.iter().filter(|l| l.ends_with(",yes")).count(), 1);
}

#[test]
fn a_threshold_flags_more() {
    let csv = answer("coverage all below 70%", Format::Csv);
    let flagged: Vec<&str> = csv
        .lines()
        .filter(|l| l.ends_with(",yes"))
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(flagged, ["B", "D", "G", "I"]);
}

#[test]
fn without_all_only_those_below_are_listed() {
    let t = answer("coverage below 70%", Format::Table);
    assert!(!t.contains("below 70%\n") && !t.contains("unit  A "), "{t}");
}
