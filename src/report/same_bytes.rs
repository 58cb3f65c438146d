//! The renderings as they were written before issue 14 (a `String` per cell, a
//! `serde_json::Value` per row), kept as the definition the lean writers must match byte for
//! byte.

// Test data: small numbers whose arithmetic cannot overflow.
#![allow(clippy::arithmetic_side_effects)]

use std::fmt::Write as _;

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use super::number::fixed_decimal;
use super::{ansi, float, heading, Format};
use crate::output::{Cell, Output, Tone};

fn human(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(i) => i.to_string(),
        Cell::Num(v, dp) => fixed_decimal(*v, *dp),
        Cell::Rate(r) => match r.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => format!("{}%", fixed_decimal(p, 2)),
            None => fixed_decimal(*r, 4),
        },
        Cell::Float(f, dp) => float(*f, *dp),
        Cell::Tree(s, depth) => format!("{}{s}", "  ".repeat(*depth)),
        Cell::Colour(s, _) | Cell::Word { shown: s, .. } => s.clone(),
        Cell::Empty => String::new(),
        Cell::Missing => "—".to_string(),
    }
}

fn machine(cell: &Cell) -> String {
    match cell {
        Cell::Rate(r) => fixed_decimal(*r, 4),
        Cell::Tree(s, _) | Cell::Word { machine: s, .. } => s.clone(),
        Cell::Missing => String::new(),
        other => human(other),
    }
}

fn table(out: &Output, paint: bool) -> String {
    let cells: Vec<Vec<String>> = out
        .rows
        .iter()
        .map(|r| r.iter().map(human).collect())
        .collect();
    let ncol = out.columns.len();
    let headings: Vec<String> = out.columns.iter().map(|c| heading(c)).collect();
    let mut widths: Vec<usize> = headings.iter().map(|c| c.width()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let numeric: Vec<bool> = (0..ncol)
        .map(|i| {
            out.rows
                .iter()
                .any(|r| r.get(i).is_some_and(Cell::is_numeric))
                && out.rows.iter().all(|r| {
                    r.get(i)
                        .is_none_or(|c| c.is_numeric() || matches!(c, Cell::Empty | Cell::Missing))
                })
        })
        .collect();
    let pad = |s: &str, w: usize, right: bool| {
        let fill = " ".repeat(w.saturating_sub(s.width()));
        if right {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    };
    let mut text = String::new();
    if let Some(t) = &out.title {
        let _ = writeln!(text, "{t}");
    }
    let line = |text: &mut String, row: &[String], typed: Option<&Vec<Cell>>| {
        let parts: Vec<String> = widths
            .iter()
            .zip(&numeric)
            .enumerate()
            .map(|(i, (w, right))| {
                let s = pad(row.get(i).map_or("", |s| s.as_str()), *w, *right);
                match ansi(typed.and_then(|r| r.get(i))).filter(|_| paint) {
                    Some(code) => format!("{code}{s}\x1b[0m"),
                    None => s,
                }
            })
            .collect();
        let _ = writeln!(text, "{}", parts.join("  ").trim_end());
    };
    line(&mut text, &headings, None);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    let _ = writeln!(text, "{}", rule.join("  "));
    for (row, typed) in cells.iter().zip(&out.rows) {
        line(&mut text, row, Some(typed));
    }
    for n in &out.notes {
        let _ = writeln!(text, "{n}");
    }
    text
}

fn csv_with(out: &Output, terminator: csv::Terminator) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    let _ = w.write_record(&out.columns);
    for row in &out.rows {
        let _ = w.write_record(row.iter().map(machine));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn json_value(cell: &Cell) -> serde_json::Value {
    use serde_json::Value;
    match cell {
        Cell::Text(s) | Cell::Tree(s, _) | Cell::Colour(s, _) | Cell::Word { machine: s, .. } => {
            Value::String(s.clone())
        }
        Cell::Int(i) => Value::from(*i),
        Cell::Empty | Cell::Missing => Value::Null,
        Cell::Float(f, _) if f.is_nan() => Value::Null,
        other => {
            let s = machine(other);
            // A plain decimal string parses as a JSON number with the same digits.
            serde_json::from_str::<serde_json::Number>(&s)
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(s))
        }
    }
}

fn json_rows(out: &Output) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = out
        .rows
        .iter()
        .map(|row| {
            let map: serde_json::Map<String, serde_json::Value> = out
                .columns
                .iter()
                .zip(row)
                .map(|(k, v)| (k.clone(), json_value(v)))
                .collect();
            serde_json::Value::Object(map)
        })
        .collect();
    serde_json::Value::Array(rows)
}

fn json(out: &Output) -> String {
    let mut s = serde_json::to_string_pretty(&json_rows(out)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

fn json_document(outputs: &[(String, Output)]) -> String {
    use serde_json::{Map, Value};
    let mut doc: Map<String, Value> = Map::new();
    for (name, o) in outputs {
        let mut entry = Map::new();
        entry.insert(
            "title".into(),
            o.title.clone().map_or(Value::Null, Value::String),
        );
        entry.insert(
            "columns".into(),
            Value::Array(o.columns.iter().cloned().map(Value::String).collect()),
        );
        entry.insert("rows".into(), json_rows(o));
        entry.insert(
            "notes".into(),
            Value::Array(o.notes.iter().cloned().map(Value::String).collect()),
        );
        // A report named twice on the command line keeps both answers.
        let mut key = name.clone();
        let mut n = 1u32;
        while doc.contains_key(&key) {
            n = n.saturating_add(1);
            key = format!("{name} ({n})");
        }
        doc.insert(key, Value::Object(entry));
    }
    let mut s = serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn markdown(out: &Output) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut text = String::new();
    if let Some(t) = &out.title {
        let _ = writeln!(text, "### {t}\n");
    }
    let _ = writeln!(
        text,
        "| {} |",
        out.columns
            .iter()
            .map(|c| esc(&heading(c)))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let aligns: Vec<&str> = (0..out.columns.len())
        .map(|i| {
            if out
                .rows
                .iter()
                .any(|r| r.get(i).is_some_and(Cell::is_numeric))
            {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(text, "| {} |", aligns.join(" | "));
    for row in &out.rows {
        let _ = writeln!(
            text,
            "| {} |",
            row.iter()
                .map(|c| esc(&human(c)))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    if !out.notes.is_empty() {
        text.push('\n');
        for n in &out.notes {
            let _ = writeln!(text, "{n}");
        }
    }
    text
}

/// The definition of [`super::render`].
fn render(out: &Output, format: Format) -> String {
    match format {
        Format::Table => table(out, false),
        Format::Csv => csv_with(out, csv::Terminator::Any(b'\n')),
        Format::Json => json(out),
        Format::Md => markdown(out),
    }
}

/// Every kind of cell, in both scripts, with the awkward cases: a column named twice, rows
/// shorter and longer than the columns, a pipe, a comma, a quote, trailing and full-width
/// blanks, numbers at rounding points and beyond a Decimal's digits.
fn awkward() -> Output {
    let mut o = Output::new(vec![
        "排名".into(),
        "单元".into(),
        "总分".into(),
        "rate".into(),
        "note".into(),
        "总分".into(),
    ]);
    o.title = Some("总排名 | all".into());
    let word = Cell::Word {
        machine: "yes".into(),
        shown: "是".into(),
    };
    o.rows = vec![
        vec![
            Cell::Int(1),
            Cell::Text("哈尔滨".into()),
            Cell::Num(Decimal::new(83795, 3), 2),
            Cell::Rate(Decimal::new(6983, 4)),
            Cell::Text("a|b, \"c\"".into()),
            Cell::Num(Decimal::new(-5, 3), 2),
        ],
        vec![
            Cell::Int(-2),
            Cell::Tree("智慧服务".into(), 2),
            Cell::Missing,
            Cell::Empty,
            word.clone(),
            Cell::Float(f64::NAN, 3),
        ],
        vec![
            Cell::Text("trailing  ".into()),
            Cell::Text("全角\u{3000}".into()),
        ],
        vec![],
        vec![
            Cell::Colour("绿".into(), Tone::Green),
            Cell::Colour("red".into(), Tone::Red),
            Cell::Num(Decimal::MAX, 4),
            Cell::Rate(Decimal::MAX),
            Cell::Float(-0.0001, 2),
            Cell::Float(1234.5678, 1),
            Cell::Int(7),
        ],
        vec![
            Cell::Int(3),
            Cell::Text(String::new()),
            Cell::Num(Decimal::new(12, 0), 0),
            Cell::Rate(Decimal::ONE),
            word,
            Cell::Num(Decimal::new(5, 1), 0),
        ],
    ];
    o.notes = vec!["a note".into(), "注：并列".into()];
    o
}

/// A ranking's shape: columns all different, every row full.
fn ranking() -> Output {
    let mut o = Output::new(vec![
        "排名".into(),
        "单元".into(),
        "总分".into(),
        "得分率".into(),
    ]);
    for i in 0..300i64 {
        o.rows.push(vec![
            Cell::Int(i),
            Cell::Text(format!("U{i:05}")),
            Cell::Num(Decimal::new(1_000_000 - i * 3_337, 4), 2),
            Cell::Rate(Decimal::new(9_999 - i * 33, 4)),
        ]);
    }
    o
}

#[test]
fn every_format_the_same_bytes() {
    for out in [
        awkward(),
        ranking(),
        Output::default(),
        Output::new(vec!["a".into()]),
    ] {
        for format in [Format::Table, Format::Csv, Format::Json, Format::Md] {
            assert_eq!(
                super::render(&out, format),
                render(&out, format),
                "{format:?}"
            );
        }
        assert_eq!(super::render_painted(&out), table(&out, true));
        assert_eq!(
            super::excel_csv(&out),
            format!("{}{}", super::BOM, csv_with(&out, csv::Terminator::CRLF))
        );
    }
}

#[test]
fn a_json_document_the_same_bytes() {
    let outputs = vec![
        ("总排名".to_string(), awkward()),
        ("总排名".to_string(), ranking()),
        ("总排名 (2)".to_string(), Output::default()),
        ("x".to_string(), Output::new(vec!["a".into()])),
    ];
    assert_eq!(super::json_document(&outputs), json_document(&outputs));
    assert_eq!(super::json_document(&[]), json_document(&[]));
}
