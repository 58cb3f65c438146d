//! Excel in: `--data cities.xlsx [--sheet 2015]` and `data "…" sheet "…"` read a sheet as a CSV
//! is read. Fixture workbooks are written here with rust_xlsxwriter.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};

use crate::common::{cix, temp_dir};

const SPEC: &str = "examples/smart-city-2015/index.cix";

/// The 2015 data as a workbook: a first sheet `2014` with other text, then `2015` holding the
/// CSV's cells, numbers as numbers (the name and attribute columns as text).
fn cities_workbook(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("examples/smart-city-2015/cities.csv").unwrap();
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("2014")
        .unwrap()
        .write_string(0, 0, "another year")
        .unwrap();
    let sheet = book.add_worksheet().set_name("2015").unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(v) if r > 0 => sheet.write_number(r, c, v).unwrap(),
                _ => sheet.write_string(r, c, cell).unwrap(),
            };
        }
    }
    let path = dir.join("cities.xlsx");
    book.save(&path).unwrap();
    path
}

fn run(args: &[&str]) -> String {
    let out = cix()
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_workbook_gives_the_same_results_as_the_csv() {
    let dir = temp_dir("xlsx-2015");
    let book = cities_workbook(&dir);
    let book = book.to_str().unwrap();
    let from_csv = run(&["run", SPEC, "all", "--format", "csv"]);
    let from_xlsx = run(&[
        "run", SPEC, "all", "--format", "csv", "--data", book, "--sheet", "2015",
    ]);
    assert_eq!(from_xlsx, from_csv);
    // `cix check` says where the data came from.
    let check = run(&["check", SPEC, "--data", book, "--sheet", "2015"]);
    assert!(check.contains("151 units from"), "{check}");
    assert!(check.contains("cities.xlsx!2015 (workbook)"), "{check}");
}

#[test]
fn the_spec_names_the_sheet() {
    let dir = temp_dir("xlsx-spec-sheet");
    cities_workbook(&dir);
    let spec = std::fs::read_to_string(SPEC)
        .unwrap()
        .replace(r#"data "cities.csv""#, r#"data "cities.xlsx" sheet "2015""#);
    assert!(spec.contains(r#"sheet "2015""#));
    std::fs::write(dir.join("index.cix"), &spec).unwrap();
    let spec_path = dir.join("index.cix");
    let got = run(&["run", spec_path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(got, run(&["run", SPEC, "--format", "csv"]));

    // A sheet the workbook lacks: located in the spec, with "did you mean" and the list.
    std::fs::write(
        &spec_path,
        spec.replace(r#"sheet "2015""#, r#"sheet "2015年""#),
    )
    .unwrap();
    cix()
        .args(["check", spec_path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E211"))
        .stderr(predicates::str::contains("has no sheet `2015年`"))
        .stderr(predicates::str::contains("did you mean `2015`?"))
        .stderr(predicates::str::contains("index.cix:7:28]"));
}

/// A small spec over a workbook written by the test: leaves 甲 (missing error) and 乙 (missing
/// zero), read as given points out of 100.
fn small(dir: &Path, rows: &[(&str, Option<f64>, &str)]) -> PathBuf {
    std::fs::write(
        dir.join("t.cix"),
        "index \"t\" {\n  data \"t.xlsx\" sheet \"数据\" key 城市\n  indicator 甲 100\n  \
         indicator 乙 100 { missing zero }\n  total 总分 200\n}\n",
    )
    .unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("数据").unwrap();
    let percent = Format::new().set_num_format("0.0%");
    sheet.write_string(0, 0, "城市").unwrap();
    sheet.write_string(0, 1, "甲").unwrap();
    sheet.write_string(0, 2, "乙").unwrap();
    for (i, (city, a, b)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *city).unwrap();
        if let Some(a) = a {
            sheet.write_number(r, 1, *a).unwrap();
        }
        match *b {
            "" => {}
            "pct" => {
                sheet
                    .write_number_with_format(r, 2, 0.853, &percent)
                    .unwrap();
            }
            text => {
                sheet.write_string(r, 2, text).unwrap();
            }
        }
    }
    book.save(dir.join("t.xlsx")).unwrap();
    dir.join("t.cix")
}

fn value(l: &cix::Loaded, unit: &str, node: &str) -> Option<Decimal> {
    let u = l.results.unit(unit).unwrap();
    let id = l.model.nodes.iter().position(|n| n.name == node).unwrap();
    // Points given as they are: the leaf's score is the number read (a loaded index keeps
    // the points in its results, not in the units).
    l.results.score(u, id)
}

#[test]
fn numbers_are_the_decimals_excel_displays() {
    let dir = temp_dir("xlsx-exact");
    let spec = small(
        &dir,
        &[
            ("杭州", Some(12.3), "-"),
            ("宁波", Some(0.1 + 0.2), "N/A"),
            ("温州", Some(99.99), "#N/A"),
            ("嘉兴", Some(7.0), ""),
            ("湖州", Some(33.333), "pct"),
        ],
    );
    let l = cix::load(&spec, None).unwrap();
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    // 12.3 typed in Excel is 12.3 exactly (the double is 12.300000000000000710…).
    assert_eq!(value(&l, "杭州", "甲"), Some(d("12.3")));
    assert_eq!(value(&l, "杭州", "甲").unwrap().to_string(), "12.3");
    assert_eq!(value(&l, "宁波", "甲").unwrap().to_string(), "0.3");
    assert_eq!(value(&l, "温州", "甲"), Some(d("99.99")));
    assert_eq!(value(&l, "湖州", "甲"), Some(d("33.333")));
    // A percent-formatted cell (85.3%) reads as its ratio.
    assert_eq!(value(&l, "湖州", "乙"), Some(d("0.853")));
    // `-`, `N/A`, `#N/A` and an empty cell are missing: 乙 allows it (`missing zero`).
    for city in ["杭州", "宁波", "温州", "嘉兴"] {
        assert_eq!(value(&l, city, "乙"), Some(Decimal::ZERO), "{city}");
    }
}

#[test]
fn a_missing_cell_where_none_is_allowed_is_located_by_its_cell() {
    let dir = temp_dir("xlsx-missing");
    let spec = small(&dir, &[("杭州", Some(1.0), ""), ("宁波", None, "")]);
    let err = cix()
        .args(["check", spec.to_str().unwrap()])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("E205"), "{err}");
    assert!(
        err.contains("/t.xlsx!数据!B3)"),
        "the message names the cell: {err}"
    );
    assert!(err.contains("/t.xlsx!数据!B3]"), "the snippet too: {err}");
    assert!(
        !err.contains("t.xlsx!数据!B3:"),
        "no text line and column: {err}"
    );
}

#[test]
fn bad_cells_are_located_as_sheet_row_column() {
    let dir = temp_dir("xlsx-bad");
    let spec = small(
        &dir,
        &[
            ("杭州", Some(1.0), "很多"),
            ("宁波", Some(120.0), ""),
            ("杭州", Some(2.0), ""),
        ],
    );
    let l = cix::load(&spec, None).unwrap_err();
    let at: Vec<(String, String)> =
        l.0.iter()
            .map(|d| (d.code.id.to_string(), d.location().unwrap_or_default()))
            .collect();
    let has = |code: &str, place: &str| at.iter().any(|(c, p)| c == code && p.ends_with(place));
    assert!(has("E204", "/t.xlsx!数据!C2"), "{at:?}");
    assert!(has("E207", "/t.xlsx!数据!B3"), "{at:?}");
    assert!(has("E206", "/t.xlsx!数据!A4"), "{at:?}");
    let text = cix::diag::render_plain(&l.0);
    assert!(text.contains("appears twice, on rows 2 and 4"), "{text}");
}

#[test]
fn sheet_errors() {
    let dir = temp_dir("xlsx-sheet-errors");
    let book = cities_workbook(&dir);
    // An unknown sheet on the command line.
    cix()
        .args([
            "check",
            SPEC,
            "--data",
            book.to_str().unwrap(),
            "--sheet",
            "2016",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E211"))
        .stderr(predicates::str::contains("sheets: 2014, 2015"));
    // The first sheet, read when none is named, has no key column.
    cix()
        .args(["check", SPEC, "--data", book.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E203"));
    // A sheet of a CSV file.
    cix()
        .args(["check", SPEC, "--sheet", "2015"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E213"));
    // Not a workbook at all.
    let fake = dir.join("fake.xlsx");
    std::fs::write(&fake, "城市,总分\n").unwrap();
    cix()
        .args(["check", SPEC, "--data", fake.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E210"));
    // An empty sheet.
    let mut empty = Workbook::new();
    empty.add_worksheet().set_name("空").unwrap();
    empty.save(dir.join("empty.xlsx")).unwrap();
    cix()
        .args([
            "check",
            SPEC,
            "--data",
            dir.join("empty.xlsx").to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E212"));
}
