//! examples/sdg-style: goalposts from an optimum to a lower bound, means within goals, the 80%
//! coverage rule. Values worked out by hand (exact fractions) from countries.csv.

use std::path::Path;

use rust_decimal::Decimal;

fn load() -> cix::Loaded {
    match cix::load(Path::new("examples/sdg-style/index.cix"), None) {
        Ok(l) => l,
        Err(e) => panic!("{}", cix::diag::render_plain(&e.0)),
    }
}

fn total(l: &cix::Loaded, country: &str) -> Option<Decimal> {
    l.results
        .score(l.results.unit(country).unwrap(), l.model.total)
        .map(|v| v.round_dp(6))
}

#[test]
fn scores_are_means_of_goalposted_indicators() {
    let l = load();
    // Galloway, primary enrolment missing (education = literacy alone):
    // 25 × ((50 − 8.9)/50 + ((130 − 19.5)/127.4 + (73.9 − 54)/29)/2 + (91.7 − 50)/50
    //       + ((89 − 40)/60 + (70.3 − 20)/80)/2) = 78.887131…
    assert_eq!(total(&l, "Galloway"), Some(Decimal::new(78_887_131, 6)));
    // Dunmore, every value present: 16.154637…
    assert_eq!(total(&l, "Dunmore"), Some(Decimal::new(16_154_637, 6)));
}

#[test]
fn a_country_below_80_percent_has_no_score() {
    let l = load();
    // Istria: 4 of 7 indicators (57.14%); Kestrel: 6 of 7 (85.71%) keeps its score.
    assert_eq!(total(&l, "Istria"), None);
    assert!(total(&l, "Kestrel").is_some());
    let out = cix::project::run_reports(&l, &["ranking".to_string()]).unwrap();
    let (_, ranking) = &out[0];
    assert_eq!(ranking.rows.len(), 11);
    assert!(ranking.notes.iter().any(|n| n.contains("Istria 57.14%")));
}

#[test]
fn the_readme_names_its_sources() {
    let readme = std::fs::read_to_string("examples/sdg-style/README.md").unwrap();
    assert!(readme.contains("illustrative"));
}
