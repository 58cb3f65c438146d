//! `for GROUP { set … }`: weights, scoring rules and missing policies by group, one joint
//! ranking, checked by an independent oracle (tests/oracle/groups_2017.py).

use crate::common;
use crate::{check_codes, load, rows, table};

const CLASSES: &str = "examples/smart-city-2017-classes/index.cix";

#[test]
fn totals_match_the_oracle_under_each_groups_weights() {
    let expected: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string("tests/oracle/groups-2017.json").unwrap())
            .unwrap();
    let l = load(CLASSES);
    let ranked = rows(&l, "rank by 总分 show 总分");
    assert_eq!(ranked.len(), expected.len() + 1, "one joint ranking");
    for r in &ranked[1..] {
        assert_eq!(expected[&r[1]], r[2], "{}", r[1]);
    }
    // Joint ranking: 绵阳 (三线, its own weights) right after the 二线 cities.
    assert_eq!(ranked[8][1], "绵阳");
}

#[test]
fn a_groups_weights_give_its_maximum_and_rate() {
    let l = load(CLASSES);
    let shown = table(&l, "show 绵阳");
    // 数据治理 weighs 15 for 三四线 cities: (62 + 66) / 2 % of 15 = 9.60, 64%.
    let line = shown.lines().find(|l| l.starts_with("数据治理")).unwrap();
    assert!(
        line.contains("9.60") && line.contains("15.00") && line.contains("64.00%"),
        "{line}"
    );
    assert!(
        shown.contains("scored by the methods for `三四线城市`"),
        "{shown}"
    );
    // 北京 keeps the spec's own weights: 数据治理 of 20.
    let shown = table(&l, "show 北京");
    let line = shown.lines().find(|l| l.starts_with("数据治理")).unwrap();
    assert!(line.contains("20.00"), "{line}");
}

#[test]
fn a_groups_missing_policy_applies_to_its_units_only() {
    // 黄山 (四线) has no 数据开放: 0 under the group's `missing zero`.
    let l = load(CLASSES);
    let r = rows(&l, "rank of 黄山 by 数据开放");
    assert_eq!(r[1][1], "0.00");
    // The same empty cell for a 一线 city is an error at the cell.
    let dir = common::temp_dir("methods-missing");
    let csv = std::fs::read_to_string("examples/smart-city-2017-classes/cities.csv")
        .unwrap()
        .replace("北京,北京,一线,79,87", "北京,北京,一线,79,");
    std::fs::write(dir.join("cities.csv"), csv).unwrap();
    let spec = std::fs::read_to_string(CLASSES).unwrap();
    std::fs::write(dir.join("index.cix"), spec).unwrap();
    let (code, err) = check_codes(dir.join("index.cix").to_str().unwrap());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`北京` has no value for `数据开放`, and its methods allow none"),
        "{err}"
    );
    assert!(err.contains("cities.csv:2:"), "{err}");
}

#[test]
fn check_catches_unknown_names_and_groups_chosen_by_scores() {
    let (code, err) = check_codes("tests/groups/specs/bad_methods.cix");
    assert_eq!(code, 1);
    assert!(err.contains("unknown group `三四线`"), "{err}");
    assert!(err.contains("unknown indicator `数据智理`"), "{err}");
    assert!(err.contains("did you mean `数据治理`?"), "{err}");
    assert!(err.contains("bad_methods.cix:13:19"), "{err}");
    assert!(
        err.contains("group `高分` is chosen by scores or tiers"),
        "{err}"
    );
    for code in ["E120", "E121", "E122"] {
        assert!(err.contains(code), "{code}: {err}");
    }
}

#[test]
fn check_verifies_each_groups_weights_sum() {
    let (code, err) = check_codes("tests/groups/specs/bad_sum.cix");
    assert_eq!(code, 1);
    assert!(
        err.contains("the children of `数据治理` sum to 20 points, not 30"),
        "{err}"
    );
    assert!(err.contains("in the methods for `三四线城市`"), "{err}");
    assert!(err.contains("bad_sum.cix:10:"), "{err}");
}

#[test]
fn a_unit_in_two_method_groups_is_an_error() {
    let (code, err) = check_codes("tests/groups/specs/two_groups.cix");
    assert_eq!(code, 1);
    assert!(err.contains("E123"), "{err}");
    assert!(
        err.contains("`嘉兴` is in two groups with their own methods"),
        "{err}"
    );
}
