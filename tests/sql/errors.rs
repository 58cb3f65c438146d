//! What `cix sql` refuses, located and coded: a construct it cannot compile (E630), a query kind
//! it does not compile (E631), a number the dialect's decimal type cannot hold (E632), an
//! unknown report (E633), and a spec that cannot run (E409).

use super::cases::sql;
use super::common::temp_dir;

fn spec(name: &str, text: &str) -> String {
    let dir = temp_dir(&format!("sql-errors-{name}"));
    let path = dir.join("index.cix");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn percentile_with_a_filled_mean_is_e630_at_the_leaf() {
    let p = spec(
        "e630",
        "index \"t\" {\n  data \"d.csv\" key 城市\n  indicator 开放 10 { from 开放数据集  score percentile  missing mean }\n  total 总分\n}\n",
    );
    let (ok, _, err) = sql(&p, "duckdb", None);
    assert!(!ok);
    assert!(err.contains("E630"), "{err}");
    assert!(
        err.contains("cannot compile `score percentile` with `missing mean` of `开放`"),
        "{err}"
    );
    assert!(err.contains("index.cix:3:"), "located at the leaf: {err}");
}

#[test]
fn a_histogram_report_is_e631_at_the_report() {
    let (ok, out, err) = sql(
        "examples/smart-city-2015/index.cix",
        "postgres",
        Some("分数段"),
    );
    assert!(!ok && out.is_empty());
    assert!(err.contains("E631") && err.contains("`histogram`"), "{err}");
    assert!(err.contains("index.cix:65:10"), "{err}");
}

#[test]
fn a_weight_beyond_sparks_decimal_is_e632() {
    let p = spec(
        "e632",
        "index \"t\" {\n  data \"d.csv\" key 城市\n  indicator 甲 10000000000000 { from 甲 }\n  total 总分\n}\n",
    );
    let (ok, _, err) = sql(&p, "spark", None);
    assert!(!ok);
    assert!(
        err.contains("E632") && err.contains("DECIMAL(24, 12)"),
        "{err}"
    );
    // DuckDB's DECIMAL(38, 12) holds it.
    assert!(sql(&p, "duckdb", None).0);
}

#[test]
fn an_unknown_report_is_e633_with_did_you_mean() {
    let (ok, _, err) = sql("examples/smart-city-2015/index.cix", "duckdb", Some("华南"));
    assert!(!ok);
    assert!(
        err.contains("E633") && err.contains("did you mean `华南排名`?"),
        "{err}"
    );
}

#[test]
fn a_spec_that_cannot_run_is_refused() {
    let (ok, _, err) = sql("examples/smart-city-2024/index.cix", "duckdb", None);
    assert!(!ok);
    assert!(err.contains("E409"), "{err}");
}

#[test]
fn a_spec_without_data_compiles() {
    // The 2014 edition has no data: the statement runs wherever its table is.
    let (ok, out, err) = sql("examples/smart-city-2014/index.cix", "spark", None);
    assert!(ok, "{err}");
    assert!(out.contains("FROM `cities`"), "{out}");
}

#[test]
fn an_unknown_dialect_is_a_usage_error() {
    let out = super::common::cix()
        .args([
            "sql",
            "examples/raw-scoring/index.cix",
            "--dialect",
            "oracle",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn methods_by_group_are_e630_at_their_declaration() {
    let (ok, _, err) = sql("examples/smart-city-2017-classes/index.cix", "duckdb", None);
    assert!(!ok);
    assert!(
        err.contains("E630") && err.contains("cannot compile methods by group to SQL"),
        "{err}"
    );
}
