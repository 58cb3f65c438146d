//! The 2015 example's SQL for each dialect, as text (insta snapshots): a change in what
//! `cix sql` writes shows in review.

use super::cases::sql;

#[test]
fn the_2015_example_in_every_dialect() {
    for dialect in ["duckdb", "postgres", "spark"] {
        let (ok, text, err) = sql("examples/smart-city-2015/index.cix", dialect, None);
        assert!(ok, "{err}");
        insta::assert_snapshot!(format!("smart_city_2015_{dialect}"), text);
        let (ok, text, err) = sql(
            "examples/smart-city-2015/index.cix",
            dialect,
            Some("省份均值"),
        );
        assert!(ok, "{err}");
        insta::assert_snapshot!(format!("smart_city_2015_{dialect}_province_means"), text);
    }
}
