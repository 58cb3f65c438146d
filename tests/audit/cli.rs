//! `cix audit` against the built binary: the 2015 example's 107 claims each given its expected
//! verdict, the CSV columns, the summary, the exit status; `cix query` and the REPL's `check`.

use std::collections::BTreeMap;

use crate::common::{cix, temp_dir};

const SPEC: &str = "examples/smart-city-2015/index.cix";
const CLAIMS: &str = "examples/smart-city-2015/claims.cix";

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_2015_claims_get_their_expected_verdicts() {
    let expected: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string("tests/audit/expected-2015.json").unwrap())
            .unwrap();
    assert_eq!(expected.len(), 107);
    let out = cix()
        .args(["audit", SPEC, CLAIMS, "--format", "csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        rows[0],
        ["id", "verdict", "stated", "computed", "low", "high", "claim", "quote"]
    );
    let got: BTreeMap<String, String> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(got.len(), 107);
    for (id, want) in &expected {
        let v = &got[id];
        let ok = match want.as_str() {
            // true statements: match, or rounding (true of the unrounded data).
            "match" => v == "match" || v == "rounding",
            other => v == other,
        };
        assert!(ok, "{id}: expected {want}, got {v}");
    }
    assert_eq!(got["S066"], "rounding");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("107 claims:") && stderr.contains("18 mismatch"),
        "{stderr}"
    );
}

#[test]
fn exit_zero_when_every_claim_holds_and_the_summary_under_the_table() {
    let dir = temp_dir("audit-pass");
    let claims = dir.join("claims.cix");
    std::fs::write(
        &claims,
        "S008 \"各城市平均得分为40.05分\": mean 总分 = 40.05\nS066: corr 智慧服务, 智慧人群 = 0.428\n",
    )
    .unwrap();
    let out = cix()
        .args(["audit", SPEC, claims.to_str().unwrap()])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("S066") && text.contains("rounding"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("2 claims: 1 match, 1 rounding, 0 mismatch, 0 error"),
        "{text}"
    );
    // JSON: one object per claim, the summary on stderr.
    let out = cix()
        .args(["audit", SPEC, claims.to_str().unwrap(), "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["verdict"], "match");
    assert!(String::from_utf8(out.stderr).unwrap().contains("2 claims"));
}

#[test]
fn a_broken_claims_file_is_a_located_error() {
    let dir = temp_dir("audit-broken");
    let claims = dir.join("claims.cix");
    std::fs::write(&claims, "S1: mean 总分 = 40.05\nS2: mean 总分 == 3\n").unwrap();
    let out = cix()
        .args(["audit", SPEC, claims.to_str().unwrap()])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("E901") && err.contains("claims.cix:2:"),
        "{err}"
    );
    // An unknown name fails the audit (error verdict) with did you mean.
    std::fs::write(&claims, "S1: mean 总份 = 40.05\n").unwrap();
    let out = cix()
        .args(["audit", SPEC, claims.to_str().unwrap(), "--format", "csv"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(String::from_utf8(out.stdout).unwrap().contains("S1,error"));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("did you mean `总分`"));
}

#[test]
fn scalar_queries_in_cix_query_and_check_in_the_repl() {
    let out = cix()
        .args(["query", SPEC, "rate 总分 in 华南", "--format", "csv"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows[0], ["query", "value", "low", "high"]);
    assert!(rows[1][1].starts_with("0.4415"), "{rows:?}");
    let out = cix()
        .args(["repl", SPEC])
        .write_stdin("check S015: rate 总分 in 华南 ＝ 43.66％\ncheck mean 总分 = 40.05\n")
        .assert()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("S015") && text.contains("mismatch"), "{text}");
    assert!(text.contains("match"), "{text}");
}
