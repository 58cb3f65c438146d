//! The fast way through a CSV text that has no quotes (most data files): every record is one
//! line, its cells the line split at the delimiter, so rows are found and cut into cells from
//! byte offsets, without the csv reader or a copy of any cell. A text with a quote anywhere, or
//! a carriage return that does not end a line, is read by the csv reader instead
//! ([`super::scan`]); both give the same rows, lines, cells and spans (tests/scale/read.rs).

use super::{Cell, Field, Row};
use crate::source::Span;

/// Whether a text can be read line by line: no `"` anywhere and every `\r` followed by `\n`.
pub(super) fn plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.contains(&b'"') {
        return false;
    }
    text.match_indices('\r')
        .all(|(i, _)| bytes.get(i.saturating_add(1)) == Some(&b'\n'))
}

/// Every record of a plain text: the header's cells, and each later row's line and offset
/// (cells not kept). Blank lines and lines whose cells are all blank are skipped, as
/// [`super::scan`] skips them.
pub(super) fn rows(text: &str, delimiter: u8) -> (Option<Vec<Cell>>, Vec<Row>) {
    // As many rows as lines, at most: one allocation rather than a vector grown by doubling.
    let lines = text.bytes().filter(|&b| b == b'\n').count();
    let mut rows = Vec::with_capacity(lines.saturating_add(1));
    let mut finder = Finder::default();
    finder.feed(text, 0, delimiter, &mut rows);
    (finder.header, rows)
}

/// Finds the records of a plain text given a piece at a time (`stream`), or whole ([`rows`]).
#[derive(Default)]
pub(super) struct Finder {
    /// The header's cells, once its line has been fed.
    pub header: Option<Vec<Cell>>,
    /// Lines fed so far.
    lines: usize,
}

impl Finder {
    /// The records of `text`, which starts at byte `base` of the whole text and ends after a
    /// `\n` (or where the whole text ends): rows go onto `rows`, their offsets and the header's
    /// spans in the whole text.
    pub fn feed(&mut self, text: &str, base: usize, delimiter: u8, rows: &mut Vec<Row>) {
        let mut fields = Vec::new();
        let mut start = 0usize;
        while start < text.len() {
            let end = line_end(text, start);
            let content = text
                .get(start..end)
                .unwrap_or_default()
                .trim_end_matches('\r');
            self.lines = self.lines.saturating_add(1);
            if !blank(content, delimiter) {
                if self.header.is_none() {
                    split(text, start, delimiter, &mut fields);
                    let at = |i: usize| base.saturating_add(i);
                    self.header = Some(
                        fields
                            .iter()
                            .map(|f| Cell {
                                text: f.text.to_string(),
                                span: Span::new(at(f.span.start), at(f.span.end)),
                            })
                            .collect(),
                    );
                } else {
                    rows.push(Row {
                        line: self.lines,
                        start: base.saturating_add(start),
                        cells: Vec::new(),
                    });
                }
            }
            start = end.saturating_add(1);
        }
    }
}

/// The offset of the `\n` ending the line that starts at `start` (the text's end for the last).
fn line_end(text: &str, start: usize) -> usize {
    text.get(start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| start.saturating_add(i))
}

/// Whether every cell of a line is blank once trimmed.
fn blank(content: &str, delimiter: u8) -> bool {
    // Most lines start with a visible character: decided at the first byte.
    if content
        .bytes()
        .any(|b| b.is_ascii_graphic() && b != delimiter)
    {
        return false;
    }
    content
        .split(char::from(delimiter))
        .all(|f| f.trim().is_empty())
}

/// The cells of the plain line starting at `start`: each trimmed, with its span in the text.
/// The line's end found first, then the cells between delimiters (a cell is a few bytes).
pub(super) fn split<'a>(text: &'a str, start: usize, delimiter: u8, out: &mut Vec<Field<'a>>) {
    out.clear();
    let rest = text.get(start..).unwrap_or_default();
    let mut line = match rest.find('\n') {
        Some(end) => rest.as_bytes().get(..end).unwrap_or_default(),
        None => rest.as_bytes(),
    };
    // A plain text's `\r` only ever ends a line.
    if let [before @ .., b'\r'] = line {
        line = before;
    }
    let mut from = start;
    for cell in line.split(|&b| b == delimiter) {
        let to = from.saturating_add(cell.len());
        out.push(field(text, from, to));
        from = to.saturating_add(1);
    }
}

/// The cell written between two offsets (at ASCII bytes, so at characters), trimmed.
fn field(text: &str, from: usize, to: usize) -> Field<'_> {
    let raw = text.get(from..to).unwrap_or_default();
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = raw.as_bytes();
    // Most cells start and end with a visible ASCII character: nothing to trim.
    if visible(bytes.first()) && visible(bytes.last()) {
        return Field {
            text: raw,
            span: Span::new(from, to),
        };
    }
    let trimmed = raw.trim_start();
    let at = from.saturating_add(raw.len().saturating_sub(trimmed.len()));
    let trimmed = trimmed.trim_end();
    Field {
        text: trimmed,
        span: Span::new(at, at.saturating_add(trimmed.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{delimiter, scanned_rows};
    use super::*;
    use crate::source::Source;

    #[test]
    fn lines_find_the_rows_the_csv_reader_finds() {
        let texts = [
            "a,b\n1,2\n",
            "a,b\r\n1,2\r\n\r\n3,4\r\n",
            "\n\na,b\n\n,\n 1 , 2 \n\u{3000},\n3,4",
            "a\tb\n1\t2\n\t\n3\t4\n",
            "a,b,c\n1\n1,2,3,4\n",
            "\n \n",
        ];
        let cells = |c: &Option<Vec<Cell>>| -> Option<Vec<(String, usize, usize)>> {
            c.as_ref().map(|c| {
                c.iter()
                    .map(|c| (c.text.clone(), c.span.start, c.span.end))
                    .collect()
            })
        };
        for text in texts {
            assert!(plain(text), "{text:?}");
            let (h1, r1) = rows(text, delimiter(text));
            let (h2, r2) = scanned_rows(&Source::new("t.csv", text)).unwrap();
            assert_eq!(cells(&h1), cells(&h2), "{text:?}");
            let at = |r: &[Row]| r.iter().map(|r| (r.line, r.start)).collect::<Vec<_>>();
            assert_eq!(at(&r1), at(&r2), "{text:?}");
        }
        assert!(!plain("a,b\n\"1\",2\n") && !plain("a,b\r1,2\n"));
    }
}
