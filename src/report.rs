//! Stage 5, report: an [`Output`] → an aligned terminal table, CSV, JSON or Markdown.

use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::output::{Cell, Output, Table};

mod delimited;
mod json;
mod number;
#[cfg(test)]
mod same_bytes;
mod text;

pub use json::json_document;
pub use number::push_fixed;

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
    let mut s = String::new();
    push_fixed(&mut s, v, dp);
    s
}

fn human(cell: &Cell) -> String {
    let mut s = String::new();
    push_human(&mut s, cell);
    s
}

/// Append a cell as tables and Markdown print it.
fn push_human(buf: &mut String, cell: &Cell) {
    match cell {
        Cell::Text(s) | Cell::Colour(s, _) | Cell::Word { shown: s, .. } => buf.push_str(s),
        Cell::Int(i) => number::push_int(buf, *i),
        Cell::Num(v, dp) => push_fixed(buf, *v, *dp),
        Cell::Rate(r) => match r.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => {
                push_fixed(buf, p, 2);
                buf.push('%');
            }
            None => push_fixed(buf, *r, 4),
        },
        Cell::Float(f, dp) => buf.push_str(&float(*f, *dp)),
        Cell::Tree(s, depth) => {
            for _ in 0..*depth {
                buf.push_str("  ");
            }
            buf.push_str(s);
        }
        Cell::Empty => {}
        Cell::Missing => buf.push('—'),
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
    let mut s = String::new();
    push_machine(&mut s, cell);
    s
}

/// Append a cell as CSV and JSON write it: the same in every language.
fn push_machine(buf: &mut String, cell: &Cell) {
    match cell {
        Cell::Rate(r) => push_fixed(buf, *r, 4),
        Cell::Tree(s, _) | Cell::Word { machine: s, .. } => buf.push_str(s),
        Cell::Missing => {}
        other => push_human(buf, other),
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

/// An output as one text (see [`write`]).
pub fn render(out: &Output, format: Format) -> String {
    text_of(|w| write(w, out, format))
}

/// What `write` writes, as a text (into memory, which cannot fail).
fn text_of(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut bytes = Vec::new();
    let _ = write(&mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Write a table in a format as its rows are read (issue 14): an aligned table, CSV, JSON or
/// Markdown; only a writer's error stops it.
pub fn write(w: &mut dyn Write, t: &dyn Table, format: Format) -> io::Result<()> {
    match format {
        Format::Table => text::table(w, t, false),
        Format::Csv => delimited::csv(w, t, csv::Terminator::Any(b'\n')),
        Format::Json => json::json(w, t),
        Format::Md => text::markdown(w, t),
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
pub fn render_painted(out: &dyn Table) -> String {
    text_of(|w| text::table(w, out, true))
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

// ── Several reports at once, and CSV for Excel (issue 12) ──────────────────────────────────

/// The byte-order mark that tells Excel a CSV file is UTF-8 (without it, Excel on Chinese
/// Windows reads the file as GBK and shows garbled names).
pub const BOM: &str = "\u{FEFF}";

/// CSV as Excel saves `CSV UTF-8 (逗号分隔)`: a byte-order mark, then CRLF line ends.
pub fn excel_csv(out: &Output) -> String {
    text_of(|w| write_excel_csv(w, out))
}

/// [`excel_csv`], written as its rows are read.
pub fn write_excel_csv(w: &mut dyn Write, t: &dyn Table) -> io::Result<()> {
    w.write_all(BOM.as_bytes())?;
    delimited::csv(w, t, csv::Terminator::CRLF)
}

/// Several named outputs as one text for stdout. JSON: one document, an object keyed by report
/// name, each holding its `title`, `columns`, `rows` and `notes` (one output alone stays an
/// array of rows, the machine contract of a single table). CSV: each table after the previous
/// one and an empty line (a CSV row is never empty: a row of empty cells keeps its commas).
/// Tables and Markdown: each under the previous one and an empty line. `excel` writes CSV for
/// Excel ([`excel_csv`]: one byte-order mark at the start, CRLF line ends).
pub fn render_many(outputs: &[(String, Output)], format: Format, excel: bool) -> String {
    text_of(|w| write_many(w, outputs, format, excel))
}

/// [`render_many`], written as the rows are read (`cix run` to stdout).
pub fn write_many<T: Table>(
    w: &mut dyn Write,
    outputs: &[(String, T)],
    format: Format,
    excel: bool,
) -> io::Result<()> {
    if format == Format::Json && outputs.len() > 1 {
        return json::document(w, outputs);
    }
    let excel = excel && format == Format::Csv;
    let gap = if excel {
        w.write_all(BOM.as_bytes())?;
        "\r\n"
    } else {
        "\n"
    };
    for (i, (_, o)) in outputs.iter().enumerate() {
        if i > 0 && format != Format::Json {
            w.write_all(gap.as_bytes())?;
        }
        if excel {
            delimited::csv(w, o, csv::Terminator::CRLF)?;
        } else {
            write(w, o, format)?;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

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
