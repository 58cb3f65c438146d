//! CSV for Excel (`--excel`) and several reports as one JSON document.

use crate::common::{cix, temp_dir};

const SPEC: &str = "examples/smart-city-2015/index.cix";
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn stdout(args: &[&str]) -> Vec<u8> {
    cix()
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone()
}

#[test]
fn several_reports_in_json_are_one_document() {
    let out = stdout(&[
        "run",
        SPEC,
        "总排名",
        "省份均值",
        "分数段",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("one JSON document");
    let obj = doc.as_object().unwrap();
    let names: Vec<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["总排名", "省份均值", "分数段"],
        "keyed by report, in order"
    );
    let overall = &doc["总排名"];
    assert_eq!(overall["title"], "2015年中国智慧城市发展水平总排名");
    assert_eq!(overall["rows"].as_array().unwrap().len(), 151);
    assert_eq!(overall["rows"][0]["城市"], "无锡");
    assert_eq!(overall["rows"][0]["总分"].to_string(), "80.21");
    assert_eq!(overall["rows"][85]["排名"], 86);
    assert_eq!(overall["columns"][1], "城市");
    // Each report's notes are kept in the document beside its rows.
    assert_eq!(overall["notes"], serde_json::json!([]));
    assert_eq!(
        doc["分数段"]["notes"],
        serde_json::json!(["151 units; bands are half-open [a, b)"])
    );
    assert!(doc["省份均值"]["rows"].as_array().unwrap().len() > 10);
}

#[test]
fn every_report_in_json_parses_as_one_document() {
    let out = stdout(&["run", SPEC, "all", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc.as_object().unwrap().len(), 14);
    // One report alone stays an array of rows (the single-table contract).
    let one: serde_json::Value =
        serde_json::from_slice(&stdout(&["run", SPEC, "省份均值", "--format", "json"])).unwrap();
    assert!(one.is_array());
}

#[test]
fn csv_for_excel_has_a_bom_and_crlf() {
    let out = stdout(&["run", SPEC, "--format", "csv", "--excel"]);
    assert!(out.starts_with(BOM), "UTF-8 byte-order mark first");
    let text = std::str::from_utf8(&out[3..]).unwrap();
    assert!(text.starts_with("排名,城市,"), "{}", &text[..40]);
    assert!(text.contains("\r\n1,无锡,18.70,15.73,13.50,8.94,5.74,12.80,4.80,80.21,0.7639\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    // Without the option: no BOM, LF only (the machine contract is unchanged).
    let plain = stdout(&["run", SPEC, "--format", "csv"]);
    assert!(!plain.starts_with(BOM));
    assert!(!plain.contains(&b'\r'));
}

#[test]
fn csv_for_excel_reads_back_as_cix_reads_excel_files() {
    // The file cix writes for Excel is one cix itself reads (BOM detected, CRLF accepted).
    let dir = temp_dir("excel-csv-out");
    cix()
        .args(["run", SPEC, "all", "--format", "csv", "--excel", "--out"])
        .arg(&dir)
        .assert()
        .code(0);
    let bytes = std::fs::read(dir.join("总排名.csv")).unwrap();
    assert!(bytes.starts_with(BOM));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(&r.headers().unwrap()[0], "排名");
    assert_eq!(r.records().count(), 151);
    assert!(dir.join("相关系数p值.csv").exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        14,
        "one file per report"
    );
}

#[test]
fn several_csv_reports_on_stdout_are_apart_by_an_empty_line() {
    let out = stdout(&[
        "run",
        SPEC,
        "省份均值",
        "分数段",
        "--format",
        "csv",
        "--excel",
    ]);
    assert!(out.starts_with(BOM));
    assert_eq!(out.windows(3).filter(|w| *w == BOM).count(), 1, "one BOM");
    let text = String::from_utf8(out[3..].to_vec()).unwrap();
    let parts: Vec<&str> = text.split("\r\n\r\n").collect();
    assert_eq!(parts.len(), 2, "{text}");
    assert!(parts[0].starts_with("省份,"), "{}", parts[0]);
    assert!(
        parts[1].contains("总分") || parts[1].contains("区间"),
        "{}",
        parts[1]
    );
}

#[test]
fn excel_with_another_format_is_a_usage_error() {
    cix()
        .args(["run", SPEC, "--format", "json", "--excel"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("E710"));
}
