//! Scales and rounding as published: `round` on a parent and on the total (before ranking),
//! `decimals`, `shown 0-H`, and their errors (E442).

use rust_decimal::Decimal;

const CSV: &str = "国家,x,y\nA,0.33349,1\nB,0.33351,1\nC,0.3,1\n";

fn spec(total_block: &str, parent: &str) -> String {
    format!(
        "index \"舍入\" {{\n  data \"d.csv\" key 国家\n  scale 0-1\n  indicator 甲 1 {{\n    {parent}\n    x 0.5 {{ score given 0-1 }}\n    y 0.5 {{ score given 0-1 }}\n  }}\n  total 总分 {total_block}\n}}\n"
    )
}

#[test]
fn a_rounded_total_ties_units_that_differ_beyond_its_decimals() {
    // 总分 = (x + y) / 2: 0.666745 and 0.666755 → both 0.667 at 3 decimals half-up.
    let l = crate::load_text("round-total", &spec("{ round 3 half-up }", ""), CSV).unwrap();
    let t = l.model.total;
    assert_eq!(l.results.score(0, t).unwrap(), Decimal::new(667, 3));
    assert_eq!(l.results.score(1, t).unwrap(), Decimal::new(667, 3));
    let out = crate::query(&l, "rank by 总分");
    assert!(
        out.contains("1  A") && out.contains("1  B"),
        "a tie at 1st: {out}"
    );
    let unrounded = crate::load_text("round-none", &spec("", ""), CSV).unwrap();
    assert!(unrounded.results.score(0, t).unwrap() < unrounded.results.score(1, t).unwrap());
}

#[test]
fn a_parent_is_rounded_and_shown_on_its_own_scale() {
    let l = crate::load_text(
        "round-parent",
        &spec("", "round 2 down  shown 0-100  decimals 1"),
        CSV,
    )
    .unwrap();
    let id = l.model.node("甲").unwrap();
    // (0.33349 + 1) / 2 = 0.666745 → 0.66 (down); shown 0.66 ÷ 1 × 100 = 66.0.
    assert_eq!(l.results.score(0, id).unwrap(), Decimal::new(66, 2));
    let out = crate::query(&l, "show A");
    assert!(out.contains("甲      66.0   100.0"), "{out}");
}

#[test]
fn shown_and_decimals_errors() {
    let bad = crate::load_text("shown-bad", &spec("", "shown 1-5"), CSV).unwrap_err();
    assert!(bad.contains("E442") && bad.contains("shown 0-1"), "{bad}");
    let bad = crate::load_text("decimals-bad", &spec("{ decimals 30 }", ""), CSV).unwrap_err();
    assert!(bad.contains("E442") && bad.contains("`30`"), "{bad}");
}
