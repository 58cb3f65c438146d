//! Excel out: `--format xlsx --out results.xlsx`, read back with calamine.

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::common::{cix, temp_dir};

const SPEC: &str = "examples/smart-city-2015/index.cix";

fn workbook(args: &[&str], name: &str) -> Xlsx<std::io::BufReader<std::fs::File>> {
    let dir = temp_dir(name);
    let path = dir.join("results.xlsx");
    cix()
        .args(args)
        .arg("--out")
        .arg(&path)
        .assert()
        .code(0)
        .stderr(predicates::str::contains("wrote"));
    open_workbook(&path).unwrap()
}

#[test]
fn every_report_is_a_sheet_with_numbers_as_numbers() {
    let mut book = workbook(&["run", SPEC, "all", "--format", "xlsx"], "xlsx-all");
    let names = book.sheet_names();
    assert_eq!(names.len(), 14);
    assert_eq!(names[0], "总排名");
    assert!(names.contains(&"相关系数p值".to_string()));
    let overall = book.worksheet_range("总排名").unwrap();
    // The title, then the header, then the rows.
    assert_eq!(
        overall.get((0, 0)),
        Some(&Data::String("2015年中国智慧城市发展水平总排名".into()))
    );
    let header: Vec<String> = (0..11)
        .map(|c| overall.get((1, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header.join(","),
        "排名,城市,智慧基础设施,智慧管理,智慧服务,智慧经济,智慧人群,保障体系,加分项,总分,得分率"
    );
    // The values are the numbers `cix run --format csv` prints (the 得分率 as its ratio).
    let csv = cix()
        .args(["run", SPEC, "--format", "csv"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(csv).unwrap();
    for (r, line) in text.lines().skip(1).enumerate() {
        for (c, want) in line.split(',').enumerate() {
            let got = overall.get((r + 2, c)).unwrap();
            match want.parse::<f64>() {
                Ok(v) => assert_eq!(got, &Data::Float(v), "row {r} col {c}"),
                Err(_) => assert_eq!(got, &Data::String(want.into()), "row {r} col {c}"),
            }
        }
    }
    assert_eq!(overall.get((2, 1)), Some(&Data::String("无锡".into())));
    assert_eq!(overall.get((2, 9)), Some(&Data::Float(80.21)));
    assert_eq!(overall.get((2, 10)), Some(&Data::Float(0.7639)));
    // 淮安 and 荆州 tie at rank 86.
    assert_eq!(overall.get((87, 0)), Some(&Data::Float(86.0)));
    assert_eq!(overall.get((88, 0)), Some(&Data::Float(86.0)));
}

#[test]
fn notes_are_rows_under_the_table() {
    let mut book = workbook(&["run", SPEC, "分数段", "--format", "xlsx"], "xlsx-notes");
    assert_eq!(book.sheet_names(), ["分数段"]);
    let r = book.worksheet_range("分数段").unwrap();
    let last = r.end().unwrap().0;
    assert_eq!(
        r.get_value((last, 0)),
        Some(&Data::String(
            "151 units; bands are half-open [a, b)".into()
        ))
    );
    assert_eq!(
        r.get_value((last - 1, 0)),
        Some(&Data::Empty),
        "an empty row first"
    );
}

#[test]
fn xlsx_needs_a_file() {
    cix()
        .args(["run", SPEC, "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("E711"));
    let dir = temp_dir("xlsx-no-folder");
    cix()
        .args(["run", SPEC, "--format", "xlsx", "--out"])
        .arg(dir.join("no/such/folder/r.xlsx"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E712"));
}

#[test]
fn the_first_report_alone_is_one_sheet_of_title_header_and_151_rows() {
    let dir = temp_dir("xlsx-round-trip");
    let path = dir.join("r.xlsx");
    cix()
        .args(["run", SPEC, "--format", "xlsx", "--out"])
        .arg(&path)
        .assert()
        .code(0);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let r = book.worksheet_range("总排名").unwrap();
    assert_eq!(r.get_size(), (153, 11));
}
