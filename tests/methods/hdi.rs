//! examples/hdi: the HDI of the HDR 2015 (table 1, 2014 values) from its published inputs.
//! The table's inputs are rounded (life expectancy and schooling to 0.1 year, GNI to the
//! dollar) while UNDP computes from unrounded series, so 17 of the 24 countries reproduce the
//! published 3-decimal HDI exactly and the other 7 are 0.001 away; the README lists them.

use std::str::FromStr;

use rust_decimal::Decimal;

/// The countries whose published HDI the rounded inputs cannot reproduce (off by 0.001).
const OFF_BY_ONE_THOUSANDTH: &[&str] = &[
    "Switzerland",
    "Germany",
    "Singapore",
    "Iceland",
    "Korea (Republic of)",
    "Japan",
    "Austria",
];

#[test]
fn the_hdi_reproduces_the_published_values() {
    let l = crate::load("examples/hdi/index.cix");
    let mut rdr = csv_rows("examples/hdi/published.csv");
    rdr.remove(0);
    let hdi = l.model.node("HDI").unwrap();
    let mut exact = 0;
    for row in &rdr {
        let (country, published) = (&row[1], Decimal::from_str(&row[2]).unwrap());
        let u = l
            .results
            .unit(country)
            .unwrap_or_else(|| panic!("no {country}"));
        let got = l.results.score(u, hdi).unwrap();
        assert_eq!(
            got.scale(),
            3,
            "{country}: HDI is ranked on its 3-decimal value"
        );
        if got == published {
            exact += 1;
            assert!(
                !OFF_BY_ONE_THOUSANDTH.contains(&country.as_str()),
                "{country} now exact"
            );
        } else {
            assert_eq!(
                (got - published).abs(),
                Decimal::new(1, 3),
                "{country}: {got} vs {published}"
            );
            assert!(
                OFF_BY_ONE_THOUSANDTH.contains(&country.as_str()),
                "{country}"
            );
        }
    }
    assert!(
        exact >= 17,
        "only {exact} countries reproduce the published HDI"
    );
}

#[test]
fn caps_and_ties_as_published() {
    let l = crate::load("examples/hdi/index.cix");
    let score = |c: &str, n: &str| {
        let u = l.results.unit(c).unwrap();
        l.results.score(u, l.model.node(n).unwrap()).unwrap()
    };
    // Australia's 20.2 expected years are capped at 18: its schooling index is exactly 1.
    let eys = l.model.node("expected_schooling").unwrap();
    assert_eq!(
        score("Australia", "expected_schooling"),
        l.model.max_of(eys)
    );
    // Singapore's GNI 76,628 is capped at 75,000: its income index is exactly 1.
    assert_eq!(
        l.model.shown_value(
            l.model.node("income").unwrap(),
            score("Singapore", "income")
        ),
        Decimal::ONE
    );
    // Sweden and the United Kingdom share 0.907 and rank 14th together, as published.
    let out = crate::query(&l, "rank of Sweden, \"United Kingdom\"");
    assert!(out.contains("Sweden          0.907  90.70%    14"), "{out}");
    assert!(out.contains("United Kingdom  0.907  90.70%    14"), "{out}");
}

fn csv_rows(path: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|line| {
            let mut cells = Vec::new();
            let mut cur = String::new();
            let mut quoted = false;
            for ch in line.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(std::mem::take(&mut cur)),
                    c => cur.push(c),
                }
            }
            cells.push(cur);
            cells
        })
        .collect()
}
