//! A plain UTF-8 CSV file read and bound a piece at a time (`data::read_bound`), its cells
//! written straight into the units' packed values: the very dataset the careful path gives
//! (the file read whole, bound row by row by the csv reader), cut into pieces of every size;
//! every file it must not take (another encoding, quotes, a problem in a row, a key given
//! twice, a line longer than a piece) left to the careful path, which reports it as before.

use std::path::Path;

use cix::data::{self, Dataset};
use rust_decimal::Decimal;

use super::read::{file, model, seen, spans, Seen, HEADER, ROWS};

/// A folder of one's own (tests run in parallel and each writes its `data.csv`).
fn own_dir() -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    crate::common::temp_dir(&format!("stream-{n}"))
}

/// The careful path: the file read whole, then bound row by row by the csv reader.
fn careful(path: &Path) -> Dataset {
    let mut table = data::read_table(path, None).unwrap();
    table.plain = false;
    data::bind(&model(), table).unwrap()
}

/// Everything the table of a bound dataset keeps: header cells and spans, rows, encoding.
type Kept = (
    Vec<(String, usize, usize)>,
    Vec<(usize, usize)>,
    &'static str,
    String,
);

fn kept(d: &Dataset) -> Kept {
    let t = &d.table;
    (
        t.header
            .iter()
            .map(|c| (c.text.clone(), c.span.start, c.span.end))
            .collect(),
        t.rows.iter().map(|r| (r.line, r.start)).collect(),
        t.encoding,
        t.source.name().to_string(),
    )
}

/// Streamed in pieces of many sizes (and the default), each the careful path's dataset.
fn streams_alike(bytes: &[u8]) -> Vec<Seen> {
    let dir = own_dir();
    let path = dir.join("data.csv");
    std::fs::write(&path, bytes).unwrap();
    let want = careful(&path);
    let model = model();
    let longest = bytes.split(|&b| b == b'\n').map(<[u8]>::len).max().unwrap();
    for piece in [
        longest + 1,
        longest + 2,
        longest + 7,
        2 * longest + 3,
        1 << 23,
    ] {
        let got = data::read_bound_in(&model, &path, piece)
            .unwrap_or_else(|| panic!("pieces of {piece} bytes"));
        assert_eq!(seen(&got), seen(&want), "pieces of {piece} bytes");
        assert_eq!(kept(&got), kept(&want), "pieces of {piece} bytes");
        assert!(!got.table.source.has_text(), "the text is not held");
        // A cell is found by reading the file again, where the careful path finds it.
        assert_eq!(spans(&got), spans(&want), "pieces of {piece} bytes");
    }
    std::fs::remove_dir_all(&dir).unwrap();
    seen(&want)
}

/// Whether the file is left to the careful path.
fn refused(bytes: &[u8], piece: usize) -> bool {
    let dir = own_dir();
    let path = dir.join("data.csv");
    std::fs::write(&path, bytes).unwrap();
    let got = data::read_bound_in(&model(), &path, piece);
    std::fs::remove_dir_all(&dir).unwrap();
    got.is_none()
}

#[test]
fn pieces_bind_like_the_careful_path() {
    let lf = streams_alike(file(ROWS, "\n").as_bytes());
    assert_eq!(lf.len(), ROWS.len());
    assert_eq!(streams_alike(file(ROWS, "\r\n").as_bytes()), lf, "CRLF");
    assert_eq!(
        streams_alike(file(ROWS, "\n").replace(',', "\t").as_bytes()),
        lf,
        "tabs"
    );
    assert_eq!(
        streams_alike(file(ROWS, "\n").trim_end().as_bytes()),
        lf,
        "no newline at the end"
    );
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(file(ROWS, "\r\n").as_bytes());
    assert_eq!(streams_alike(&bom), lf, "a byte order mark");
    // Blank lines before the header and between rows, counted.
    let mut blanks = String::from("\n\r\n");
    blanks.push_str(&file(
        &[ROWS[0], "", ",,,,,,", ROWS[1], " \u{3000} , "],
        "\n",
    ));
    let units = streams_alike(blanks.as_bytes());
    assert_eq!((units[0].5, units[1].5), (4, 7), "lines of 杭州 and 宁波");
}

#[test]
fn many_rows_across_many_pieces() {
    let rows = super::read::generated_rows(3000);
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let units = streams_alike(file(&refs, "\r\n").as_bytes());
    assert_eq!(units.len(), 3000);
    assert!(units
        .iter()
        .enumerate()
        .all(|(i, u)| u.0 == format!("U{i:05}") && u.4 == i && u.5 == i + 2));
}

/// Cells that a careless reader gets wrong: signs, scales, leading zeros, 18 and 19 digits,
/// the 4-byte word's limit, full-width digits, spaces, missing markers.
const TRICKY: &[&str] = &[
    "0",
    "007",
    "-0",
    "-0.00",
    "0.000",
    "1.50",
    "-1.50",
    "140.02",
    "-7",
    "+3",
    ".5",
    "5.",
    "33554431",
    "33554432",
    "-33554431",
    "0.0000033554431",
    "123456789012345678",
    "-123456789012345678",
    "1234567890123456789",
    "12345678901234567.8",
    "４．５",
    "－３",
    " 12.5 ",
    "",
    "-",
    "N/A",
    "na",
];

#[test]
fn tricky_cells_read_as_the_definition_reads_them() {
    // 甲 (`score minmax`, `missing zero`) reads any number as written: the straight path.
    let rows: Vec<String> = TRICKY
        .iter()
        .enumerate()
        .map(|(i, t)| format!("K{i},华东,{t},1,高,1,1"))
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let text = file(&refs, "\n");
    let units = streams_alike(text.as_bytes());
    assert_eq!(units.len(), TRICKY.len());
    let dir = own_dir();
    let path = dir.join("data.csv");
    std::fs::write(&path, &text).unwrap();
    let model = model();
    let streamed = data::read_bound_in(&model, &path, 100).unwrap();
    let at = model.nodes.iter().position(|n| n.name == "甲").unwrap();
    let exact = |d: Option<Decimal>| d.map(|d| d.serialize());
    for (t, u) in TRICKY.iter().zip(&streamed.units) {
        // The definition: `parse_number` (same value, scale and sign), or missing for Excel's
        // markers.
        let want = data::parse_number(t).filter(|_| !data::is_missing_marker(t));
        assert_eq!(exact(u.values.get(at)), exact(want), "{t:?}");
    }
    let value = |i: usize| streamed.units[i].values.get(at).unwrap().to_string();
    assert_eq!(value(5), "1.50", "the scale is kept");
    assert_eq!(value(13), "33554432", "beyond the 4-byte word");
    assert_eq!(value(18), "1234567890123456789", "19 digits");
    assert!(streamed.units[13].values.is_wide());
    assert!(!streamed.units[12].values.is_wide());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_it_does_not_take_go_the_careful_way() {
    let ok = file(ROWS, "\n");
    assert!(!refused(ok.as_bytes(), 64));
    // A line longer than a piece.
    assert!(refused(ok.as_bytes(), 16));
    // A quote anywhere, a lone carriage return, another encoding, a byte order mark of UTF-16.
    assert!(refused(ok.replace("杭州", "\"杭州\"").as_bytes(), 64));
    assert!(refused(ok.replacen('\n', "\r", 2).as_bytes(), 64));
    let (gbk, _, _) = encoding_rs::GB18030.encode(&ok);
    assert!(refused(&gbk, 1 << 20));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(ok.encode_utf16().flat_map(u16::to_le_bytes));
    assert!(refused(&utf16, 1 << 20));
    // Problems in rows (a short row, a key twice, a word for a number, an empty key, a
    // division by zero), in the first piece or a later one; an empty file; no header.
    for bad in [
        "宁波,华东",
        ROWS[0],
        "西安,西北,abc,2,高,1,1",
        ",华南,1,2,高,1,1",
        "西安,西北,1,2,高,1,0",
    ] {
        let text = file(&[ROWS[0], ROWS[1], ROWS[2], bad], "\n");
        assert!(refused(text.as_bytes(), 64), "{bad}");
        assert!(refused(text.as_bytes(), 1 << 20), "{bad}");
    }
    assert!(refused(b"", 64) && refused(b"\n\n", 64));
    // A header without a column the spec reads.
    assert!(refused(
        ok.replace(HEADER, "城市,区域,甲,乙,丙,收入").as_bytes(),
        64
    ));
}

#[test]
fn a_problem_in_a_streamed_file_is_reported_as_before() {
    // `cix run` on a file with a problem deep inside: the careful path's located errors.
    let dir = crate::common::temp_dir("stream-run");
    std::fs::write(
        dir.join("t.cix"),
        "index \"t\" {\n  data \"data.csv\" key 城市\n  indicator 甲 10 { score minmax }\n  total 总分 10\n}\n",
    )
    .unwrap();
    let mut text = String::from("城市,甲\n");
    for i in 0..20_000 {
        text.push_str(&format!("U{i},{}.5\n", i % 97));
    }
    text.push_str("U20000,abc\nU5,1\n");
    std::fs::write(dir.join("data.csv"), &text).unwrap();
    let out = crate::common::cix()
        .arg("run")
        .arg(dir.join("t.cix"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("E204") && err.contains("data.csv:20002:8"),
        "{err}"
    );
    assert!(
        err.contains("E206") && err.contains("data.csv:20003:1"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
