//! Scalar queries on the 2015 example against tests/oracle/audit.py, the forms and their
//! errors, and the table queries left as they were.

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::{estimate, y2015};

fn oracle() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string("tests/oracle/audit-2015.json").unwrap()).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn values_and_intervals_match_the_oracle() {
    let o = oracle();
    for (query, want) in o.as_object().unwrap() {
        let e = estimate(y2015(), query).unwrap_or_else(|e| panic!("{query}: {e:?}"));
        let want: Vec<Decimal> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|v| d(v.as_str().unwrap()))
            .collect();
        let close = |a: Decimal, b: Decimal| (a - b).abs() < d("0.0000000001");
        assert!(
            close(e.value, want[0]),
            "{query}: {} vs {}",
            e.value,
            want[0]
        );
        if want.len() == 3 {
            assert!(
                close(e.low, want[1]),
                "{query}: low {} vs {}",
                e.low,
                want[1]
            );
            assert!(
                close(e.high, want[2]),
                "{query}: high {} vs {}",
                e.high,
                want[2]
            );
        } else {
            assert!(e.low <= e.value && e.value <= e.high, "{query}: {e:?}");
        }
    }
}

#[test]
fn every_scalar_form_answers() {
    let l = y2015();
    let cases = [
        ("count", "151"),
        ("count in 华东", "57"),
        ("count level 1", "7"),
        ("count level 2", "16"),
        ("weight 基础网络建设水平", "5"),
        ("weight 总分", "105"),
        ("总分 of 杭州", "76.98"),
        ("rank of 杭州 in 华东", "3"),
        ("rank of 淮安", "86"),
        ("rank of 荆州", "86"),
        ("max 总分", "80.21"),
        ("min 总分", "19.04"),
        ("sum 加分项 in 直辖市", "13.60"),
        (
            "count 省份 where 行政级别 != 直辖市 where mean 总分 < 30",
            "3",
        ),
        ("count 省份 where 行政级别 != 直辖市", "27"),
        ("round(mean 总分, 2)", "40.05"),
        (
            "round(mean 总分, 2) / weight 总分",
            "0.3814285714285714285714285714",
        ),
        ("(1 + 2) * 3 - 4 / 2", "7"),
        ("count where 总分 >= 60 and 总分 < 70 or 总分 >= 80", "8"),
    ];
    for (q, want) in cases {
        let e = estimate(l, q).unwrap_or_else(|e| panic!("{q}: {e:?}"));
        assert_eq!(e.value.normalize(), d(want).normalize(), "{q}");
    }
    let r = estimate(l, "rate 总分 in 华南").unwrap();
    assert!(r.ratio);
    assert_eq!(r.value.round_dp(6), d("0.441513"));
}

#[test]
fn half_up_rounding_and_missing_values() {
    // round(…, K) is half up: 2.345 → 2.35 (banker's rounding would give 2.34).
    assert_eq!(
        estimate(y2015(), "round(2.345, 2)").unwrap().value,
        d("2.35")
    );
    // Missing values are left out of statistics: mean of 10, —, 0, 5 is 5 (n = 3).
    let spec = r#"index "m" { data "data.csv" key id
  indicator a 50 { missing reweight }
  indicator b 50
  total 总分 }"#;
    let l = crate::load_small(
        "scalar-missing",
        spec,
        "id,a,b\nx,10,1\ny,,2\nz,0,3\nw,5,4\n",
    );
    assert_eq!(estimate(&l, "mean a").unwrap().value, d("5"));
    assert_eq!(estimate(&l, "count where a >= 0").unwrap().value, d("3"));
    let e = estimate(&l, "a of y").unwrap_err();
    assert_eq!(e.0[0].code.id, "E316");
    // The count of units left out is said.
    let out = cix::project::query(&l, "mean a + 0").unwrap();
    assert!(
        out.notes
            .iter()
            .any(|n| n.contains("1 unit left out: no value at `a` (y)")),
        "{:?}",
        out.notes
    );
}

#[test]
fn errors_are_located_and_coded() {
    let l = y2015();
    let code = |q: &str| {
        let e = estimate(l, q).unwrap_err();
        (e.0[0].code.id, cix::diag::render_plain(&e.0))
    };
    let (c, text) = code("mean 总份");
    assert_eq!(c, "E104");
    assert!(text.contains("did you mean `总分`"), "{text}");
    assert_eq!(code("share in 华东").0, "E312");
    assert_eq!(code("mean 总分 where mean 总分 < 3").0, "E312");
    assert_eq!(code("count level 1 in 华东").0, "E312");
    assert_eq!(code("mean 总分 where 总分 > 200").0, "E313");
    assert_eq!(code("mean 总分 / (count where 总分 > 200)").0, "E314");
    assert_eq!(code("rank of 杭州 in 华南").0, "E316");
    let (c, text) = code("count in 华冬");
    assert_eq!(c, "E104");
    assert!(text.contains("华东"), "{text}");
    let source = cix::source::Source::new(
        "query",
        "count 省份 where 行政级别 != 直辖市 and mean 总分 < 3".to_string(),
    );
    let e = cix::syntax::parse_scalar(&source).unwrap_err();
    assert_eq!(e.code.id, "E311");
    let source = cix::source::Source::new("query", "round(mean 总分, 40)".to_string());
    assert_eq!(
        cix::syntax::parse_scalar(&source).unwrap_err().code.id,
        "E310"
    );
}

#[test]
fn table_queries_keep_their_form() {
    // A line that is a table query stays one; a scalar is read only when it is none.
    let l = y2015();
    let table = cix::project::query(l, "mean 总分").unwrap();
    assert_eq!(table.columns, ["指标", "n", "mean", "rate"]);
    let by = cix::project::query(l, "mean 总分 by 区域").unwrap();
    assert_eq!(by.rows.len(), 7);
    let scalar = cix::project::query(l, "mean 总分 in 省会 - mean 总分 in 地级市").unwrap();
    assert_eq!(scalar.columns, ["query", "value", "low", "high"]);
    let q = cix::syntax::parse_query(&cix::source::Source::new("q", "count".to_string())).unwrap();
    assert!(matches!(q.node, cix::syntax::ast::Query::Scalar(_)));
}
