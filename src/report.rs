//! Stage 5, report: an [`Output`] → an aligned terminal table, CSV, JSON or Markdown.

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};
use unicode_width::UnicodeWidthStr;

use crate::output::{Cell, Output};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "table" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Md),
            _ => None,
        }
    }

    /// Whether notes belong in stdout with the table (human formats) or on stderr.
    pub fn notes_inline(self) -> bool {
        matches!(self, Format::Table | Format::Md)
    }
}

/// Round half away from zero to `dp` decimals and print with exactly `dp` decimals.
pub fn fixed(v: Decimal, dp: u32) -> String {
    let mut r = v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r.to_string()
}

fn human(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(i) => i.to_string(),
        Cell::Num(v, dp) => fixed(*v, *dp),
        Cell::Rate(r) => match r.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => format!("{}%", fixed(p, 2)),
            None => fixed(*r, 4),
        },
        Cell::Float(f, dp) => float(*f, *dp),
        Cell::Tree(s, depth) => format!("{}{s}", "  ".repeat(*depth)),
        Cell::Colour(s, _) | Cell::Word { shown: s, .. } => s.clone(),
        Cell::Empty => String::new(),
        Cell::Missing => "—".to_string(),
    }
}

/// A cell as tables print it (`70.00%`, `—` for a missing value, a tree name without its
/// indentation).
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Tree(s, _) => s.clone(),
        other => human(other),
    }
}

fn machine(cell: &Cell) -> String {
    match cell {
        Cell::Rate(r) => fixed(*r, 4),
        Cell::Tree(s, _) | Cell::Word { machine: s, .. } => s.clone(),
        Cell::Missing => String::new(),
        other => human(other),
    }
}

fn float(f: f64, dp: u32) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    let s = format!("{:.*}", usize::try_from(dp).unwrap_or(usize::MAX), f);
    match s.strip_prefix('-') {
        // No "-0.000": a negative number that rounds to zero prints as zero.
        Some(digits) if digits.chars().all(|c| c == '0' || c == '.') => digits.to_string(),
        _ => s,
    }
}

pub fn render(out: &Output, format: Format) -> String {
    match format {
        Format::Table => table(out, false),
        Format::Csv => csv(out),
        Format::Json => json(out),
        Format::Md => markdown(out),
    }
}

/// A column's heading as a person reads it (table and Markdown): the statistics' machine names
/// (`n`, `mean`, `rate`, …), which CSV and JSON keep as keys in both languages, in the language
/// spoken; every other heading (排名, a unit's key column, an indicator) as it is.
pub fn heading(column: &str) -> String {
    if let Some(key) = heading_key(column) {
        return t!(key).into_owned();
    }
    // A machine name and a value: `below 65%`, `mean（2015）`.
    if let Some(pct) = column.strip_prefix("below ").filter(|p| p.ends_with('%')) {
        return t!("report.h_below", pct = pct).into_owned();
    }
    match column.split_once('（') {
        Some((name, rest)) => match heading_key(name) {
            Some(key) => format!("{}（{rest}", t!(key)),
            None => column.to_string(),
        },
        None => column.to_string(),
    }
}

/// The catalogue key of a statistic's machine name.
fn heading_key(column: &str) -> Option<&'static str> {
    Some(match column {
        "n" => "report.h_n",
        "share" => "report.h_share",
        "mean" => "report.h_mean",
        "median" => "report.h_median",
        "min" => "report.h_min",
        "max" => "report.h_max",
        "range" => "report.h_range",
        "sd" => "report.h_sd",
        "qd" => "report.h_qd",
        "rate" => "report.h_rate",
        "skew" => "report.h_skew",
        "kurtosis" => "report.h_kurtosis",
        "zeros" => "report.h_zeros",
        "availability" => "report.h_availability",
        "treatment" => "report.h_treatment",
        "points" => "report.h_points",
        "treated skew" => "report.h_treated_skew",
        "treated kurtosis" => "report.h_treated_kurtosis",
        "kind" => "report.h_kind",
        "name" => "report.h_name",
        "available" => "report.h_available",
        "of" => "report.h_of",
        "query" => "report.h_query",
        "value" => "report.h_value",
        "low" => "report.h_low",
        "high" => "report.h_high",
        "imputed" => "report.h_imputed",
        "top" => "report.h_top",
        "nominal" => "report.h_nominal",
        "assumption" => "report.h_assumption",
        "S1 low" => "report.h_s1_low",
        "S1 high" => "report.h_s1_high",
        "ST low" => "report.h_st_low",
        "ST high" => "report.h_st_high",
        "indicator" => "report.h_indicator",
        "mean shift" => "report.h_mean_shift",
        "max shift" => "report.h_max_shift",
        "children" => "report.h_children",
        "alpha" => "report.h_alpha",
        "explained" => "report.h_explained",
        "loadings" => "report.h_loadings",
        "flags" => "report.h_flags",
        _ => return None,
    })
}

/// A terminal table with a dashboard's colours painted (ANSI background colours): for stdout
/// when it is a terminal; files and pipes get [`render`]'s plain text.
pub fn render_painted(out: &Output) -> String {
    table(out, true)
}

/// The ANSI escape that paints a tone (None: plain).
fn ansi(cell: Option<&Cell>) -> Option<&'static str> {
    use crate::output::Tone;
    match cell? {
        Cell::Colour(_, Tone::Green) => Some("\x1b[30;42m"),
        Cell::Colour(_, Tone::Yellow) => Some("\x1b[30;43m"),
        Cell::Colour(_, Tone::Orange) => Some("\x1b[30;48;5;208m"),
        Cell::Colour(_, Tone::Red) => Some("\x1b[97;41m"),
        _ => None,
    }
}

/// An aligned text table: CJK characters count two columns; numbers right-aligned; `paint`:
/// colours in ANSI.
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

fn csv(out: &Output) -> String {
    csv_with(out, csv::Terminator::Any(b'\n'))
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

// ── Several reports at once, and CSV for Excel (issue 12) ──────────────────────────────────

/// The byte-order mark that tells Excel a CSV file is UTF-8 (without it, Excel on Chinese
/// Windows reads the file as GBK and shows garbled names).
pub const BOM: &str = "\u{FEFF}";

/// CSV as Excel saves `CSV UTF-8 (逗号分隔)`: a byte-order mark, then CRLF line ends.
pub fn excel_csv(out: &Output) -> String {
    format!("{BOM}{}", csv_with(out, csv::Terminator::CRLF))
}

/// Several named outputs as one text for stdout. JSON: one document, an object keyed by report
/// name, each holding its `title`, `columns`, `rows` and `notes` (one output alone stays an
/// array of rows, the machine contract of a single table). CSV: each table after the previous
/// one and an empty line (a CSV row is never empty: a row of empty cells keeps its commas).
/// Tables and Markdown: each under the previous one and an empty line. `excel` writes CSV for
/// Excel ([`excel_csv`]: one byte-order mark at the start, CRLF line ends).
pub fn render_many(outputs: &[(String, Output)], format: Format, excel: bool) -> String {
    if format == Format::Json && outputs.len() > 1 {
        return json_document(outputs);
    }
    let excel = excel && format == Format::Csv;
    let (start, gap) = if excel { (BOM, "\r\n") } else { ("", "\n") };
    let mut text = start.to_string();
    for (i, (_, o)) in outputs.iter().enumerate() {
        if i > 0 && format != Format::Json {
            text.push_str(gap);
        }
        if excel {
            text.push_str(&csv_with(o, csv::Terminator::CRLF));
        } else {
            text.push_str(&render(o, format));
        }
    }
    text
}

/// A report's name as a file name: characters that Windows or Unix refuse in a file name
/// (`/ \\ : * ? " < > |` and control characters) become `_`.
pub fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

/// Several outputs as one JSON document: `{"总排名": {"title": …, "columns": […], "rows": […],
/// "notes": […]}, …}`, in the order given.
pub fn json_document(outputs: &[(String, Output)]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_rounding() {
        assert_eq!(fixed(Decimal::new(25, 3), 2), "0.03");
        assert_eq!(fixed(Decimal::new(802, 1), 2), "80.20");
        assert_eq!(fixed(Decimal::new(-1, 3), 2), "0.00");
    }

    #[test]
    fn cjk_alignment_by_display_width() {
        let mut o = Output::new(vec!["城市".into(), "总分".into()]);
        o.rows.push(vec![
            Cell::Text("哈尔滨".into()),
            Cell::Num(Decimal::new(1, 0), 2),
        ]);
        o.rows.push(vec![
            Cell::Text("ab".into()),
            Cell::Num(Decimal::new(10, 0), 2),
        ]);
        let t = render(&o, Format::Table);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[2].width(), lines[3].width());
        assert_eq!(lines[2], "哈尔滨   1.00");
        assert_eq!(lines[3], "ab      10.00");
    }
}
