//! Reading and binding at scale: a plain CSV text (no quotes) is cut into cells straight from its
//! lines and bound in parallel; the csv reader's careful path, one row at a time, must give the
//! very same units (values with their scale, lines, rows) and the same diagnostics on tricky
//! files, and errors stay located.

use std::path::Path;

use cix::data::{self, Dataset, Table};
use cix::diag::{render_plain, Diags};
use cix::model::Model;
use cix::source::Source;

const SPEC: &str = r#"index "读取" {
  data "data.csv" key 城市
  attributes 区域
  indicator 甲 10 { score minmax  missing zero }
  indicator 乙 10 { score minmax  missing mean }
  indicator 丙 10 { score rubric [低 → 1, 高 → 10]  missing zero }
  indicator 丁 10 { from 收入 / 人口  score minmax  missing zero }
  total 总分 40
}
"#;

pub(crate) fn model() -> Model {
    let source = Source::new("t.cix", SPEC);
    let parsed = cix::syntax::parse_spec(&source).unwrap();
    let (model, diags) =
        cix::check::check(&parsed, &source, Path::new("."), cix::check::Purpose::Check);
    assert!(!diags.has_errors(), "{}", render_plain(&diags.0));
    model
}

/// Everything a unit holds, values with their scale (`1.50` is not `1.5`).
pub(crate) type Seen = (
    String,
    Vec<String>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    usize,
    usize,
);

pub(crate) fn seen(d: &Dataset) -> Vec<Seen> {
    d.units
        .iter()
        .map(|u| {
            (
                u.key.clone(),
                u.attributes.clone(),
                u.values.iter().map(|v| v.map(|v| v.to_string())).collect(),
                u.texts.clone(),
                u.row,
                u.line,
            )
        })
        .collect()
}

/// Each cell's place in the file, for every unit and column.
pub(crate) fn spans(d: &Dataset) -> Vec<Option<(usize, usize)>> {
    let columns: Vec<String> = d.table.column_names().map(str::to_string).collect();
    d.units
        .iter()
        .flat_map(|u| columns.iter().map(move |c| (u, c)))
        .map(|(u, c)| d.cell(u, c).map(|s| (s.start, s.end)))
        .collect()
}

/// Bound both ways: cut from the lines (in parallel), and by the csv reader row by row.
fn both(table: Table) -> (Result<Dataset, Diags>, Result<Dataset, Diags>) {
    assert!(table.plain, "a text without quotes is read from its lines");
    let mut careful = table.clone();
    careful.plain = false;
    let model = model();
    (data::bind(&model, table), data::bind(&model, careful))
}

fn same_units(text: &str) -> Vec<Seen> {
    let table = data::parse_table(Source::new("data.csv", text), "UTF-8").unwrap();
    let (fast, careful) = both(table);
    let (fast, careful) = (fast.unwrap(), careful.unwrap());
    assert_eq!(seen(&fast), seen(&careful));
    assert_eq!(spans(&fast), spans(&careful));
    seen(&fast)
}

fn same_errors(text: &str) -> String {
    let table = data::parse_table(Source::new("data.csv", text), "UTF-8").unwrap();
    let (fast, careful) = both(table);
    let (fast, careful) = (fast.unwrap_err(), careful.unwrap_err());
    let rendered = render_plain(&fast.0);
    assert_eq!(rendered, render_plain(&careful.0));
    rendered
}

pub(crate) const HEADER: &str = "城市,区域,甲,乙,丙,收入,人口";
pub(crate) const ROWS: &[&str] = &[
    "杭州,华东,1.50,2,高,100,4",
    "宁波, 华东 ,-,N/A,低,7.0,2",
    "广州,华南,123456789012345678901234567,na,,1,3",
    "深圳,华南,-0,+3,高,-,5",
    "成都,西南,４．５,0.000,低,1,0.5",
];

pub(crate) fn file(rows: &[&str], newline: &str) -> String {
    let mut text = String::new();
    for line in std::iter::once(&HEADER).chain(rows) {
        text.push_str(line);
        text.push_str(newline);
    }
    text
}

#[test]
fn lines_and_the_csv_reader_give_the_same_units() {
    let lf = same_units(&file(ROWS, "\n"));
    assert_eq!(lf.len(), 5);
    // Values keep their scale; markers are missing; a 27-digit number is exact.
    assert_eq!(
        lf[0].2.iter().flatten().next().map(String::as_str),
        Some("1.50")
    );
    assert!(lf[2]
        .2
        .iter()
        .flatten()
        .any(|v| v == "123456789012345678901234567"));
    assert_eq!(lf[1].1, vec!["华东".to_string()]);
    assert_eq!((lf[4].4, lf[4].5), (4, 6));
    // CRLF: the same units on the same lines.
    assert_eq!(same_units(&file(ROWS, "\r\n")), lf);
    // Tabs instead of commas.
    let tabs = file(ROWS, "\n").replace(',', "\t");
    assert_eq!(same_units(&tabs), lf);
    // No newline at the end.
    assert_eq!(same_units(file(ROWS, "\n").trim_end()), lf);
}

#[test]
fn blank_lines_are_skipped_and_lines_still_counted() {
    let mut text = String::from("\n\r\n");
    text.push_str(HEADER);
    text.push_str("\n\n,,,,,,\n");
    text.push_str(ROWS[0]);
    text.push_str("\r\n \u{3000} , \n");
    text.push_str(ROWS[1]);
    text.push_str("\n\n");
    let units = same_units(&text);
    assert_eq!(units.len(), 2);
    assert_eq!((units[0].5, units[1].5), (6, 8), "lines of 杭州 and 宁波");
    assert_eq!((units[0].4, units[1].4), (0, 1), "rows of 杭州 and 宁波");
}

#[test]
fn a_quoted_file_reads_like_its_plain_twin() {
    let plain = file(ROWS, "\r\n");
    let quoted = plain.replace("杭州", "\"杭州\"");
    let table = data::parse_table(Source::new("data.csv", quoted), "UTF-8").unwrap();
    assert!(!table.plain, "a quote sends the file to the csv reader");
    let careful = data::bind(&model(), table).unwrap();
    assert_eq!(seen(&careful), same_units(&plain));
}

#[test]
fn byte_order_marks_and_gb18030_read_the_same() {
    let dir = crate::common::temp_dir("read");
    std::fs::create_dir_all(&dir).unwrap();
    let text = file(ROWS, "\r\n");
    let plain = same_units(&text);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    for (name, bytes) in [("bom.csv", bom), ("gbk.csv", gbk.into_owned())] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let table = data::read_table(&path, None).unwrap();
        let (fast, careful) = both(table);
        assert_eq!(seen(&fast.unwrap()), plain, "{name}");
        assert_eq!(seen(&careful.unwrap()), plain, "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn problems_are_reported_alike_and_located() {
    // A short row, a duplicate key, a word where a number belongs, a division by zero.
    let rows = [
        ROWS[0],
        "宁波,华东",
        "杭州,华东,1,2,高,1,1",
        "广州,华南,abc,2,高,1,0",
    ];
    for newline in ["\n", "\r\n"] {
        let text = file(&rows, newline);
        let out = same_errors(&text);
        for (code, place) in [
            ("E202", "data.csv:3:1"),
            ("E206", "data.csv:4:1"),
            ("E204", "data.csv:5:7"),
            ("E444", "data.csv:5:17"),
        ] {
            assert!(out.contains(code), "{code} in {out}");
            assert!(out.contains(place), "{place} in {out}");
        }
    }
    // A key given twice, and nothing else wrong: the parallel pass defers to the careful one.
    let out = same_errors(&file(&[ROWS[0], ROWS[1], ROWS[0]], "\n"));
    assert!(
        out.contains("E206") && out.contains("data.csv:4:1"),
        "{out}"
    );
}

#[test]
fn many_rows_bind_in_order_across_pieces() {
    // More rows than one piece of parallel work: units keep the file's order and rows.
    let rows = generated_rows(10_000);
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let units = same_units(&file(&refs, "\n"));
    assert_eq!(units.len(), 10_000);
    assert!(units
        .iter()
        .enumerate()
        .all(|(i, u)| u.0 == format!("U{i:05}") && u.4 == i && u.5 == i + 2));
}

#[test]
fn a_bound_table_lets_go_of_its_text_and_finds_cells_again() {
    let dir = crate::common::temp_dir("read-again");
    let path = dir.join("data.csv");
    std::fs::write(&path, file(ROWS, "\r\n")).unwrap();
    let bind = || {
        let mut bound = data::bind(&model(), data::read_table(&path, None).unwrap()).unwrap();
        let before = spans(&bound);
        assert!(bound.table.source.has_text());
        bound.table.compact();
        assert!(
            !bound.table.source.has_text(),
            "the text is let go once bound"
        );
        (bound, before)
    };
    // A cell is found again by reading the file again, at the same place; the text is kept.
    let (bound, before) = bind();
    assert_eq!(spans(&bound), before);
    assert!(bound.table.source.has_text());
    // A file changed since it was read points nowhere rather than at the wrong place.
    let (changed, _) = bind();
    std::fs::write(&path, file(&ROWS[1..], "\n")).unwrap();
    assert!(spans(&changed).iter().all(Option::is_none));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_error_found_after_binding_is_located_in_the_file() {
    // A negative value under `score ratio` is found when scoring, after the text was let go.
    let dir = crate::common::temp_dir("read-located");
    std::fs::write(
        dir.join("t.cix"),
        "index \"t\" {\n  data \"data.csv\" key 城市\n  indicator 甲 10 { score ratio }\n  total 总分 10\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("data.csv"),
        "城市,甲\r\n杭州,1\r\n\r\n宁波, -2\r\n",
    )
    .unwrap();
    let out = crate::common::cix()
        .arg("run")
        .arg(dir.join("t.cix"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("E411"), "{err}");
    assert!(err.contains("data.csv:4:5"), "{err}");
    assert!(
        err.contains("宁波, -2"),
        "the line is shown from the file read again: {err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `n` generated rows of the test spec's columns: numbers of every scale, a category, units in
/// seven regions.
pub(crate) fn generated_rows(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "U{i:05},R{},{}.{:02},{},低,{},{}",
                i % 7,
                i,
                i % 100,
                i % 13,
                i,
                i % 9 + 1
            )
        })
        .collect()
}
