//! Stage 3, data: a CSV file → a [`Table`] of text cells that remember where they were written,
//! and a table bound to a model → a [`Dataset`] of units with exact values.
//!
//! Files saved by Excel read without being told (the encodings of [`crate::input`]), comma- or
//! tab-separated. A cell that
//! Excel writes for a missing value (empty, `-`, `N/A`, `#N/A`, `NA`) is missing wherever a
//! leaf's `missing` policy allows it.

mod bind;
pub mod carry;
mod derived;
mod lines;
mod number;
mod sheet;
mod stream;

use std::path::{Path, PathBuf};

use crate::codes;
use crate::diag::Diag;
use crate::input::Stamp;
use crate::source::{Source, Span};

pub use bind::{absent_columns_read_zero, bind, Dataset, Unit};
pub use number::{is_missing_marker, parse_number, MISSING_MARKERS};
pub use sheet::{excel_number, is_workbook, SheetName, WORKBOOK_EXTENSIONS};
pub use stream::{read_bound, read_bound_in};

/// One cell of text and where it stands in the decoded file.
#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub span: Span,
}

/// One cell as [`bind`] reads it: its trimmed text, borrowed from a kept row or straight from
/// the file's line, and its span.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A row's cells as [`bind`] reads them (no copy of a cell's text).
pub(crate) struct Fields<'a> {
    /// 1-based line in the file (row in a sheet).
    pub line: usize,
    pub cells: &'a [Field<'a>],
}

impl<'a> Fields<'a> {
    /// A kept row's cells, borrowed into `buffer`.
    fn of_row(row: &'a Row, buffer: &'a mut Vec<Field<'a>>) -> Fields<'a> {
        buffer.clear();
        buffer.extend(row.cells.iter().map(|c| Field {
            text: c.text.as_str(),
            span: c.span,
        }));
        Fields {
            line: row.line,
            cells: buffer,
        }
    }

    /// The span of the whole row (for problems with a row rather than a cell).
    pub fn span(&self) -> Span {
        match (self.cells.first(), self.cells.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => Span::default(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    /// 1-based line in the file.
    pub line: usize,
    /// Byte offset of the row in the decoded text: its cells' spans can be found again after
    /// [`Table::compact`] dropped them.
    pub start: usize,
    /// The cells (empty after [`Table::compact`]).
    pub cells: Vec<Cell>,
}

/// A CSV file as text cells, header apart.
#[derive(Clone, Debug)]
pub struct Table {
    pub source: Source,
    /// Which encoding the bytes were in, e.g. `UTF-8`, `GB18030`.
    pub encoding: &'static str,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    /// The file the text was read from, and how it stood then (none for a sheet or a text not
    /// read from a file): the text is let go once bound ([`Table::compact`]) and read again
    /// only for a diagnostic at a cell.
    pub origin: Option<(PathBuf, Stamp)>,
    /// The text has no quote (see `lines`): each row is its line split at the delimiter, so
    /// rows are cut into cells from their offsets (in parallel by [`bind`]) without the csv
    /// reader. False for a sheet and for rows that keep their cells.
    pub plain: bool,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|c| c.text == name)
    }

    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.header.iter().map(|c| c.text.as_str())
    }

    /// Drop every row's cells once the table is bound (the units hold typed values): a million
    /// rows of text cells are most of a data set's memory (a CSV file's rows are read without
    /// them, see [`parse_table`]). Rows keep their line and offset, so
    /// [`Table::cell_span`] still locates a cell when an error is reported. A CSV file's text
    /// goes too ([`Source::without_text`]): it is read again, and decoded again, only when a
    /// cell is looked for — unless the file changed meanwhile, when no cell is found in it
    /// (the diagnostic then points at the spec rather than at the wrong place).
    pub fn compact(&mut self) {
        // A sheet's cells are shown text, not a CSV line that can be scanned again: kept.
        if self.encoding == sheet::ENCODING {
            return;
        }
        for row in &mut self.rows {
            row.cells = Vec::new();
        }
        let Some((path, stamp)) = self.origin.clone() else {
            return;
        };
        if !self.source.has_text() {
            return;
        }
        let len = self.source.text().len();
        self.source = self.source.without_text(read_again(path, stamp, len));
    }

    /// Where the cell of row `row` (an index into `rows`) in column `col` is, from the row's
    /// cells or, after [`Table::compact`], by scanning the row's line again.
    pub fn cell_span(&self, row: usize, col: usize) -> Option<Span> {
        let r = self.rows.get(row)?;
        if !r.cells.is_empty() {
            return r.cells.get(col).map(|c| c.span);
        }
        let text = self.source.text();
        // A text that could not be read again (the file changed) has no place for the cell.
        text.get(r.start..).filter(|rest| !rest.is_empty())?;
        let mut spans = Vec::new();
        field_spans(text, r.start, delimiter(text), &mut spans).ok()?;
        spans.get(col).copied()
    }

    /// Visit every row with its cells, in order, with its index into `rows`: a sheet's rows as
    /// kept, a CSV file's read again from the text one at a time (their cells are not kept).
    /// Stops at the first `Err` the visitor returns.
    pub fn for_each_row<E>(
        &self,
        mut visit: impl FnMut(usize, &Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let kept = self.rows.first().is_some_and(|r| !r.cells.is_empty());
        if self.encoding == sheet::ENCODING || kept {
            return self
                .rows
                .iter()
                .enumerate()
                .try_for_each(|(i, r)| visit(i, r));
        }
        if self.plain {
            let text = self.source.text();
            let delimiter = delimiter(text);
            let mut fields = Vec::new();
            let mut row = Row {
                line: 0,
                start: 0,
                cells: Vec::new(),
            };
            for (i, r) in self.rows.iter().enumerate() {
                lines::split(text, r.start, delimiter, &mut fields);
                row.line = r.line;
                row.start = r.start;
                row.cells.truncate(fields.len());
                for (j, f) in fields.iter().enumerate() {
                    match row.cells.get_mut(j) {
                        Some(c) => {
                            c.text.clear();
                            c.text.push_str(f.text);
                            c.span = f.span;
                        }
                        None => row.cells.push(Cell {
                            text: f.text.to_string(),
                            span: f.span,
                        }),
                    }
                }
                visit(i, &row)?;
            }
            return Ok(());
        }
        let mut index = 0usize;
        let mut header = true;
        let scanned = scan(&self.source, &mut |row: &Row| {
            if std::mem::take(&mut header) {
                return Ok(());
            }
            let i = index;
            index = index.saturating_add(1);
            visit(i, row)
        });
        match scanned {
            Ok(()) | Err(Scan::Bad(_)) => Ok(()),
            Err(Scan::Stopped(e)) => Err(e),
        }
    }

    /// Where a cell stands, in words: `cities.xlsx!2015!C7` in a workbook, `line 3, column 4`
    /// in a CSV file.
    pub fn place(&self, row: &Row, col: usize) -> String {
        self.place_at(row.line, col, row.cells.get(col).map(|c| c.span))
    }

    /// [`Table::place`] of the cell at `span` (if the row has it) in column `col` of `line`.
    pub(crate) fn place_at(&self, line: usize, col: usize, span: Option<Span>) -> String {
        span.and_then(|s| self.source.cell_ref(s.start))
            .unwrap_or_else(|| {
                t!(
                    "data.place_csv",
                    line = line,
                    column = col.saturating_add(1)
                )
                .into_owned()
            })
    }

    /// What a row is called in messages: `row` in a workbook, `line` in a CSV file.
    pub fn row_word(&self) -> &'static str {
        if self.encoding == sheet::ENCODING {
            "row"
        } else {
            "line"
        }
    }

    /// The span of a whole line (for problems with a row rather than a cell).
    pub fn row_span(&self, row: &Row) -> Span {
        match (row.cells.first(), row.cells.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => Span::default(),
        }
    }
}

/// How a data file's text of `len` bytes is read again for a diagnostic: None when the file
/// no longer stands as it did (`stamp`), so no offset points at the wrong place.
fn read_again(
    path: PathBuf,
    stamp: Stamp,
    len: usize,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        if Stamp::of(&path).as_ref() != Some(&stamp) {
            return None;
        }
        let (text, _) = crate::input::read_text(&path).ok()?;
        (text.len() == len).then_some(text)
    }
}

/// Read a data file: one sheet of a workbook ([`is_workbook`]; the first when `sheet` is none)
/// or a CSV file. A sheet named for a CSV file is an error (E213).
pub fn read_data(
    path: &Path,
    sheet: Option<SheetName<'_>>,
    named_at: Option<(&Source, Span)>,
) -> Result<Table, Diag> {
    if is_workbook(path) {
        return sheet::read_sheet(path, sheet, named_at);
    }
    if let Some(s) = sheet {
        let d = Diag::error(
            codes::E213,
            t!("data.e213", path = path.display(), sheet = s.name),
        )
        .help(t!(
            "data.e213_help",
            extensions = WORKBOOK_EXTENSIONS.join(", ")
        ));
        return Err(match s.written_at {
            Some((spec, span)) => d.in_source(spec).label(span, t!("data.sheet_of_csv")),
            None => d,
        });
    }
    read_table(path, named_at)
}

/// Read and parse a CSV file. `named_at` is the place in the spec that named the file (none for
/// `--data`): a file that cannot be read or decoded is reported there too.
pub fn read_table(path: &Path, named_at: Option<(&Source, Span)>) -> Result<Table, Diag> {
    let at_spec = |d: Diag| match named_at {
        Some((spec, span)) => d.in_source(spec).label(span, t!("data.named_here")),
        None => d,
    };
    let (text, encoding) = crate::input::read_text(path).map_err(at_spec)?;
    let stamp = Stamp::of(path);
    let mut table = parse_table(Source::file(path.display().to_string(), text), encoding)?;
    table.origin = stamp.map(|s| (path.to_path_buf(), s));
    Ok(table)
}

/// Parse decoded CSV text: the header's cells, and each row's line and offset. A row's cells are
/// not kept: [`Table::for_each_row`] reads them again, one row at a time, where they are used
/// (a million rows of sixty text cells would be most of a data set's memory).
pub fn parse_table(source: Source, encoding: &'static str) -> Result<Table, Diag> {
    let text = source.text();
    let plain = lines::plain(text);
    let (header, rows) = if plain {
        lines::rows(text, delimiter(text))
    } else {
        scanned_rows(&source)?
    };
    let Some(header) = header else {
        return Err(
            Diag::error(codes::E202, t!("data.e202_empty", name = source.name()))
                .help(t!("data.e202_empty_help")),
        );
    };
    Ok(Table {
        source,
        encoding,
        header,
        rows,
        origin: None,
        plain,
    })
}

/// The header's cells and each row's line and offset, by the csv reader (a text with quotes).
fn scanned_rows(source: &Source) -> Result<(Option<Vec<Cell>>, Vec<Row>), Diag> {
    let mut header = None;
    let mut rows = Vec::new();
    scan(source, &mut |row: &Row| {
        match header {
            None => header = Some(row.cells.clone()),
            Some(_) => rows.push(Row {
                line: row.line,
                start: row.start,
                cells: Vec::new(),
            }),
        }
        Ok::<(), ()>(())
    })
    .map_err(|e| match e {
        Scan::Bad(d) => d,
        Scan::Stopped(()) => Diag::error(codes::E202, t!("data.e202_unreadable")),
    })?;
    Ok((header, rows))
}

/// Why [`scan`] stopped early: malformed CSV, or the visitor said so.
enum Scan<E> {
    Bad(Diag),
    Stopped(E),
}

/// Visit every non-blank record of a CSV text (the header first) with its cells, trimmed, and
/// their spans. One row's cells at a time: the buffers are reused from row to row.
fn scan<E>(source: &Source, visit: &mut dyn FnMut(&Row) -> Result<(), E>) -> Result<(), Scan<E>> {
    let text = source.text();
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut spans = Vec::new();
    let mut row = Row {
        line: 0,
        start: 0,
        cells: Vec::new(),
    };
    // Lines counted up to `counted` (the csv reader's own position is where it began looking
    // for the record: before the blank lines it skipped, or at the `\n` of a `\r\n`).
    let (mut counted, mut line) = (0usize, 1usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let from = record.position().map_or(0, |p| byte_offset(p.byte()));
                row.start = record_start(text, from);
                line = line.saturating_add(newlines(text, counted, row.start));
                counted = row.start;
                row.line = line;
                field_spans(text, row.start, delimiter, &mut spans)
                    .map_err(|quote| Scan::Bad(unclosed_quote(source, quote)))?;
                // Skip blank lines (Excel leaves them at the end).
                if record.iter().all(|t| t.trim().is_empty()) {
                    continue;
                }
                let at = Span::new(row.start, row.start);
                row.cells.truncate(record.len());
                for (i, t) in record.iter().enumerate() {
                    let span = spans.get(i).copied().unwrap_or(at);
                    match row.cells.get_mut(i) {
                        Some(c) => {
                            c.text.clear();
                            c.text.push_str(t.trim());
                            c.span = span;
                        }
                        None => row.cells.push(Cell {
                            text: t.trim().to_string(),
                            span,
                        }),
                    }
                }
                visit(&row).map_err(Scan::Stopped)?;
            }
            Err(e) => {
                let (offset, line) = e
                    .position()
                    .map_or((0, 0), |p| (byte_offset(p.byte()), p.line()));
                return Err(Scan::Bad(
                    Diag::error(codes::E202, t!("data.e202_line", line = line))
                        .in_source(source)
                        .label(Span::new(offset, offset), t!("data.here"))
                        .help(t!("data.e202_line_help")),
                ));
            }
        }
    }
}

/// A tab when the header line has tabs and no comma, else a comma.
fn delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    }
}

/// Where a record starts that the csv reader began looking for at `from`: past the line ends it
/// skipped.
fn record_start(text: &str, from: usize) -> usize {
    let skipped = text.get(from..).map_or(0, |rest| {
        rest.bytes()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count()
    });
    from.saturating_add(skipped)
}

/// How many `\n` lie between two offsets.
fn newlines(text: &str, from: usize, to: usize) -> usize {
    text.as_bytes()
        .get(from..to)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

/// A position the csv reader counts in `u64`, as an offset into text that is in memory.
fn byte_offset(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn unclosed_quote(source: &Source, quote: usize) -> Diag {
    Diag::error(codes::E202, t!("data.e202_quote"))
        .in_source(source)
        .label(
            Span::new(quote, quote.saturating_add(1)),
            t!("data.quote_opens"),
        )
        .help(t!("data.e202_quote_help"))
}

/// Byte spans of the fields of the record starting at `start` (contents without quotes), or the
/// offset of a quote that opens a cell and is never closed.
fn field_spans(
    text: &str,
    start: usize,
    delimiter: u8,
    spans: &mut Vec<Span>,
) -> Result<(), usize> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let in_field =
        |i: usize| !matches!(at(i), None | Some(b'\n' | b'\r')) && at(i) != Some(delimiter);
    spans.clear();
    let mut i = start;
    loop {
        if at(i) == Some(b'"') {
            let open = i.saturating_add(1);
            let mut j = open;
            loop {
                match (at(j), at(j.saturating_add(1))) {
                    (None, _) => return Err(i),
                    (Some(b'"'), Some(b'"')) => j = j.saturating_add(2),
                    (Some(b'"'), _) => break,
                    _ => j = j.saturating_add(1),
                }
            }
            spans.push(Span::new(open, j));
            i = j.saturating_add(1);
            while in_field(i) {
                i = i.saturating_add(1);
            }
        } else {
            let s = i;
            while in_field(i) {
                i = i.saturating_add(1);
            }
            // Trim the span like the text.
            let raw = text.get(s..i).unwrap_or_default();
            let lead = raw.len().saturating_sub(raw.trim_start().len());
            let trail = raw.len().saturating_sub(raw.trim_end().len());
            let from = s.saturating_add(lead);
            spans.push(Span::new(from, i.saturating_sub(trail).max(from)));
        }
        if at(i) != Some(delimiter) {
            return Ok(());
        }
        i = i.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_spans() {
        let src = Source::new("t.csv", "a,b\n\"x, y\", 2 \n");
        let t = parse_table(src.clone(), "UTF-8").unwrap();
        assert!(t.rows[0].cells.is_empty(), "a CSV row's cells are not kept");
        let mut seen = Vec::new();
        t.for_each_row(|i, row| {
            seen.push((i, row.line, row.cells.clone()));
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen.len(), 1);
        let (i, line, cells) = &seen[0];
        assert_eq!((*i, *line), (0, 2));
        assert_eq!(cells[0].text, "x, y");
        assert_eq!(&src.text()[cells[0].span.start..cells[0].span.end], "x, y");
        assert_eq!(&src.text()[cells[1].span.start..cells[1].span.end], "2");
    }

    #[test]
    fn rows_are_read_again_in_order_past_blank_lines() {
        let src = Source::new("t.csv", "a,b\n1,2\n\n,\n3,4\n");
        let t = parse_table(src, "UTF-8").unwrap();
        assert_eq!(t.rows.len(), 2);
        let mut seen = Vec::new();
        t.for_each_row(|i, row| {
            seen.push((i, row.line, row.cells[0].text.clone()));
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen, vec![(0, 2, "1".to_string()), (1, 5, "3".to_string())]);
        let stopped = t.for_each_row(|i, _| if i == 0 { Err(7) } else { Ok(()) });
        assert_eq!(stopped, Err(7));
    }

    #[test]
    fn a_compacted_table_still_locates_its_cells() {
        let src = Source::new("t.csv", "a,b,c\n\"x, y\", 2 ,z\n1,\"q\"\"r\",3\n");
        let mut t = parse_table(src, "UTF-8").unwrap();
        let spans = |t: &Table| -> Vec<Option<(usize, usize)>> {
            (0..2)
                .flat_map(|r| (0..4).map(move |c| (r, c)))
                .map(|(r, c)| t.cell_span(r, c).map(|s| (s.start, s.end)))
                .collect()
        };
        let before = spans(&t);
        t.compact();
        assert!(t.rows.iter().all(|r| r.cells.is_empty()));
        assert_eq!(before, spans(&t));
        assert!(before[1].is_some() && before[3].is_none());
    }

    #[test]
    fn an_unclosed_quote_is_located_at_the_quote() {
        let src = Source::new("t.csv", "a,b\n1,\"x\n2,3\n");
        let d = parse_table(src, "UTF-8").unwrap_err();
        assert_eq!(d.code, codes::E202);
        assert_eq!(d.location().as_deref(), Some("t.csv:2:3"));
    }
}
