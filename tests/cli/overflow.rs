//! Numbers at the edge of exact arithmetic (28 digits, ±7.9·10²⁸), through the built binary:
//! every case is the right answer or a located, coded error with exit 1 — never a panic
//! (exit 101) or a backtrace.

use std::path::PathBuf;

use crate::common::cix;
use predicates::prelude::*;

/// The largest decimal: 2⁹⁶ − 1.
const MAX: &str = "79228162514264337593543950335";

/// A directory holding `index.cix` and `d.csv`.
fn case(name: &str, spec: &str, csv: &str) -> PathBuf {
    let dir = crate::common::temp_dir(&format!("overflow-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.cix"), spec).unwrap();
    std::fs::write(dir.join("d.csv"), csv).unwrap();
    dir.join("index.cix")
}

/// `cix ARGS` exits 1 with `code` at `index.cix:LINE:` (or `d.csv:LINE:`) and no panic.
fn fails_at(args: &[&str], code: &str, at: &str) {
    cix()
        .args(args)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(code))
        .stderr(predicate::str::contains(at))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn weights_that_add_up_beyond_28_digits_are_e601_at_the_weights() {
    let spec = format!(
        "index \"t\" {{\n  data \"d.csv\" key 城市\n  indicator 甲 {MAX} {{ 甲一 {MAX}  甲二 {MAX} }}\n  total 总分\n}}\n"
    );
    let p = case("children", &spec, "城市,甲一,甲二\n北京,1,1\n");
    fails_at(&["check", p.to_str().unwrap()], "E601", "index.cix:3:");
}

#[test]
fn primaries_beyond_28_digits_are_e601() {
    let spec = format!(
        "index \"t\" {{\n  data \"d.csv\" key 城市\n  indicator 甲 {MAX}\n  indicator 乙 {MAX}\n  total 总分\n}}\n"
    );
    let p = case("primaries", &spec, "城市,甲,乙\n北京,1,1\n");
    // Reported at the total, whose parts they are.
    fails_at(&["check", p.to_str().unwrap()], "E601", "index.cix:5:");
}

#[test]
fn a_bonus_cap_beyond_28_digits_is_e601_at_the_total() {
    let spec = format!(
        "index \"t\" {{\n  data \"d.csv\" key 城市\n  indicator 甲 {MAX}\n  bonus 加分 {MAX}\n  total 总分\n}}\n"
    );
    let p = case("bonus", &spec, "城市,甲,加分\n北京,1,1\n");
    fails_at(&["check", p.to_str().unwrap()], "E601", "index.cix:5:");
}

#[test]
fn tier_shares_near_the_limit_are_located_errors() {
    let spec = format!(
        "index \"t\" {{\n  data \"d.csv\" key 城市\n  indicator 甲 10\n  total 总分\n  tiers 档 by share [高 {MAX}%, 低 {MAX}%]\n}}\n"
    );
    let p = case("tiers", &spec, "城市,甲\n北京,1\n");
    fails_at(&["check", p.to_str().unwrap()], "E110", "index.cix:5:");
}

#[test]
fn percent_weights_on_a_scale_near_the_limit_are_exact() {
    // Half of 2⁹⁶ − 1 has 29 digits; the two halves still add up to the scale, exactly.
    // (Checked through the library: evaluating this spec is the evaluator's to make safe.)
    let spec = format!(
        "index \"t\" {{\n  scale 0-{MAX}\n  score given 0-1\n  indicator 甲 50%\n  indicator 乙 50%\n  total 总分\n}}\n"
    );
    let source = cix::source::Source::new("t.cix", spec);
    let parsed = cix::syntax::parse_spec(&source).unwrap();
    let (model, diags) = cix::check::check(
        &parsed,
        &source,
        std::path::Path::new("."),
        cix::check::Purpose::Check,
    );
    assert!(!diags.has_errors(), "{}", cix::diag::render_plain(&diags.0));
    let half = model.nodes[model.node("甲").unwrap()].max;
    assert_eq!(half.to_string(), "39614081257132168796771975168");
}

#[test]
fn goalposts_at_plus_and_minus_the_limit_score_right() {
    // 0 lies halfway between −MAX and MAX: half of 10 points.
    let spec = format!(
        "index \"t\" {{\n  data \"d.csv\" key 城市\n  indicator 甲 10 {{ score goalposts -{MAX} → {MAX} }}\n  total 总分\n}}\n"
    );
    let p = case(
        "goalposts",
        &spec,
        &format!("城市,甲\n北京,0\n上海,{MAX}\n广州,-{MAX}\n"),
    );
    cix()
        .args([
            "query",
            p.to_str().unwrap(),
            "top 3 by 甲",
            "--format",
            "csv",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1,上海,10.00"))
        .stdout(predicate::str::contains("2,北京,5.00"))
        .stdout(predicate::str::contains("3,广州,0.00"));
}

#[test]
fn points_beyond_28_digits_are_e602_at_the_cell() {
    // A z of about 1 times a weight near the limit: the points overflow.
    let spec = format!(
        "index \"t\" {{\n  data \"d.csv\" key 城市\n  indicator 甲 {MAX} {{ score zscore }}\n  total 总分\n}}\n"
    );
    let p = case("points", &spec, "城市,甲\n北京,1\n上海,2\n广州,9\n");
    fails_at(&["check", p.to_str().unwrap()], "E602", "d.csv:");
}

/// Units with `甲` spread from −v to v.
fn spread(name: &str, v: &str) -> PathBuf {
    let spec = format!(
        "index \"t\" {{\n  data \"d.csv\" key 城市\n  indicator 甲 {MAX} {{ score given }}\n  total 总分\n}}\n"
    );
    let csv = format!("城市,甲\n北京,0\n上海,{v}\n广州,{v}\n深圳,0\n");
    case(name, &spec, &csv)
}

#[test]
fn sd_of_values_spread_beyond_1e14_is_right() {
    // 0, 3·10¹⁵, 3·10¹⁵, 0: mean 1.5·10¹⁵, squares 4 × 2.25·10³⁰ overflow 28 digits; the sample
    // sd is √(9·10³⁰ / 3) = √3 · 10¹⁵ = 1732050807568877.29…
    let p = spread("sd", "3000000000000000");
    cix()
        .args(["query", p.to_str().unwrap(), "sd 甲", "--format", "csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1732050807568877.29"));
    cix()
        .args(["query", p.to_str().unwrap(), "stats 甲", "--format", "csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1500000000000000.00"));
}

#[test]
fn mean_of_values_near_the_limit_is_right() {
    // The sum of two values near 7.9·10²⁸ overflows; the mean does not.
    let p = spread("mean", "60000000000000000000000000000");
    cix()
        .args(["query", p.to_str().unwrap(), "mean 甲", "--format", "csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("30000000000000000000000000000"));
}

#[test]
fn a_range_beyond_the_limit_is_e603_at_the_query() {
    // Two units, z = −1 and 1, times a weight of 7·10²⁸: points ±7·10²⁸, a range of 1.4·10²⁹.
    let spec = "index \"t\" {\n  data \"d.csv\" key 城市\n  indicator 甲 70000000000000000000000000000 { score zscore }\n  total 总分\n}\n";
    let p = case("range", spec, "城市,甲\n北京,1\n上海,2\n");
    fails_at(
        &["query", p.to_str().unwrap(), "range 甲"],
        "E603",
        "query:1:7",
    );
    fails_at(
        &["query", p.to_str().unwrap(), "stats 甲"],
        "E603",
        "query:1:7",
    );
    cix()
        .args(["query", p.to_str().unwrap(), "mean 甲", "--format", "csv"])
        .assert()
        .code(0);
}

/// A scalar expression nests one level per operator: past 256 operators it is E007, located,
/// never a stack overflow (found by hand: 2,000 terms aborted the process); at 256 it answers.
#[test]
fn a_very_long_scalar_expression_is_refused_not_a_crash() {
    let spec = "examples/smart-city-2015/index.cix";
    let long = format!("mean 总分{}", " + mean 总分".repeat(5_000));
    fails_at(&["query", spec, &long], "E007", "query:1:1");
    let claim = format!("{long} = 1");
    cix()
        .args(["query", spec, &claim])
        .assert()
        .stderr(predicate::str::contains("overflowed").not());
    let edge = format!("mean 总分{}", " + mean 总分".repeat(256));
    cix()
        .args(["query", spec, &edge])
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty().not());
}
