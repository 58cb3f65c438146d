//! examples/gii-style: a GII-shaped index on illustrative data against an independent oracle
//! (`tests/oracle/gii_style.py` → `gii-style.json`): the JRC treatment of every indicator,
//! pillars with half weights, the sub-indices, the GII and the efficiency ratio, every economy.

use std::str::FromStr;

use rust_decimal::Decimal;

fn oracle() -> serde_json::Value {
    let text = std::fs::read_to_string("tests/oracle/gii-style.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

/// |a − b| below 10⁻⁹ (the scaled log is rust_decimal's `ln`, about 20 digits).
fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() < Decimal::new(1, 9)
}

#[test]
fn every_economy_matches_the_oracle() {
    let l = crate::load("examples/gii-style/index.cix");
    let o = oracle();
    let economies = o["economies"].as_object().unwrap();
    assert_eq!(economies.len(), 20);
    for (key, want) in economies {
        let u = l.results.unit(key).unwrap();
        for (node, value) in want.as_object().unwrap() {
            let id = l.model.node(node).unwrap();
            let score = l.results.score(u, id).unwrap();
            // Pillars and sub-indices are shown 0–100; the GII is the total on 0–100.
            let shown = l.model.shown_value(id, score);
            let expected = Decimal::from_str(value.as_str().unwrap()).unwrap();
            assert!(
                close(shown, expected),
                "{key} {node}: cix {shown}, oracle {expected}"
            );
        }
    }
}

#[test]
fn treatment_matches_the_oracle() {
    let l = crate::load("examples/gii-style/index.cix");
    let o = oracle();
    let out = crate::query(&l, "outliers");
    for (leaf, t) in o["treatments"].as_object().unwrap() {
        let line = out
            .lines()
            .find(|x| x.starts_with(&format!("{leaf} ")))
            .unwrap_or_else(|| panic!("{leaf} not in\n{out}"));
        let steps = t["steps"].as_u64().unwrap();
        match t["outcome"].as_str().unwrap() {
            "passed" => assert!(line.contains("none needed"), "{line}"),
            "winsorised" => assert!(
                line.contains(&format!("winsorised (high end), {steps} step")),
                "{line}"
            ),
            other => assert!(line.contains(other), "{line}"),
        }
    }
}

#[test]
fn the_reports_rank_by_the_gii_and_by_the_ratio() {
    let l = crate::load("examples/gii-style/index.cix");
    let ranking = crate::query(&l, "rank by GII show Input, Output, GII, Efficiency");
    let first = ranking.lines().nth(2).unwrap();
    // Tarsis: Input 67.9718…, Output 84.9868…, GII 76.4793…, efficiency 1.2503….
    assert_eq!(
        first.split_whitespace().collect::<Vec<_>>(),
        ["1", "Tarsis", "67.97", "84.99", "76.48", "1.25"]
    );
    // The efficiency ranking: Norland's small inputs give the highest ratio (oracle: 1.737…).
    let eff = crate::query(&l, "top 1 by Efficiency");
    assert!(eff.contains("Norland"), "{eff}");
    let o = oracle();
    let best = o["economies"]
        .as_object()
        .unwrap()
        .iter()
        .max_by_key(|(_, e)| Decimal::from_str(e["Efficiency"].as_str().unwrap()).unwrap())
        .unwrap();
    assert_eq!(best.0, "Norland");
}
