//! Scoring rules and missing-data policies against values worked out by hand. The specs and
//! their data are in `tests/corpus/scoring/` (the corpus snapshots them too); the data
//! (`five.csv`):
//!
//! | 城市 | 区域 | x  | y | z     | cat | g   |
//! | 甲   | 东   | 10 | 2 | 1     | 高  | 0.8 |
//! | 乙   | 东   | 20 | 4 | 10    | 中  | 0.6 |
//! | 丙   | 西   | 30 | 5 | 100   | 低  | 0.4 |
//! | 丁   | 西   | 40 | 6 | 1000  | 高  | 0.2 |
//! | 戊   | 西   |    | 8 | 10000 | 中  | 0   |

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn load(name: &str) -> cix::Loaded {
    let path = format!("tests/corpus/scoring/{name}");
    match cix::load(Path::new(&path), None) {
        Ok(l) => l,
        Err(e) => panic!("{}", cix::diag::render_plain(&e.0)),
    }
}

/// The scores of one node for 甲 乙 丙 丁 戊 (in that order), rounded to `dp` decimals.
fn column(l: &cix::Loaded, node: &str, dp: u32) -> Vec<Decimal> {
    let id = l
        .model
        .node(node)
        .unwrap_or_else(|| panic!("no node {node}"));
    ["甲", "乙", "丙", "丁", "戊"]
        .iter()
        .filter_map(|u| l.results.unit(u))
        .map(|u| l.results.units[u].scores.get(id).unwrap().round_dp(dp))
        .collect()
}

fn ds(v: &[&str]) -> Vec<Decimal> {
    v.iter().map(|s| d(s)).collect()
}

#[test]
fn minmax_higher_with_missing_mean() {
    // x = 10, 20, 30, 40, (missing → mean of the others = 100/4 = 25); min 10, max 40, range 30.
    // points = (x − 10)/30 × 10: 0, 10/3, 20/3, 10, 15/30×10 = 5.
    let l = load("rules.cix");
    assert_eq!(
        column(&l, "最小最大", 10),
        ds(&["0", "3.3333333333", "6.6666666667", "10", "5"])
    );
}

#[test]
fn minmax_lower() {
    // (40 − x)/30 × 10: 10, 20/3, 10/3, 0; 戊 (40 − 25)/30 × 10 = 5.
    let l = load("rules.cix");
    assert_eq!(
        column(&l, "逆向最小最大", 10),
        ds(&["10", "6.6666666667", "3.3333333333", "0", "5"])
    );
}

#[test]
fn goalposts_clamped_and_missing_zero() {
    // goalposts 15 → 35: (x − 15)/20 × 10 clamped to 0…10: 10 → −2.5 → 0; 20 → 2.5; 30 → 7.5;
    // 40 → 12.5 → 10; 戊 missing zero → 0.
    let l = load("rules.cix");
    assert_eq!(
        column(&l, "目标值", 10),
        ds(&["0", "2.5", "7.5", "10", "0"])
    );
}

#[test]
fn ratio_to_the_sample_maximum_and_minimum() {
    // ratio: x / 40 × 10 = 2.5, 5, 7.5, 10; 戊 missing zero.
    let l = load("rules.cix");
    assert_eq!(column(&l, "比值", 10), ds(&["2.5", "5", "7.5", "10", "0"]));
    // lower is better: min(y) / y × 10 = 2/2, 2/4, 2/5, 2/6, 2/8 (×10) = 10, 5, 4, 3.33…, 2.5.
    assert_eq!(
        column(&l, "逆向比值", 10),
        ds(&["10", "5", "4", "3.3333333333", "2.5"])
    );
}

#[test]
fn zscore_is_weight_times_z() {
    // y = 2, 4, 5, 6, 8: mean 25/5 = 5; deviations −3, −1, 0, 1, 3; Σd² = 20; population
    // variance 20/5 = 4; sd 2; z = −1.5, −0.5, 0, 0.5, 1.5; × weight 2 = −3, −1, 0, 1, 3.
    let l = load("rules.cix");
    assert_eq!(column(&l, "标准分", 10), ds(&["-3", "-1", "0", "1", "3"]));
    let id = l.model.node("标准分").unwrap();
    let p = l.scoring.params[id].as_ref().unwrap();
    assert_eq!((p.mean, p.sd), (d("5"), d("2")));
}

#[test]
fn percentile_rank() {
    // share of the other four units with a lower y: 0/4, 1/4, 2/4, 3/4, 4/4; × weight 4.
    let l = load("rules.cix");
    assert_eq!(column(&l, "百分位", 10), ds(&["0", "1", "2", "3", "4"]));
}

#[test]
fn log_then_minmax_rounded() {
    // ln z = 0, ln 10, 2 ln 10, 3 ln 10, 4 ln 10: min-max shares 0, ¼, ½, ¾, 1; × 4 = 0…4;
    // the logarithm is not exact, `round 2` makes the points exact again.
    let l = load("rules.cix");
    assert_eq!(column(&l, "对数", 2), ds(&["0", "1", "2", "3", "4"]));
    let id = l.model.node("对数").unwrap();
    assert!(l
        .results
        .units
        .iter()
        .all(|u| u.scores.get(id).unwrap().scale() <= 2));
}

#[test]
fn rubrics_of_categories_and_of_numbers() {
    // 高 → 5, 中 → 3, 低 → 1.
    let l = load("rules.cix");
    assert_eq!(column(&l, "等级", 10), ds(&["5", "3", "1", "5", "3"]));
    // y = 2, 4, 5, 6, 8 with [>= 6 → 5, >= 4 → 3, else → 1]: 1, 3, 3, 5, 5.
    assert_eq!(column(&l, "分段", 10), ds(&["1", "3", "3", "5", "5"]));
}

#[test]
fn given_on_a_scale_of_one() {
    // g × 10 = 8, 6, 4, 2, 0.
    let l = load("rules.cix");
    assert_eq!(column(&l, "给定", 10), ds(&["8", "6", "4", "2", "0"]));
}

#[test]
fn total_sums_the_leaves() {
    // 甲: 0 + 10 + 0 + 2.5 + 10 + (−3) + 0 + 0 + 5 + 1 + 8 = 33.5
    let l = load("rules.cix");
    assert_eq!(column(&l, "总分", 10)[0], d("33.5"));
}

#[test]
fn rounding_half_up_half_even_down() {
    // 甲: x = 10 with goalposts 0 → 400 and weight 1: 10/400 = 0.025.
    // half-up 0.03, half-even 0.02; goalposts 0 → 300: 0.0333… down → 0.03.
    let l = load("rounding.cix");
    assert_eq!(column(&l, "四舍五入", 10)[0], d("0.03"));
    assert_eq!(column(&l, "银行家舍入", 10)[0], d("0.02"));
    assert_eq!(column(&l, "截断", 10)[0], d("0.03"));
    // The total is the sum of the rounded leaves: 0.03 + 0.02 + 0.03 = 0.08.
    assert_eq!(column(&l, "总分", 10)[0], d("0.08"));
}

#[test]
fn missing_group_mean() {
    // 戊 is in 西; the observed x of 西 are 30 and 40: mean 35; (35 − 10)/30 × 10 = 8.33….
    let l = load("missing.cix");
    assert_eq!(column(&l, "组均值", 10)[4], d("8.3333333333"));
}

#[test]
fn missing_reweight() {
    // 重新加权 10 = 甲项 5 (minmax of x, missing reweight) + 乙项 5 (y / 8 × 5).
    // 戊: 甲项 left out, 乙项 = 8/8 × 5 = 5, re-weighted to the parent: 5 × 10/5 = 10.
    // 甲: 0 + 2/8 × 5 = 1.25 (nothing missing, plain sum).
    let l = load("missing.cix");
    let parent = column(&l, "重新加权", 10);
    assert_eq!((parent[0], parent[4]), (d("1.25"), d("10")));
}

#[test]
fn missing_drop_leaves_the_unit_out() {
    // 戊 is left out; min 10 and max 40 of the four others; a warning names it.
    let l = load("drop.cix");
    assert_eq!(l.results.units.len(), 4);
    assert!(l.results.unit("戊").is_none());
    assert_eq!(
        column(&l, "最小最大", 4),
        ds(&["0", "3.3333", "6.6667", "10"])
    );
    assert!(l
        .warnings
        .iter()
        .any(|w| w.code == cix::codes::W403 && w.message.contains("戊")));
}

#[test]
fn percent_of_parent_and_of_total() {
    // scale 0-100: 甲类 60% → 60 points, its children 50% of the parent → 30 each;
    // 乙类 40%, its children 25% and 15% of the total → 25 and 15.
    let l = load("percent.cix");
    let max = |n: &str| l.model.nodes[l.model.node(n).unwrap()].max;
    assert_eq!(
        (max("甲类"), max("比值"), max("给定")),
        (d("60"), d("30"), d("30"))
    );
    assert_eq!(
        (max("乙类"), max("等级"), max("分段")),
        (d("40"), d("25"), d("15"))
    );
    // 甲: 比值 10/40 × 30 = 7.5; 给定 0.8 × 30 = 24; 等级 高 25; 分段 y=2 → 3; total 59.5.
    assert_eq!(column(&l, "总分", 10)[0], d("59.5"));
}

#[test]
fn geometric_mean() {
    // 几何 1 = geometric mean of 比值 (½) and 等级 (½): shares s₁, s₂, result √(s₁ s₂).
    // 甲: x 10/40 = 0.25, 高 0.5/0.5 = 1 → √0.25 = 0.5.
    // 丙: 0.75 and 0.1/0.5 = 0.2 → √0.15 = 0.38729833…
    // 戊: x missing → mean 25 → 0.625, 中 0.3/0.5 = 0.6 → √0.375 = 0.61237243…
    let l = load("geometric.cix");
    let g = column(&l, "几何", 6);
    assert_eq!((g[0], g[2], g[4]), (d("0.5"), d("0.387298"), d("0.612372")));
}

#[test]
fn unknown_weights_equal_within_the_parent() {
    // 甲类 40% has two unknown children: 20% each; 乙类 60% = 乙一 20% + 乙二 unknown → 40%.
    let l = load("unknown.cix");
    let max = |n: &str| l.model.nodes[l.model.node(n).unwrap()].max;
    assert_eq!((max("甲一"), max("甲二")), (d("0.2"), d("0.2")));
    assert_eq!((max("乙一"), max("乙二")), (d("0.2"), d("0.4")));
    assert_eq!(l.model.assumptions.len(), 1);
    assert!(l.model.assumptions[0].contains("3 indicators"));
    // 甲: every leaf reads g = 0.8, so the index is 0.8.
    assert_eq!(column(&l, "指数", 10)[0], d("0.8"));
}

#[test]
fn every_error_is_located() {
    // Each spec in errors/ fails with its code, and every diagnostic points somewhere.
    let cases = [
        ("goalposts_reversed", "E402"),
        ("rubric_value_uncovered", "E404"),
        ("geometric_zero", "E405"),
        ("percent_not_100", "E406"),
        ("missing_without_policy", "E205"),
        ("unknown_without_assumption", "E408"),
        ("log_of_zero", "E411"),
        ("clause_misplaced", "E412"),
        ("mean_of_categories", "E407"),
        ("levels_exceeded", "E409"),
    ];
    for (file, code) in cases {
        let path = format!("tests/corpus/scoring/errors/{file}.cix");
        let Err(diags) = cix::load(Path::new(&path), None) else {
            panic!("{file} should fail");
        };
        assert!(
            diags.0.iter().any(|d| d.code.id == code),
            "{file}: expected {code}, got {:?}",
            diags.0.iter().map(|d| d.code.id).collect::<Vec<_>>()
        );
        for d in &diags.0 {
            assert!(
                d.location().is_some(),
                "{file}: {} has no location",
                d.code.id
            );
        }
    }
}

#[test]
fn fullwidth_punctuation() {
    // 甲类 60 (of 100): two unknown children, 30 each; 乙类 40: goalposts 10 → 40 on x.
    // 甲: 等级 高 30, 分段 y=2 → else 10, 乙类 x=10 → 0: 40.
    let l = load("fullwidth.cix");
    assert_eq!(column(&l, "总分", 10)[0], d("40"));
}

#[test]
fn index_defaults_and_a_leaf_of_its_own() {
    // y = 2, 4, 5, 6, 8; min 2, max 8, range 6.
    // 逆向 (default lower): (8 − y)/6 × 10 = 10, 6.67, 5, 3.33, 0 (rounded to 2 by default).
    // 正向 (own clause higher): (y − 2)/6 × 10 = 0, 3.33, 5, 6.67, 10.
    let l = load("defaults.cix");
    assert_eq!(
        column(&l, "逆向", 10),
        ds(&["10", "6.67", "5", "3.33", "0"])
    );
    assert_eq!(
        column(&l, "正向", 10),
        ds(&["0", "3.33", "5", "6.67", "10"])
    );
    // The rubric ignores the default direction: 高 5, 中 3, 低 1.
    assert_eq!(column(&l, "等级", 10), ds(&["5", "3", "1", "5", "3"]));
    // 戊 has no x: 缺失 (a primary, 5 points) is left out and the other primaries (25 points)
    // are scaled up to 30: (0 + 10 + 3) × 30/25 = 15.6.
    assert_eq!(column(&l, "总分", 10)[4], d("15.6"));
}

#[test]
fn geometric_mean_at_the_total() {
    // The same shares as `geometric_mean`, combined at the total: 甲 √(0.25 × 1) = 0.5,
    // 丙 √(0.75 × 0.2) = 0.387298…
    let l = load("geometric_total.cix");
    let g = column(&l, "指数", 6);
    assert_eq!((g[0], g[2]), (d("0.5"), d("0.387298")));
}

#[test]
fn prefixes_of_scoring_specs_never_panic() {
    for file in [
        "examples/raw-scoring/index.cix",
        "tests/corpus/scoring/rules.cix",
        "tests/corpus/scoring/percent.cix",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        for (i, _) in text.char_indices() {
            let source = cix::source::Source::new("p", text[..i].to_string());
            if let Ok(spec) = cix::syntax::parse_spec(&source) {
                let _ = cix::check::check(
                    &spec,
                    &source,
                    Path::new("tests/corpus/scoring"),
                    cix::check::Purpose::Check,
                );
            }
        }
    }
}

#[test]
fn any_bad_cell_is_an_error_not_a_panic() {
    // Every cell of five.csv replaced by each troublesome value, under every rule.
    let text = std::fs::read_to_string("tests/corpus/scoring/five.csv").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let dir = crate::common::temp_dir("scoring-cells");
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("five.csv");
    let bad = [
        "",
        "0",
        "-1",
        "abc",
        "0.0000000000000000000000000001",
        "79228162514264337593543950335",
    ];
    for (r, line) in lines.iter().enumerate().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        for c in 2..cells.len() {
            for b in bad {
                let mut row = cells.clone();
                row[c] = b;
                let mut all = lines.clone();
                let new = row.join(",");
                all[r] = &new;
                std::fs::write(&data, all.join("\n")).unwrap();
                for spec in [
                    "rules.cix",
                    "missing.cix",
                    "geometric.cix",
                    "percent.cix",
                    "defaults.cix",
                ] {
                    let path = format!("tests/corpus/scoring/{spec}");
                    if let Ok(l) = cix::load(Path::new(&path), Some(&data)) {
                        let _ = cix::project::explain(&l, "甲", None);
                    }
                }
            }
        }
    }
}

#[test]
fn equal_thirds_split_by_percent_are_exact() {
    // Three unknown primaries take 100/3 each; 甲 splits its third 50% / 50%, 丙 25% / 75%.
    // The halves add back up to the third exactly: no "add up to 100%, not 100%" (E406), and
    // the total's maximum is 100, not 99.999…
    let l = load("thirds.cix");
    let max = |n: &str| l.model.nodes[l.model.node(n).unwrap()].max;
    assert_eq!(max("甲"), d("33.333333333333333333333333333"));
    assert_eq!(max("甲一"), d("16.666666666666666666666666667"));
    assert_eq!(max("丙一"), d("8.3333333333333333333333333333"));
    assert_eq!(max("总分"), d("100"));
    // Every leaf reads g = 0.8 for 甲: 80 points.
    assert_eq!(column(&l, "总分", 10)[0], d("80"));
}

#[test]
fn a_rubric_level_no_unit_reached_is_a_warning() {
    // No unit has `无` in `cat` this year: the spec loads and scores, with W404 (was E403).
    let l = load("rubric_level_unreached.cix");
    let w: Vec<&str> = l.warnings.iter().map(|d| d.code.id).collect();
    assert_eq!(w, ["W404"]);
    assert!(l.warnings[0].location().is_some());
    assert_eq!(column(&l, "等级", 0), ds(&["5", "3", "1", "5", "3"]));
}

#[test]
fn log_goalposts_not_above_zero_are_refused() {
    // ln 0 is undefined: the goalposts were silently compared unlogged before.
    let text = "index \"t\" {\n  indicator 甲 10 { score log goalposts 0 → 40 }\n  total 总分\n}\n";
    let source = cix::source::Source::new("t.cix", text.to_string());
    let spec = cix::syntax::parse_spec(&source).unwrap();
    let (_, diags) = cix::check::check(&spec, &source, Path::new("."), cix::check::Purpose::Check);
    let e401: Vec<_> = diags.errors().filter(|d| d.code.id == "E401").collect();
    assert_eq!(e401.len(), 1, "{}", cix::diag::render_plain(&diags.0));
    assert_eq!(e401[0].location().unwrap(), "t.cix:2:40");
}

#[test]
fn missing_mean_per_an_unknown_attribute_is_an_error() {
    // A typo in `per` used to fill with the mean of every unit, silently.
    let text = "index \"t\" {\n  attributes 区域\n  indicator 甲 10 { missing mean per 区城 }\n  total 总分\n}\n";
    let source = cix::source::Source::new("t.cix", text.to_string());
    let spec = cix::syntax::parse_spec(&source).unwrap();
    let (_, diags) = cix::check::check(&spec, &source, Path::new("."), cix::check::Purpose::Check);
    let rendered = cix::diag::render_plain(&diags.0);
    let e104: Vec<_> = diags.errors().filter(|d| d.code.id == "E104").collect();
    assert_eq!(e104.len(), 1, "{rendered}");
    assert_eq!(e104[0].location().unwrap(), "t.cix:3:37");
    assert!(rendered.contains("did you mean `区域`?"), "{rendered}");
}
