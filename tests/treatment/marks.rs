//! Every imputed cell marked (language chapter 5): the `imputed` column of rankings, lists and
//! `show`, in the table, CSV and JSON; `explain`'s raw value; what is not marked (observed
//! values, a column the data lacks, leaves outside the indicators a table shows).

use cix::report::{render, Format};

// x: b and d missing (mean of 1, 3, 5 = 3); y: d missing (zero); z: c missing (reweight, not
// imputed).
const CSV: &str = "unit,x,y,z\na,1,4,2\nb,,6,3\nc,3,8,\nd,,,5\ne,5,2,4\n";
const SPEC: &str = "index \"m\" {\n  data \"d.csv\" key unit\n  score given 0-10\n  indicator 甲 20 {\n    x 10 { missing mean }\n    y 10 { missing zero }\n  }\n  indicator 乙 10 { z 10 { missing reweight } }\n  indicator 丙 10 { w 10 { missing zero } }\n  total 总分\n}\n";

fn load(name: &str) -> cix::Loaded {
    let dir = crate::common::temp_dir(&format!("marks-{name}"));
    std::fs::write(dir.join("d.csv"), CSV).unwrap();
    std::fs::write(dir.join("m.cix"), SPEC).unwrap();
    cix::load(&dir.join("m.cix"), None)
        .unwrap_or_else(|e| panic!("{}", cix::diag::render_plain(&e.0)))
}

fn answer(l: &cix::Loaded, q: &str, f: Format) -> String {
    let out =
        cix::project::query(l, q).unwrap_or_else(|d| panic!("{}", cix::diag::render_plain(&d.0)));
    render(&out, f)
}

#[test]
fn a_ranking_names_the_imputed_leaves_in_csv() {
    let l = load("csv");
    let csv = answer(&l, "rank by 总分", Format::Csv);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",imputed"), "{csv}");
    let row = |u: &str| {
        csv.lines()
            .find(|x| x.split(',').nth(1) == Some(u))
            .unwrap_or_else(|| panic!("{u} in {csv}"))
            .to_string()
    };
    // d: x by the mean and y by zero, in model order (quoted: the cell holds a comma).
    assert!(row("d").ends_with(",\"x, y\""), "{csv}");
    assert!(row("b").ends_with(",x"), "{csv}");
    // c's z is left out (reweight), not imputed; a and e are complete: blank.
    assert!(row("c").ends_with(','), "{csv}");
    assert!(row("a").ends_with(','), "{csv}");
}

#[test]
fn json_gives_null_where_nothing_was_imputed() {
    let l = load("json");
    let json: serde_json::Value =
        serde_json::from_str(&answer(&l, "rank by 总分", Format::Json)).unwrap();
    let rows = json.as_array().unwrap();
    let of = |u: &str| rows.iter().find(|r| r["unit"] == u).unwrap()["imputed"].clone();
    assert_eq!(of("d"), serde_json::json!("x, y"));
    assert_eq!(of("a"), serde_json::Value::Null);
}

#[test]
fn only_leaves_under_the_indicators_shown_are_named() {
    let l = load("under");
    // Ranked by y and showing y: only y's imputation (d) counts; b's x is not under y.
    let csv = answer(&l, "rank by y show y", Format::Csv);
    assert!(csv.lines().any(|x| x.ends_with(",d,0.00,y")), "{csv}");
    assert!(
        csv.lines().any(|x| x.contains(",b,") && x.ends_with(',')),
        "{csv}"
    );
    // Nothing imputed under 乙: no column at all.
    let t = answer(&l, "rank by 乙 show 乙", Format::Table);
    assert!(!t.contains("imputed"), "{t}");
}

#[test]
fn show_says_how_each_leaf_was_filled() {
    let l = load("show");
    let t = answer(&l, "show d", Format::Table);
    assert!(t.lines().nth(1).unwrap().contains("imputed"), "{t}");
    let line = |name: &str| {
        t.lines()
            .find(|x| x.trim_start().starts_with(name))
            .unwrap()
            .to_string()
    };
    assert!(line("x ").ends_with("mean"), "{t}");
    assert!(line("y ").ends_with("zero"), "{t}");
    // a has nothing imputed: no column.
    let a = answer(&l, "show a", Format::Table);
    assert!(!a.contains("imputed"), "{a}");
}

#[test]
fn a_column_the_data_lacks_is_not_marked() {
    let l = load("absent");
    let w = l.model.node("w").unwrap();
    assert_eq!(
        l.results.inputs.imputed(l.results.unit("a").unwrap(), w),
        None
    );
}

#[test]
fn explain_shows_the_filled_value() {
    let l = load("explain");
    let out =
        cix::explain::explain(&l.model, &l.dataset, &l.results, &l.scoring, "d", None).unwrap();
    let text = format!("{:?}", out.rows);
    assert!(
        text.contains("— → 3") && text.contains("missing → sample mean (3)"),
        "{text}"
    );
    assert!(text.contains("missing → 0 (missing zero)"), "{text}");
}
