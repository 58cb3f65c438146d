//! Source files and byte spans. Every diagnostic carries the source it points into, so it can
//! render its own snippet (the cedar approach).

use std::fmt;
use std::sync::{Arc, OnceLock};

/// A named text: a spec file, a data file (decoded to UTF-8) or a query typed by the user.
#[derive(Clone)]
pub struct Source {
    inner: Arc<SourceInner>,
}

struct SourceInner {
    name: String,
    text: Arc<str>,
    /// For a spec that `extends` others: the files laid end to end in `text`, each at its
    /// byte offset, so spans from every file of the chain index one text (see [`Source::layered`]).
    parts: Vec<(usize, Source)>,
    /// Lines before the text's first one (a REPL input on line 12 of a session starts at 11), so
    /// lines are numbered where the user typed them without padding the text.
    lines_before: usize,
    /// For a worksheet shown as text, one line per row: the byte offset where each cell starts
    /// and its 0-based column, in order (empty for any other text; see [`Source::sheet`]).
    cells: Vec<(usize, u32)>,
    /// A file's text as it was read ([`Source::file`]), held without a copy into `text`.
    owned: Option<String>,
    /// For a data file that let go of its text once bound ([`Source::without_text`]): how the
    /// text is read again, the first time a diagnostic needs it.
    again: Option<Again>,
    /// An owned or re-read text shared with miette, made the first time one is rendered.
    shared: OnceLock<Arc<str>>,
}

/// A text read again on demand (see [`Source::without_text`]).
struct Again {
    read: Box<dyn Fn() -> Option<String> + Send + Sync>,
    text: OnceLock<String>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Source {
            inner: Arc::new(SourceInner {
                name: name.into(),
                text: text.into(),
                parts: Vec::new(),
                lines_before: 0,
                cells: Vec::new(),
                owned: None,
                again: None,
                shared: OnceLock::new(),
            }),
        }
    }

    /// A text whose first line is line `line` (1-based) of something longer, such as a REPL
    /// session: diagnostics say `NAME:LINE:COLUMN` and number the snippet's lines from there.
    pub fn at_line(name: impl Into<String>, text: impl Into<Arc<str>>, line: usize) -> Self {
        Source {
            inner: Arc::new(SourceInner {
                name: name.into(),
                text: text.into(),
                parts: Vec::new(),
                lines_before: line.saturating_sub(1),
                cells: Vec::new(),
                owned: None,
                again: None,
                shared: OnceLock::new(),
            }),
        }
    }

    /// A worksheet shown as text (`name` like `cities.xlsx!2015`): one line per row, the first
    /// being row `first_row` (1-based), each cell starting at the offsets of `cells` (with its
    /// 0-based column). Diagnostics then name a cell as Excel does: `cities.xlsx!2015!C7`.
    pub fn sheet(
        name: impl Into<String>,
        text: impl Into<Arc<str>>,
        first_row: usize,
        cells: Vec<(usize, u32)>,
    ) -> Self {
        Source {
            inner: Arc::new(SourceInner {
                name: name.into(),
                text: text.into(),
                parts: Vec::new(),
                lines_before: first_row.saturating_sub(1),
                cells,
                owned: None,
                again: None,
                shared: OnceLock::new(),
            }),
        }
    }

    /// For a worksheet ([`Source::sheet`]): the cell an offset falls in, as Excel names it with
    /// its sheet, `cities.xlsx!2015!C7`. None for any other text.
    pub fn cell_ref(&self, offset: usize) -> Option<String> {
        let cells = &self.inner.cells;
        let i = cells.partition_point(|(start, _)| *start <= offset);
        let (_, col) = cells.get(i.checked_sub(1)?)?;
        let (row, _) = self.line_col(offset);
        Some(format!("{}!{}{row}", self.name(), column_letters(*col)))
    }

    /// Lines before the text's first one (see [`Source::at_line`]).
    pub(crate) fn lines_before(&self) -> usize {
        self.inner.lines_before
    }

    /// Several files as one source: the first at offset 0, each next one after the previous and
    /// a newline. Returns the source and each file's offset. Diagnostics render a span from the
    /// file it falls in, with that file's name, line and column.
    pub fn layered(files: &[Source]) -> (Source, Vec<usize>) {
        let mut text = String::new();
        let mut parts = Vec::new();
        let mut bases = Vec::new();
        for f in files {
            if !text.is_empty() {
                text.push('\n');
            }
            bases.push(text.len());
            parts.push((text.len(), f.clone()));
            text.push_str(f.text());
        }
        let name = files
            .first()
            .map(|f| f.name().to_string())
            .unwrap_or_default();
        let source = Source {
            inner: Arc::new(SourceInner {
                name,
                text: text.into(),
                parts,
                lines_before: 0,
                cells: Vec::new(),
                owned: None,
                again: None,
                shared: OnceLock::new(),
            }),
        };
        (source, bases)
    }

    /// The file an offset falls in and that file's offset, for a layered source.
    pub(crate) fn part_at(&self, offset: usize) -> Option<(usize, &Source)> {
        self.inner
            .parts
            .iter()
            .rev()
            .find(|(base, _)| *base <= offset)
            .map(|(b, s)| (*b, s))
    }

    /// The name of the file an offset falls in.
    pub fn name_at(&self, offset: usize) -> &str {
        match self.part_at(offset) {
            Some((_, s)) => s.name(),
            None => self.name(),
        }
    }

    pub fn name(&self) -> &str {
        &self.inner.name
    }

    pub fn text(&self) -> &str {
        self.shared_text()
    }

    fn shared_text(&self) -> &str {
        if let Some(text) = &self.inner.owned {
            return text;
        }
        match &self.inner.again {
            // Read again once; a text that cannot be (the file changed or is gone) is empty,
            // so no span finds a place in it.
            Some(again) => again
                .text
                .get_or_init(|| (again.read)().unwrap_or_default()),
            None => &self.inner.text,
        }
    }

    /// A file's text as read: held as it is (a data file of hundreds of megabytes is not
    /// copied), shared with miette only when a diagnostic in it is rendered.
    pub fn file(name: impl Into<String>, text: String) -> Self {
        Source {
            inner: Arc::new(SourceInner {
                name: name.into(),
                text: Arc::from(""),
                parts: Vec::new(),
                lines_before: 0,
                cells: Vec::new(),
                owned: Some(text),
                again: None,
                shared: OnceLock::new(),
            }),
        }
    }

    /// This source without its text (a data file's, hundreds of megabytes, once its cells are
    /// bound): `read` gives the very same text again, the first time something asks for it (a
    /// diagnostic at a cell), or None when it cannot (the file changed since). Name, lines and
    /// cells are kept.
    pub fn without_text(&self, read: impl Fn() -> Option<String> + Send + Sync + 'static) -> Self {
        Source {
            inner: Arc::new(SourceInner {
                name: self.inner.name.clone(),
                text: Arc::from(""),
                parts: self.inner.parts.clone(),
                lines_before: self.inner.lines_before,
                cells: self.inner.cells.clone(),
                owned: None,
                again: Some(Again {
                    read: Box::new(read),
                    text: OnceLock::new(),
                }),
                shared: OnceLock::new(),
            }),
        }
    }

    /// Whether the text is in memory (not let go by [`Source::without_text`], or read again).
    pub fn has_text(&self) -> bool {
        self.inner
            .again
            .as_ref()
            .is_none_or(|a| a.text.get().is_some())
    }

    /// The text as a miette source, named after the file.
    pub fn named(&self) -> miette::NamedSource<Arc<str>> {
        let text = if self.inner.owned.is_some() || self.inner.again.is_some() {
            self.inner
                .shared
                .get_or_init(|| Arc::from(self.shared_text()))
                .clone()
        } else {
            self.inner.text.clone()
        };
        miette::NamedSource::new(self.inner.name.clone(), text).with_language("cix")
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if let Some((base, part)) = self.part_at(offset) {
            return part.line_col(offset.saturating_sub(base));
        }
        let text = self.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset = offset.saturating_sub(1);
        }
        let before = text.get(..offset).unwrap_or_default();
        let line = before
            .matches('\n')
            .count()
            .saturating_add(1)
            .saturating_add(self.inner.lines_before);
        let line_start = before.rfind('\n').map_or(0, |i| i.saturating_add(1));
        let col = before
            .get(line_start..)
            .map_or(0, |l| l.chars().count())
            .saturating_add(1);
        (line, col)
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Source({})", self.name())
    }
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// A 0-based column as Excel names it: 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col).saturating_add(1);
    let mut letters = Vec::new();
    while n > 0 {
        n = n.saturating_sub(1);
        let digit = u8::try_from(n % 26).unwrap_or(0);
        letters.push(char::from(b'A'.saturating_add(digit)));
        n /= 26;
    }
    letters.iter().rev().collect()
}

/// A byte range in a [`Source`]. Spans never take part in AST equality.
#[derive(Clone, Copy, Debug, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Span {}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start, s.len()).into()
    }
}

impl<'i> From<pest::Span<'i>> for Span {
    fn from(s: pest::Span<'i>) -> Self {
        Span::new(s.start(), s.end())
    }
}

/// A value with the span it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_column_letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn a_sheet_names_its_cells() {
        // Rows 3 and 4 of a sheet, cells at columns B and C.
        let s = Source::sheet(
            "t.xlsx!S",
            "城市 │ 1\n杭州 │ x",
            3,
            vec![(0, 1), (9, 2), (11, 1), (20, 2)],
        );
        assert_eq!(s.cell_ref(0).as_deref(), Some("t.xlsx!S!B3"));
        assert_eq!(s.cell_ref(9).as_deref(), Some("t.xlsx!S!C3"));
        assert_eq!(s.cell_ref(20).as_deref(), Some("t.xlsx!S!C4"));
        assert_eq!(Source::new("t.csv", "a").cell_ref(0), None);
    }
}
