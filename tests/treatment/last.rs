//! The last known value (`missing last`, language chapter 5): every year's and the second
//! table's scores against the independent oracle (`tests/oracle/last_known.py` →
//! `last_known.json`), the marks in `show`, `explain`, CSV and JSON, and the errors (located,
//! coded, all at once, with "did you mean").

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

const DATA: &str = "tests/treatment/data/last";

fn oracle() -> Value {
    serde_json::from_str(&std::fs::read_to_string("tests/oracle/last_known.json").unwrap()).unwrap()
}

fn load(spec: &str) -> cix::Loaded {
    cix::load(&std::path::Path::new(DATA).join(spec), None)
        .unwrap_or_else(|e| panic!("{}", cix::diag::render_plain(&e.0)))
}

/// Every unit's score at every leaf and the total, and which cells were carried from where,
/// as the oracle computed them.
fn agrees(model: &cix::model::Model, results: &cix::eval::Results, expected: &Value) {
    let units = expected.as_object().unwrap();
    assert_eq!(results.units.len(), units.len());
    for (unit, want) in units {
        let u = results.unit(unit).unwrap();
        for name in ["就业率", "投资", "总分"] {
            let id = model.node(name).unwrap();
            let got = results.score(u, id).unwrap().round_dp(10);
            let want = Decimal::from_str(want[name].as_str().unwrap()).unwrap();
            assert_eq!(got, want, "{unit} {name}");
        }
        for name in ["就业率", "投资"] {
            let id = model.node(name).unwrap();
            let how = results.inputs.imputed(u, id);
            match want["carried"].get(name).and_then(Value::as_str) {
                Some(from) => {
                    assert_eq!(how, Some(format!("last known value, {from}").as_str()));
                }
                None => assert!(
                    how.is_none_or(|h| !h.starts_with("last")),
                    "{unit} {name}: {how:?}"
                ),
            }
        }
    }
}

#[test]
fn every_year_agrees_with_the_oracle() {
    let l = load("last.cix");
    let o = oracle();
    for year in [2016, 2017, 2018] {
        let results = l.results.year(year).unwrap();
        agrees(&l.model, results, &o[format!("last.cix {year}")]);
    }
}

#[test]
fn a_second_table_agrees_with_the_oracle() {
    let l = load("file.cix");
    agrees(&l.model, &l.results, &oracle()["file.cix"]);
}

#[test]
fn the_age_limit_and_an_absent_unit_fall_to_the_else_policy() {
    let l = load("last.cix");
    let job = l.model.node("就业率").unwrap();
    // B's last observed 就业率 is 2016's, two years old: `within 1 year` leaves it to the median.
    let b = l.results.unit("B").unwrap();
    assert_eq!(l.results.inputs.imputed(b, job), Some("median"));
    // E has no earlier year at all: the median too, never 0.
    let e = l.results.unit("E").unwrap();
    assert_eq!(l.results.inputs.imputed(e, job), Some("median"));
    assert!(l.results.score(e, job).unwrap() > Decimal::ZERO);
    // Carried cells are imputed, not observed: coverage does not count them.
    let c = l.results.unit("C").unwrap();
    assert!(!l.results.inputs.observed(c, job));
}

#[test]
fn explain_says_which_year_or_file_the_value_came_from() {
    let l = load("last.cix");
    let out =
        cix::explain::explain(&l.model, &l.dataset, &l.results, &l.scoring, "C", None).unwrap();
    let text = cix::report::render(&out, cix::report::Format::Table);
    assert!(text.contains("— → 70"), "{text}");
    assert!(text.contains("missing → last known value, 2017"), "{text}");
    let l = load("file.cix");
    let out =
        cix::explain::explain(&l.model, &l.dataset, &l.results, &l.scoring, "B", None).unwrap();
    let text = cix::report::render(&out, cix::report::Format::Table);
    assert!(text.contains("— → 61"), "{text}");
    assert!(
        text.contains("missing → last known value, earlier.csv"),
        "{text}"
    );
}

#[test]
fn show_csv_and_json_mark_the_carried_cells() {
    let spec = format!("{DATA}/last.cix");
    let csv = crate::common::cix()
        .args(["run", &spec, "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",imputed"), "{csv}");
    assert!(
        csv.lines()
            .any(|r| r.contains(",A,") && r.ends_with(",投资")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|r| r.contains(",C,") && r.ends_with(",就业率")),
        "{csv}"
    );
    let json = crate::common::cix()
        .args(["run", &spec, "--format", "json"])
        .output()
        .unwrap();
    let json = String::from_utf8(json.stdout).unwrap();
    assert!(json.contains("\"imputed\": \"投资\""), "{json}");
    let show = crate::common::cix()
        .args(["query", &spec, "show C"])
        .output()
        .unwrap();
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(
        show.contains("imputed (no value in the data): 就业率 (last known value, 2017)"),
        "{show}"
    );
    // An earlier year answers with its own carried cells.
    let at = crate::common::cix()
        .args(["query", &spec, "rank by 总分 at 2017", "--format", "csv"])
        .output()
        .unwrap();
    let at = String::from_utf8(at.stdout).unwrap();
    assert!(
        at.lines()
            .any(|r| r.contains(",C,") && r.ends_with(",投资")),
        "{at}"
    );
    assert!(
        at.lines()
            .any(|r| r.contains(",B,") && r.ends_with(",就业率")),
        "{at}"
    );
}

/// `cix check` on a spec written into a fresh folder with `now.csv` and `2014.csv`: its stderr.
fn check(name: &str, spec: &str) -> String {
    let dir = crate::common::temp_dir(&format!("last-{name}"));
    std::fs::write(
        dir.join("now.csv"),
        "城市,就业率,投资\nA,58,\nB,,25\nC,70,35\n",
    )
    .unwrap();
    std::fs::write(dir.join("2014.csv"), "城市,就业率,投资\nA,50,12\nB,x,20\n").unwrap();
    std::fs::write(dir.join("bad.csv"), "市,就业,投资\nA,1,2\n").unwrap();
    std::fs::write(dir.join("t.cix"), spec).unwrap();
    let out = crate::common::cix()
        .args(["check", dir.join("t.cix").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn spec_errors_are_located_and_reported_at_once() {
    let err = check(
        "spec",
        "index \"t\" {\n  data \"now.csv\" key 城市\n  indicator 就业率 50 { score minmax  missing last within 2 years from \"2104.csv\" }\n  indicator 投资 50 { score minmax  missing last }\n  indicator 人口 10 { score minmax  missing last within 0 years }\n  total 总分\n}\n",
    );
    for code in ["E137", "E138", "E136", "E139"] {
        assert!(err.contains(code), "{code} in {err}");
    }
    assert!(err.contains("did you mean `2014.csv`?"), "{err}");
    assert!(err.contains("t.cix:3:"), "{err}");
    assert!(err.contains("`投资` has `missing last`"), "{err}");
}

#[test]
fn earlier_table_errors_point_at_the_clause_and_the_cell() {
    let err = check(
        "table",
        "index \"t\" {\n  data \"now.csv\" key 城市\n  indicator 就业率 50 { score minmax  missing last from \"2014.csv\" }\n  indicator 投资 50 { score minmax  missing last from \"bad.csv\" }\n  total 总分\n}\n",
    );
    assert!(err.contains("E426"), "{err}");
    assert!(
        err.contains("the earlier table `bad.csv` has no column `城市`"),
        "{err}"
    );
    assert!(err.contains("did you mean `市`?"), "{err}");
    assert!(err.contains("E428"), "{err}");
    assert!(err.contains("2014.csv:3:3"), "{err}");
}

#[test]
fn a_cell_nothing_fills_is_an_error_at_the_cell_without_else() {
    // C has 就业率 now; A's 投资 is missing and 2014.csv has it; B's 就业率 is `x` there: use
    // a clean earlier table without B.
    let dir = crate::common::temp_dir("last-e427");
    std::fs::write(dir.join("now.csv"), "城市,就业率\nA,58\nB,\nC,70\n").unwrap();
    std::fs::write(dir.join("old.csv"), "城市,就业率\nA,50\nC,60\n").unwrap();
    std::fs::write(
        dir.join("t.cix"),
        "index \"t\" {\n  data \"now.csv\" key 城市\n  indicator 就业率 50 { score minmax  missing last from \"old.csv\" }\n  total 总分\n}\n",
    )
    .unwrap();
    let e = cix::load(&dir.join("t.cix"), None).unwrap_err();
    let text = cix::diag::render_plain(&e.0);
    assert!(text.contains("E427"), "{text}");
    assert!(
        text.contains("`B` has no value for `就业率`, nor in `old.csv`"),
        "{text}"
    );
    assert!(text.contains("now.csv:3:3"), "{text}");
    assert!(text.contains("else median"), "{text}");
}

#[test]
fn the_clause_prints_back_as_written() {
    let l = load("last.cix");
    let job = &l.model.nodes[l.model.node("就业率").unwrap()].scoring;
    let clause = cix::syntax::ast::Clause::Last(job.last.clone().unwrap(), job.missing.clone());
    assert_eq!(clause.to_string(), "missing last within 1 year else median");
}

#[test]
fn an_index_default_reaches_every_leaf_and_a_leaf_may_override_it() {
    let dir = crate::common::temp_dir("last-default");
    std::fs::write(dir.join("now.csv"), "城市,甲,乙\nA,1,\nB,,4\nC,3,6\n").unwrap();
    std::fs::write(dir.join("old.csv"), "城市,甲,乙\nA,9,2\nB,5,9\n").unwrap();
    std::fs::write(
        dir.join("t.cix"),
        "index \"t\" {\n  data \"now.csv\" key 城市\n  score given 0-10\n  missing last from \"old.csv\"\n  indicator 甲 10\n  indicator 乙 10 { missing zero }\n  total 总分\n}\n",
    )
    .unwrap();
    let l = cix::load(&dir.join("t.cix"), None)
        .unwrap_or_else(|e| panic!("{}", cix::diag::render_plain(&e.0)));
    let (jia, yi) = (l.model.node("甲").unwrap(), l.model.node("乙").unwrap());
    let (a, b) = (l.results.unit("A").unwrap(), l.results.unit("B").unwrap());
    // 甲 takes the default: B's 5 from old.csv.
    assert_eq!(l.results.score(b, jia), Some(Decimal::from(5)));
    assert_eq!(
        l.results.inputs.imputed(b, jia),
        Some("last known value, old.csv")
    );
    // 乙 says `missing zero`: A's 2 in old.csv is not taken.
    assert_eq!(l.results.score(a, yi), Some(Decimal::ZERO));
    assert_eq!(l.results.inputs.imputed(a, yi), Some("zero"));
}
