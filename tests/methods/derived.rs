//! Derived values: a leaf reading an expression of columns, exact, with its errors located.

use std::str::FromStr;

use rust_decimal::Decimal;

const CSV: &str =
    "城市,GDP,常住人口,宽带用户,户数\n甲,100,3,50,80\n乙,200,4,70,70\n丙,150,5,20,40\n";

fn spec(leaf: &str) -> String {
    format!("index \"派生\" {{\n  data \"d.csv\" key 城市\n  indicator 基础 10 {{\n    {leaf}\n  }}\n  total 总分\n}}\n")
}

#[test]
fn an_expression_of_columns_is_exact_with_full_width_operators() {
    // (宽带用户 ／ 户数) × 100 + GDP ÷ 常住人口 − 1: 甲 62.5 + 33.333… − 1.
    let s = spec("宽带 10 { from （宽带用户 ／ 户数） × 100 ＋ GDP ÷ 常住人口 － 1  score ratio }");
    let l = crate::load_text("derived", &s, CSV).unwrap();
    let id = l.model.node("宽带").unwrap();
    let raw = |u: usize| l.scoring.raw[id].get(u).unwrap();
    let third = Decimal::from(100) / Decimal::from(3);
    assert_eq!(
        raw(0),
        Decimal::from_str("62.5").unwrap() + third - Decimal::ONE
    );
    // 乙: 70 / 70 × 100 + 200 / 4 − 1 = 149, the maximum: ratio 1 → 10 points.
    assert_eq!(raw(1), Decimal::from(149));
    assert_eq!(l.results.score(1, id).unwrap(), Decimal::from(10));
}

#[test]
fn a_division_by_zero_is_located_at_the_cell() {
    let s = spec("宽带 10 { from 宽带用户 / 户数 * 100  score ratio }");
    let csv = CSV.replace("丙,150,5,20,40", "丙,150,5,20,0");
    let e = crate::load_text("derived-zero", &s, &csv).unwrap_err();
    assert!(
        e.contains("E444") && e.contains("`户数` is 0") && e.contains("d.csv:4:12"),
        "{e}"
    );
}

#[test]
fn an_unknown_column_says_did_you_mean() {
    let s = spec("人均 10 { from GDP / 常驻人口  score ratio }");
    let e = crate::load_text("derived-unknown", &s, CSV).unwrap_err();
    assert!(
        e.contains("E443") && e.contains("did you mean `常住人口`"),
        "{e}"
    );
}

#[test]
fn a_missing_cell_follows_the_missing_policy() {
    let csv = CSV.replace("丙,150,5,20,40", "丙,150,,20,40");
    let s = spec("人均 10 { from GDP / 常住人口  score ratio  missing zero }");
    let l = crate::load_text("derived-missing", &s, &csv).unwrap();
    assert_eq!(
        l.results.score(2, l.model.node("人均").unwrap()).unwrap(),
        Decimal::ZERO
    );
    let s = spec("人均 10 { from GDP / 常住人口  score ratio }");
    let e = crate::load_text("derived-missing-error", &s, &csv).unwrap_err();
    assert!(e.contains("E205") && e.contains("`常住人口`"), "{e}");
}
