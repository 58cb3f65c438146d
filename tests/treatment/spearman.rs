//! `corr … spearman` (language chapter 5, "Rank correlation") against an independent value:
//! `tests/oracle/spearman.py` ranks the treated and filled raw values by hand (ties averaged).

use rust_decimal::prelude::ToPrimitive;

#[test]
fn spearman_agrees_with_the_oracle() {
    let o: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/oracle/spearman.json").unwrap())
            .unwrap();
    let want = o["corr a, c spearman"].as_f64().unwrap();
    let l = cix::load(
        std::path::Path::new("tests/treatment/data/coverage.cix"),
        None,
    )
    .unwrap();
    let (a, c) = (l.model.node("a").unwrap(), l.model.node("c").unwrap());
    let (xs, ys): (Vec<f64>, Vec<f64>) = (0..l.results.units.len())
        .filter_map(|u| {
            Some((
                l.results.score(u, a)?.to_f64()?,
                l.results.score(u, c)?.to_f64()?,
            ))
        })
        .unzip();
    assert_eq!(xs.len(), 12);
    let rho = cix::stats::shape::spearman(&xs, &ys).unwrap();
    assert!((rho - want).abs() < 1e-9, "{rho} vs {want}");
    // The query prints it to 3 decimals.
    let out = cix::project::query(&l, "corr a, c spearman").unwrap();
    let text = cix::report::render(&out, cix::report::Format::Csv);
    assert!(text.contains(&format!("{want:.3}")), "{text}");
}
