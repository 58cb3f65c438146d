//! Reports → one Excel workbook (rust_xlsxwriter): one sheet per report, named by the report;
//! the title above a bold, frozen header; numbers as numbers with the decimals cix prints
//! (得分率 as a percentage); columns as wide as their text (a CJK character counts two); the
//! report's notes in rows under the table.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::codes;
use crate::diag::Diag;
use crate::output::{Cell, Output};
use crate::report::fixed;

/// Excel's limit on a sheet name's length (in characters).
pub const SHEET_NAME_MAX: usize = 31;
/// The widest column written (Excel's own limit is 255).
const WIDTH_MAX: usize = 60;
/// Rows above a table's first row: the title, then the header.
const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 1;

/// Write the named outputs to `path` as one workbook. E712 names the file and the reason when
/// it cannot be made or saved.
pub fn write(outputs: &[(String, Output)], path: &Path) -> Result<(), Diag> {
    let mut book = workbook(outputs).map_err(|e| failed(path, &e))?;
    book.save(path).map_err(|e| failed(path, &e))
}

/// The workbook of the named outputs, in memory.
pub fn workbook(outputs: &[(String, Output)]) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let mut names: Vec<String> = Vec::new();
    for (name, out) in outputs {
        let sheet_name = sheet_name(name, &names);
        names.push(sheet_name.clone());
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name)?;
        write_sheet(sheet, out)?;
    }
    Ok(book)
}

fn failed(path: &Path, e: &XlsxError) -> Diag {
    let reason = match e {
        XlsxError::IoError(io) => crate::input::io_reason(io),
        other => other.to_string().to_lowercase(),
    };
    Diag::error(
        codes::E712,
        t!(
            "publish.xlsx_failed",
            file = path.display(),
            reason = reason
        ),
    )
    .help(t!("publish.xlsx_failed_help"))
}

/// A report's name as a sheet name Excel accepts: none of `[ ] : * ? / \`, no apostrophe at
/// either end, at most 31 characters, not `History`, and distinct (without case) from the
/// sheets before it (`总排名 (2)`).
pub fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let clean = clean.trim_matches('\'');
    let base = match clean {
        "" => "报告".to_string(),
        c if c.eq_ignore_ascii_case("history") => format!("{c}_"),
        c => c.to_string(),
    };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let mut candidate: String = base.chars().take(SHEET_NAME_MAX).collect();
    let mut n = 1u32;
    while is_taken(&candidate) {
        n = n.saturating_add(1);
        let suffix = format!(" ({n})");
        let keep = SHEET_NAME_MAX.saturating_sub(suffix.chars().count());
        candidate = base.chars().take(keep).chain(suffix.chars()).collect();
    }
    candidate
}

/// One report on one sheet.
fn write_sheet(sheet: &mut Worksheet, out: &Output) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let mut widths: Vec<usize> = out.columns.iter().map(|c| c.width()).collect();
    if let Some(t) = &out.title {
        sheet.write_string_with_format(TITLE_ROW, 0, t, &title)?;
    }
    for (col, name) in (0u16..).zip(&out.columns) {
        sheet.write_string_with_format(HEADER_ROW, col, name, &bold)?;
    }
    sheet.set_freeze_panes(HEADER_ROW.saturating_add(1), 0)?;
    let mut formats = Formats::new();
    let mut row = HEADER_ROW;
    for cells in &out.rows {
        row = row.saturating_add(1);
        for ((col, cell), width) in (0u16..).zip(cells).zip(widths.iter_mut()) {
            *width = (*width).max(write_cell(sheet, &mut formats, (row, col), cell)?);
        }
    }
    // The notes under the table, after an empty row.
    row = row.saturating_add(1);
    for note in &out.notes {
        row = row.saturating_add(1);
        sheet.write_string(row, 0, note)?;
    }
    for (col, w) in (0u16..).zip(widths) {
        let chars = w.saturating_add(2).min(WIDTH_MAX);
        sheet.set_column_width(col, u32::try_from(chars).unwrap_or(u32::MAX))?;
    }
    Ok(())
}

/// The display formats of a sheet's cells, each made once (a hundred thousand rows use the
/// same few): by decimals, by indentation, and the percentage of 得分率.
struct Formats {
    decimals: HashMap<u32, Format>,
    floats: HashMap<u32, Format>,
    indents: HashMap<u8, Format>,
    rate: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            decimals: HashMap::new(),
            floats: HashMap::new(),
            indents: HashMap::new(),
            rate: Format::new().set_num_format("0.00%"),
        }
    }

    /// `0.00` for 2 decimals (`0` for none: scores as integers).
    fn decimals(&mut self, dp: u32) -> &Format {
        self.decimals.entry(dp).or_insert_with(|| match dp {
            0 => Format::new().set_num_format("0"),
            dp => Format::new().set_num_format(shown(dp)),
        })
    }

    /// `0.000` for a statistic of 3 decimals (`0.` for none, as written before).
    fn float(&mut self, dp: u32) -> &Format {
        self.floats
            .entry(dp)
            .or_insert_with(|| Format::new().set_num_format(shown(dp)))
    }

    fn indent(&mut self, indent: u8) -> &Format {
        self.indents
            .entry(indent)
            .or_insert_with(|| Format::new().set_indent(indent))
    }
}

/// Excel's number format of `dp` decimals: `0.00`.
fn shown(dp: u32) -> String {
    format!("0.{}", "0".repeat(usize::try_from(dp).unwrap_or(0)))
}

/// Write one cell with the display format cix prints; the width of its text as printed.
fn write_cell(
    sheet: &mut Worksheet,
    formats: &mut Formats,
    at: (u32, u16),
    cell: &Cell,
) -> Result<usize, XlsxError> {
    let (row, col) = at;
    match cell {
        Cell::Text(s) | Cell::Colour(s, _) | Cell::Word { shown: s, .. } => {
            sheet.write_string(row, col, s)?;
            Ok(s.width())
        }
        Cell::Tree(s, depth) => {
            let indent = u8::try_from(*depth).unwrap_or(u8::MAX).min(15);
            sheet.write_string_with_format(row, col, s, formats.indent(indent))?;
            Ok(s.width().saturating_add(depth.saturating_mul(2)))
        }
        Cell::Int(i) => {
            // Ranks and counts: exact in a double up to 2^53.
            sheet.write_number(row, col, *i as f64)?;
            Ok(i.to_string().len())
        }
        Cell::Num(v, dp) => {
            // The number cix prints (rounded half away from zero), as the cell's value.
            let text = fixed(*v, *dp);
            write_decimal_text(sheet, row, col, &text, formats.decimals(*dp))?;
            Ok(text.len())
        }
        Cell::Rate(r) => {
            let text = fixed(*r, 4);
            write_decimal_text(sheet, row, col, &text, &formats.rate)?;
            Ok(8)
        }
        Cell::Float(f, dp) if f.is_finite() => {
            sheet.write_number_with_format(row, col, *f, formats.float(*dp))?;
            Ok(usize::try_from(*dp).unwrap_or(0).saturating_add(4))
        }
        Cell::Float(..) | Cell::Empty | Cell::Missing => Ok(0),
    }
}

/// A decimal printed by cix, written as the double nearest to it (what Excel stores when the
/// same digits are typed).
fn write_decimal_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    match text
        .parse::<rust_decimal::Decimal>()
        .ok()
        .and_then(|d| d.to_f64())
    {
        Some(v) => sheet.write_number_with_format(row, col, v, format)?,
        None => sheet.write_string(row, col, text)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_excel_accepts() {
        assert_eq!(sheet_name("总排名", &[]), "总排名");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name("'x'", &[]), "x");
        assert_eq!(sheet_name("History", &[]), "History_");
        let long = "一".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        let taken = vec!["总排名".to_string()];
        assert_eq!(sheet_name("总排名", &taken), "总排名 (2)");
        let taken = vec![long.chars().take(31).collect::<String>()];
        let again = sheet_name(&long, &taken);
        assert_eq!(again.chars().count(), 31);
        assert!(again.ends_with(" (2)"));
    }
}
