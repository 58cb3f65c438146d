//! Every normalisation and mean of `tests/methods/fixtures/methods.cix` against
//! `tests/oracle/methods-expected.json`, computed by `tests/oracle/methods.py` (fractions and
//! 50-digit decimals, standard library only).

use std::str::FromStr;

use rust_decimal::Decimal;

#[test]
fn every_node_of_every_unit_matches_the_oracle() {
    let l = crate::load("tests/methods/fixtures/methods.cix");
    let text = std::fs::read_to_string("tests/oracle/methods-expected.json").unwrap();
    let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tolerance = Decimal::from_str("0.000000000000001").unwrap();
    let mut checked = 0;
    for (unit, nodes) in expected.as_object().unwrap() {
        let u = l
            .results
            .unit(unit)
            .unwrap_or_else(|| panic!("no unit {unit}"));
        for (node, value) in nodes.as_object().unwrap() {
            let id = l
                .model
                .node(node)
                .unwrap_or_else(|| panic!("no node {node}"));
            let want = Decimal::from_str(value.as_str().unwrap()).unwrap();
            let got = l.results.score(u, id).unwrap();
            assert!(
                (got - want).abs() <= tolerance,
                "{unit} at {node}: cix {got}, oracle {want}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 6 * 17);
}

#[test]
fn exact_methods_are_exact() {
    // rank of x = 20 (tied with another 20): ranks 2 and 3 averaged = 2.5 of 6 → 2.5/6 × 10;
    // reference C: z / 8 × 10 = 4/8 × 10 = 5 for B; relative 1, 1, 0.5 of 25 → 10, 10, 5.
    let l = crate::load("tests/methods/fixtures/methods.cix");
    let score = |unit: &str, node: &str| {
        l.results
            .score(l.results.unit(unit).unwrap(), l.model.node(node).unwrap())
            .unwrap()
    };
    let d = |s: &str| Decimal::from_str(s).unwrap();
    assert_eq!(score("B", "秩"), d("2.5") / d("6") * d("10"));
    assert_eq!(score("B", "对标"), d("5"));
    let max = |node: &str| l.model.max_of(l.model.node(node).unwrap());
    assert_eq!(
        (max("一"), max("二"), max("三")),
        (d("10"), d("10"), d("5"))
    );
}
