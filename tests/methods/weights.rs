//! Weights as published: `equal` (thirds are thirds), `weights relative` (1, 1, 0.5 within the
//! parent), and the `weights` query (points, percent of parent, effective percent).

use rust_decimal::Decimal;

const CSV: &str = "国家,甲,乙,丙,丁,戊,己\nA,1,1,1,1,1,1\nB,2,2,2,2,2,2\n";

const GII: &str = r#"index "GII-ish" {
  data "d.csv" key 国家
  scale 0-100
  weights relative
  indicator 投入 1 {
    制度 1 { 甲 1  乙 0.5 }
    人力 1 { 丙 equal  丁 equal  戊 equal }
  }
  indicator 产出 1 { 知识 1 { 己 1 } }
  total 总分
}
"#;

#[test]
fn relative_weights_fill_the_parent_exactly() {
    let l = crate::load_text("relative", GII, CSV).unwrap();
    let max = |n: &str| l.model.max_of(l.model.node(n).unwrap());
    // 投入 50 → 制度 25 → 甲 25 × 1/1.5, 乙 25 × 0.5/1.5; 人力 25 → three equal thirds.
    let third = Decimal::from(25) / Decimal::from(3);
    assert_eq!(max("投入"), Decimal::from(50));
    assert_eq!(max("甲"), Decimal::from(50) / Decimal::from(3));
    assert_eq!(max("乙"), third);
    assert_eq!((max("丙"), max("丁"), max("戊")), (third, third, third));
    assert_eq!(max("己"), Decimal::from(50));
}

#[test]
fn equal_weights_are_exact_thirds_without_an_assumption() {
    let spec = r#"index "三等分" {
  data "d.csv" key 国家
  scale 0-1
  indicator 甲 equal
  indicator 乙 equal
  indicator 丙 equal
  score given 0-100
  total 指数
}
"#;
    let l = crate::load_text("equal", spec, "国家,甲,乙,丙\nA,30,60,90\n").unwrap();
    let third = Decimal::ONE / Decimal::from(3);
    for n in ["甲", "乙", "丙"] {
        assert_eq!(l.model.max_of(l.model.node(n).unwrap()), third);
    }
    assert!(l.model.assumptions.is_empty(), "equal is not an assumption");
    // (0.3 + 0.6 + 0.9) / 3 = 0.6, to the last digit.
    let total = l.results.score(0, l.model.total).unwrap();
    assert_eq!(total.round_dp(20), Decimal::new(6, 1));
}

#[test]
fn the_weights_query_shows_points_parent_share_and_effective_weight() {
    let l = crate::load_text("weights-query", GII, CSV).unwrap();
    insta::assert_snapshot!(crate::query(&l, "weights"));
    insta::assert_snapshot!("weights_of", crate::query(&l, "weights of 制度"));
}

#[test]
fn weights_of_an_unknown_node_says_did_you_mean() {
    let l = crate::load_text("weights-unknown", GII, CSV).unwrap();
    let err = cix::project::query(&l, "weights of 制渡").unwrap_err();
    let text = cix::diag::render_plain(&err.0);
    assert!(text.contains("制度"), "{text}");
}

#[test]
fn the_weights_query_on_the_2015_index() {
    let l = crate::load("examples/smart-city-2015/index.cix");
    let out = crate::query(&l, "weights of 智慧服务");
    assert!(
        out.contains("社会化民生服务水平  10.00  50.00%    10.00%"),
        "{out}"
    );
    assert!(
        out.contains("智慧服务              20.00  20.00%    20.00%"),
        "{out}"
    );
}
