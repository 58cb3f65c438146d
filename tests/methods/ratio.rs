//! Ratio nodes (language chapter 6): `ratio 效率 = 出 / 入`, outside the weighted sum, exact,
//! ranked, shown and queried; a zero denominator leaves the unit without a value (with a note
//! and W422), never a panic; the errors E424 and E425, located.

use rust_decimal::Decimal;

// 入 = x + y (given points), 出 = z. A: 3 ÷ 3 = 1; B: 3 ÷ 0 (no ratio); C: 0 ÷ 9 = 0;
// D: 5 ÷ 8 = 0.625.
const CSV: &str = "unit,x,y,z\nA,1,2,3\nB,0,0,3\nC,4,5,0\nD,3,5,5\n";

fn spec(ratio: &str) -> String {
    format!(
        "index \"r\" {{\n  data \"d.csv\" key unit\n  score given 0-10\n  indicator 入 20 {{ x 10  y 10 }}\n  indicator 出 10 {{ z 10 }}\n  total 总分\n{ratio}\n}}\n"
    )
}

fn ok(name: &str, ratio: &str) -> cix::Loaded {
    crate::load_text(name, &spec(ratio), CSV).unwrap_or_else(|e| panic!("{e}"))
}

fn error_of(name: &str, ratio: &str) -> String {
    match crate::load_text(name, &spec(ratio), CSV) {
        Ok(_) => panic!("{name}: no error"),
        Err(e) => e,
    }
}

#[test]
fn a_ratio_divides_exactly_and_stays_out_of_the_sum() {
    let l = ok("ratio-exact", "  ratio 效率 = 出 / 入 { decimals 3 }");
    let r = l.model.node("效率").unwrap();
    let total = l.model.node("总分").unwrap();
    let at = |u: &str, id| l.results.score(l.results.unit(u).unwrap(), id);
    assert_eq!(at("A", r), Some(Decimal::ONE));
    assert_eq!(at("C", r), Some(Decimal::ZERO));
    assert_eq!(at("D", r), Some(Decimal::new(625, 3)));
    // The total is 入 + 出 only: D 8 + 5 = 13, its maximum 30.
    assert_eq!(at("D", total), Some(Decimal::from(13)));
    assert_eq!(l.model.max_of(total), Decimal::from(30));
    assert!(l.model.nodes[r].parent.is_none() && !l.model.is_leaf(r));
}

#[test]
fn a_zero_denominator_leaves_the_unit_out_with_a_note() {
    let l = ok("ratio-zero", "  ratio 效率 = 出 / 入 { decimals 3 }");
    let b = l.results.unit("B").unwrap();
    assert_eq!(l.results.score(b, l.model.node("效率").unwrap()), None);
    // B's other scores stand.
    assert_eq!(
        l.results.score(b, l.model.node("总分").unwrap()),
        Some(Decimal::from(3))
    );
    let ranking = crate::query(&l, "rank by 效率");
    assert!(
        ranking.contains("1 unit left out: no value at `效率`: division by 0 (B)"),
        "{ranking}"
    );
    assert_eq!(
        ranking
            .lines()
            .nth(2)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["1", "A", "1.000", "6.00"]
    );
    let w = cix::diag::render_plain(&l.warnings);
    assert!(
        w.contains("W422") && w.contains("1 unit has no value at `效率`: its `入` is 0 (B)"),
        "{w}"
    );
    let why = cix::explain::explain(
        &l.model,
        &l.dataset,
        &l.results,
        &l.scoring,
        "B",
        Some("效率"),
    )
    .unwrap();
    let text = format!("{:?}", why.rows);
    assert!(
        text.contains("ratio: 出 ÷ 入 = 3 ÷ 0; no value: division by 0"),
        "{text}"
    );
}

#[test]
fn a_ratio_is_queried_like_a_node() {
    let l = ok("ratio-query", "  ratio 效率 = 出 / 入 { decimals 3 }");
    // `show`: after the total, no maximum and no 得分率.
    let show = crate::query(&l, "show D");
    let row = show.lines().find(|x| x.starts_with("效率")).unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["效率", "0.625", "2"]
    );
    let listed = crate::query(&l, "where 效率 >= 0.6");
    assert!(
        listed.contains("A") && listed.contains("D") && !listed.contains(" C "),
        "{listed}"
    );
    let stats = crate::query(&l, "mean 效率");
    assert!(stats.contains("0.5417"), "(1 + 0 + 0.625) ÷ 3: {stats}");
}

#[test]
fn a_ratio_rounds_before_ranking() {
    let l = ok("ratio-round", "  ratio 效率 = 出 / 入 { round 1 half-up }");
    let d = l.results.unit("D").unwrap();
    assert_eq!(
        l.results.score(d, l.model.node("效率").unwrap()),
        Some(Decimal::new(6, 1))
    );
}

#[test]
fn an_unknown_operand_says_did_you_mean() {
    let e = error_of("ratio-unknown", "  ratio 效率 = 出 / 入入");
    assert!(
        e.contains("E424")
            && e.contains("unknown indicator `入入`")
            && e.contains("did you mean `入`"),
        "{e}"
    );
    assert!(e.contains("s.cix:7"), "located: {e}");
}

#[test]
fn a_ratio_cannot_take_a_taken_name_or_divide_a_ratio() {
    let e = error_of("ratio-name", "  ratio 出 = 出 / 入");
    assert!(
        e.contains("E424") && e.contains("the ratio `出` has the name of an indicator"),
        "{e}"
    );
    let e = error_of("ratio-total", "  ratio 总分 = 出 / 入");
    assert!(e.contains("has the name of the total"), "{e}");
    let e = error_of(
        "ratio-of-ratio",
        "  ratio 效率 = 出 / 入\n  ratio 二 = 效率 / 入",
    );
    assert!(e.contains("E424") && e.contains("`效率` is a ratio"), "{e}");
}

#[test]
fn a_ratio_inside_an_indicator_is_refused() {
    let spec = "index \"r\" {\n  data \"d.csv\" key unit\n  score given 0-10\n  indicator 入 20 { x 10  y 10  ratio 坏 = x / y }\n  indicator 出 10 { z 10 }\n  total 总分\n}\n";
    let e = match crate::load_text("ratio-inside", spec, CSV) {
        Ok(_) => panic!("no error"),
        Err(e) => e,
    };
    assert!(
        e.contains("E425") && e.contains("the ratio `坏` cannot be part of `入`"),
        "{e}"
    );
    assert!(e.contains("s.cix:4"), "located: {e}");
}

#[test]
fn a_ratio_follows_coverage() {
    // 入 requires all its data: B lacks y, so it has no 入 and no ratio.
    let spec = "index \"r\" {\n  data \"d.csv\" key unit\n  score given 0-10\n  indicator 入 20 { x 10  y 10 { missing mean }  require 100% data }\n  indicator 出 10 { z 10 }\n  total 总分\n  ratio 效率 = 出 / 入\n}\n";
    let l = crate::load_text(
        "ratio-coverage",
        spec,
        "unit,x,y,z\nA,1,2,3\nB,2,,3\nC,4,5,1\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let b = l.results.unit("B").unwrap();
    assert_eq!(l.results.score(b, l.model.node("效率").unwrap()), None);
    let c = l.results.unit("C").unwrap();
    assert_eq!(
        l.results.score(c, l.model.node("效率").unwrap()),
        Some(Decimal::ONE / Decimal::from(9))
    );
}

#[test]
fn cix_sql_refuses_a_ratio() {
    let l = ok("ratio-sql", "  ratio 效率 = 出 / 入");
    let options = cix::sql::Options {
        dialect: cix::sql::Dialect::DuckDb,
        report: None,
        table: "data".to_string(),
    };
    let e = cix::sql::compile(&l.model, &[], &options);
    let e = cix::diag::render_plain(&e.unwrap_err().0);
    assert!(
        e.contains("E630") && e.contains("the ratio of `效率`"),
        "{e}"
    );
}
