//! A worksheet of a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, read by calamine) → a
//! [`Table`], read as a CSV is read: the first non-empty row is the header, every cell keeps
//! its place, and a diagnostic names the cell as Excel does (`cities.xlsx!2015!C7`).
//!
//! Cells become the text a CSV would hold: a number as the decimal Excel displays (15
//! significant digits, so 12.3 typed in Excel is `12.3`, never `12.300000000000001`; a
//! percent-formatted cell is its ratio, 85% → `0.85`), an error cell as its code (`#N/A`, a
//! missing value), an empty cell as empty text.

use std::path::Path;

use calamine::{Data, Reader};
use rust_decimal::Decimal;

use super::{Cell, Row, Table};
use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span};

/// The extensions read as workbooks (compared without case); any other file is read as CSV.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// What the shown text puts between two cells of a row (the snippet of a diagnostic).
const SEPARATOR: &str = " │ ";

/// The `encoding` of a [`Table`] read from a workbook.
pub const ENCODING: &str = "workbook";

/// Excel shows at most 15 significant digits of a number.
const EXCEL_DIGITS: usize = 15;

/// A sheet asked for by name: on the command line (`--sheet`) or in the spec (`sheet "2015"`,
/// with where it is written).
#[derive(Clone, Copy, Debug)]
pub struct SheetName<'a> {
    pub name: &'a str,
    pub written_at: Option<(&'a Source, Span)>,
}

/// Whether a data file is a workbook (by its extension).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// Read one sheet of a workbook (the first when none is named) as a [`Table`]. `named_at` is
/// the place in the spec that named the file, labelled when the file cannot be read.
pub fn read_sheet(
    path: &Path,
    sheet: Option<SheetName<'_>>,
    named_at: Option<(&Source, Span)>,
) -> Result<Table, Diag> {
    let at_spec = |d: Diag| match named_at {
        Some((spec, span)) => d.in_source(spec).label(span, t!("data.named_here")),
        None => d,
    };
    let file = path.display().to_string();
    let mut book = calamine::open_workbook_auto(path).map_err(|e| at_spec(open_error(&file, e)))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s.name) => s.name.to_string(),
        Some(s) => return Err(unknown_sheet(&file, s, &names)),
        None => names.first().cloned().ok_or_else(|| {
            at_spec(Diag::error(
                codes::E212,
                t!("data.e212_no_sheet", file = file),
            ))
        })?,
    };
    let range = book.worksheet_range(&name).map_err(|e| {
        at_spec(
            Diag::error(
                codes::E210,
                t!("data.e210", file = file, reason = reason(&e)),
            )
            .help(t!("data.resave")),
        )
    })?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let shown = Shown::of(&range, first_col);
    let source = Source::sheet(
        format!("{file}!{name}"),
        shown.text,
        usize::try_from(first_row).map_or(usize::MAX, |r| r.saturating_add(1)),
        shown.starts,
    );
    if let Some(span) = shown.beyond_decimals {
        return Err(Diag::error(
            codes::E214,
            t!(
                "data.e214",
                cell = source.cell_ref(span.start).unwrap_or_default()
            ),
        )
        .in_source(&source)
        .label(span, t!("data.this_number"))
        .help(t!("data.e214_help")));
    }
    let mut rows = shown
        .rows
        .into_iter()
        .zip(first_row..)
        .filter(|(cells, _)| cells.iter().any(|c| !c.text.is_empty()))
        .map(|(cells, row)| Row {
            line: usize::try_from(row).map_or(usize::MAX, |r| r.saturating_add(1)),
            start: 0,
            cells,
        });
    let Some(header) = rows.next().map(|h| h.cells) else {
        return Err(
            Diag::error(codes::E212, t!("data.e212_empty", name = name, file = file))
                .help(t!("data.e212_empty_help")),
        );
    };
    Ok(Table {
        source,
        encoding: ENCODING,
        header,
        rows: rows.collect(),
        origin: None,
        plain: false,
    })
}

/// A sheet shown as text, one line per row, with the cells it holds.
struct Shown {
    text: String,
    /// Where each cell starts and its 0-based column.
    starts: Vec<(usize, u32)>,
    rows: Vec<Vec<Cell>>,
    /// The first number exact decimals cannot hold.
    beyond_decimals: Option<Span>,
}

impl Shown {
    fn of(range: &calamine::Range<Data>, first_col: u32) -> Shown {
        let mut shown = Shown {
            text: String::new(),
            starts: Vec::new(),
            rows: Vec::new(),
            beyond_decimals: None,
        };
        for (i, row) in range.rows().enumerate() {
            if i > 0 {
                shown.text.push('\n');
            }
            let mut cells = Vec::with_capacity(row.len());
            for (col, data) in (first_col..).zip(row) {
                if !cells.is_empty() {
                    shown.text.push_str(SEPARATOR);
                }
                let start = shown.text.len();
                let text = cell_text(data).unwrap_or_else(|shown_as| {
                    let end = start.saturating_add(shown_as.len());
                    shown.beyond_decimals.get_or_insert(Span::new(start, end));
                    shown_as
                });
                shown.text.push_str(&text);
                let span = Span::new(start, shown.text.len());
                shown.starts.push((start, col));
                cells.push(Cell { text, span });
            }
            shown.rows.push(cells);
        }
        shown
    }
}

/// A cell as the text a CSV would hold (trimmed, on one line); for a number exact decimals
/// cannot hold, `Err` with the number as shown (`1e300`).
fn cell_text(data: &Data) -> Result<String, String> {
    let text = match data {
        Data::Empty => String::new(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => excel_number(*f).ok_or_else(|| format!("{f:e}"))?,
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A date is no number of an index: kept as text, it is refused where a number is read.
        Data::DateTime(d) => format!("date {}", d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    };
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A number as Excel stores it (a binary double) → the decimal Excel displays: rounded to 15
/// significant digits, trailing zeros dropped. 12.3 stays 12.3; 0.1 + 0.2 computed in a cell
/// (0.30000000000000004) is 0.3, as Excel shows it. None for an infinity, NaN, or a number
/// beyond exact decimals (28 digits).
pub fn excel_number(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some("0".to_string());
    }
    let scientific = format!("{f:.*e}", EXCEL_DIGITS.saturating_sub(1));
    let d = Decimal::from_scientific(&scientific).ok()?;
    // A tiny number whose digits fall past the 28th decimal rounds there.
    Some(d.normalize().to_string())
}

/// E003 for a file that cannot be read, E210 for one that is no workbook cix can read.
fn open_error(file: &str, e: calamine::Error) -> Diag {
    if let calamine::Error::Io(io) = &e {
        return Diag::error(
            codes::E003,
            t!(
                "data.e003",
                path = file,
                reason = crate::input::io_reason(io)
            ),
        )
        .help(t!("data.e003_sheet_help"));
    }
    Diag::error(
        codes::E210,
        t!("data.e210", file = file, reason = reason(&e)),
    )
    .help(t!("data.resave"))
}

/// A calamine error in the words of a message: lowercase, one line.
fn reason(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    let line = text.lines().next().unwrap_or_default();
    let mut chars = line.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => t!("data.unknown_error").into_owned(),
    }
}

/// E211: a sheet the workbook does not have, with "did you mean" and the sheets it has.
fn unknown_sheet(file: &str, sheet: SheetName<'_>, names: &[String]) -> Diag {
    let list = names.join(", ");
    let help = match crate::suggest::did_you_mean(sheet.name, names.iter().map(String::as_str)) {
        Some(s) => t!("data.sheets_suggest", suggestion = s, list = list),
        None => t!("data.sheets_are", list = list),
    };
    let d = Diag::error(
        codes::E211,
        t!("data.e211", file = file, sheet = sheet.name),
    )
    .help(help);
    match sheet.written_at {
        Some((spec, span)) => d.in_source(spec).label(span, t!("data.no_such_sheet")),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_excel_displays_them() {
        assert_eq!(excel_number(12.3).as_deref(), Some("12.3"));
        assert_eq!(excel_number(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(
            excel_number(f64::from_bits(12.3_f64.to_bits() + 1)).as_deref(),
            Some("12.3")
        );
        assert_eq!(excel_number(-4.75).as_deref(), Some("-4.75"));
        assert_eq!(excel_number(100.0).as_deref(), Some("100"));
        assert_eq!(excel_number(0.0).as_deref(), Some("0"));
        assert_eq!(excel_number(0.853).as_deref(), Some("0.853"));
        assert_eq!(excel_number(1e-7).as_deref(), Some("0.0000001"));
        assert_eq!(
            excel_number(123456789012345.0).as_deref(),
            Some("123456789012345")
        );
        assert_eq!(excel_number(f64::INFINITY), None);
        assert_eq!(excel_number(1e300), None);
    }

    #[test]
    fn workbooks_by_extension() {
        assert!(is_workbook(Path::new("a/cities.xlsx")));
        assert!(is_workbook(Path::new("CITIES.XLS")));
        assert!(!is_workbook(Path::new("cities.csv")));
        assert!(!is_workbook(Path::new("xlsx")));
    }
}
