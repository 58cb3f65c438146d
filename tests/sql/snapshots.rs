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

/// docs/language.md, chapter 11, "Other engines": the statement shown is what `cix sql` writes
/// for the spec shown above it.
#[test]
fn the_manuals_example_is_what_cix_sql_writes() {
    let manual = std::fs::read_to_string("docs/language.md").unwrap();
    let section = manual
        .split("### Other engines")
        .nth(1)
        .expect("the section is there");
    let block = |fence: &str| {
        let start = section.find(fence).expect("the block is there") + fence.len();
        let rest = &section[start..];
        rest[..rest.find("```").unwrap()].to_string()
    };
    let spec = block("```cix\n");
    let shown = block("```sql\n");
    let dir = super::common::temp_dir("sql-manual");
    let path = dir.join("index.cix");
    std::fs::write(&path, spec).unwrap();
    let (ok, text, err) = sql(path.to_str().unwrap(), "duckdb", None);
    assert!(ok, "{err}");
    assert_eq!(
        shown, text,
        "docs/language.md shows other SQL than cix sql writes"
    );
}
