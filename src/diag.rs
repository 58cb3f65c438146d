//! Diagnostics: plain data, rendered by miette at the edge.
//!
//! Every user-facing problem is a [`Diag`]: a code from [`crate::codes`], one sentence of message
//! (lowercase, no final period, the user's words in backticks), labelled spans in one source,
//! and a help line saying what to do.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, Severity};

use crate::codes::Code;
use crate::source::{Source, Span};

#[derive(Clone, Debug)]
pub struct Diag {
    pub code: Code,
    pub message: String,
    pub source: Option<Source>,
    /// The first label is the primary one.
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
    pub severity: Severity,
}

impl Diag {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diag {
            code,
            message: message.into(),
            source: None,
            labels: Vec::new(),
            help: None,
            severity: Severity::Error,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diag {
            severity: Severity::Warning,
            ..Diag::error(code, message)
        }
    }

    pub fn in_source(mut self, source: &Source) -> Self {
        self.source = Some(source.clone());
        self
    }

    pub fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push((span, text.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` of the primary label, when there is one.
    pub fn location(&self) -> Option<String> {
        let source = self.source.as_ref()?;
        let (span, _) = self.labels.first()?;
        if let Some(cell) = source.cell_ref(span.start) {
            return Some(cell);
        }
        let (line, col) = source.line_col(span.start);
        Some(format!("{}:{}:{}", source.name_at(span.start), line, col))
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.id))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source.as_ref()?;
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().enumerate().map(
            move |(i, (span, text))| {
                let span = clip_label(source.text(), *span);
                let label = if text.is_empty() {
                    None
                } else {
                    Some(text.clone())
                };
                if i == 0 {
                    LabeledSpan::new_primary_with_span(label, span)
                } else {
                    LabeledSpan::new_with_span(label, span)
                }
            },
        )))
    }
}

/// A line longer than this (in bytes) is shown as a window around the label: miette cannot
/// draw an underline past column 65,535, and a reader cannot use one either.
const WIDE_LINE: usize = 1_000;
/// Characters shown on either side of a label in a wide line.
const WINDOW_MARGIN: usize = 60;

impl miette::SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let out_of_bounds = miette::MietteError::OutOfBounds;
        if let Some((base, part)) = self.part_at(span.offset()) {
            // A layered source (a spec and the specs it extends): read from the one file the
            // span falls in, and shift the result back to the layered offsets.
            let end = base.checked_add(part.text().len()).ok_or(out_of_bounds)?;
            let local_start = span
                .offset()
                .checked_sub(base)
                .ok_or(miette::MietteError::OutOfBounds)?;
            if span
                .offset()
                .checked_add(span.len())
                .is_none_or(|e| e > end)
            {
                return Err(miette::MietteError::OutOfBounds);
            }
            let local: miette::SourceSpan = (local_start, span.len()).into();
            let inner = part.read_span(&local, context_lines_before, context_lines_after)?;
            let shifted_start = inner
                .span()
                .offset()
                .checked_add(base)
                .ok_or(miette::MietteError::OutOfBounds)?;
            let shifted: miette::SourceSpan = (shifted_start, inner.span().len()).into();
            return Ok(Box::new(miette::MietteSpanContents::new_named(
                part.name().to_string(),
                inner.data(),
                shifted,
                inner.line(),
                inner.column(),
                inner.line_count(),
            )));
        }
        let text = self.text();
        // miette counts columns in bytes; users count characters (a CJK character is one).
        let (line_no, column) = self.line_col(span.offset());
        let column = column.saturating_sub(1);
        let name = self
            .cell_ref(span.offset())
            .unwrap_or_else(|| self.name().to_string());
        if let Some(line) = wide_line_at(text, span.offset()) {
            // Labels are clipped to half a window, so a longer span is two labels far apart
            // that miette tries to show together: refusing keeps them in windows of their own.
            if span.len() > WIDE_LINE {
                return Err(miette::MietteError::OutOfBounds);
            }
            let (part, from) = window(text, span, line).ok_or(miette::MietteError::OutOfBounds)?;
            return Ok(Box::new(miette::MietteSpanContents::new_named(
                name,
                part.as_bytes(),
                (from, part.len()).into(),
                line_no.saturating_sub(1),
                column,
                1,
            )));
        }
        let inner = text.read_span(span, context_lines_before, context_lines_after)?;
        // A wide line among the context lines: show the label's own lines only.
        let wide_context = inner
            .data()
            .split(|&b| b == b'\n')
            .any(|l| l.len() > WIDE_LINE);
        if let Some((own, from)) = own_lines(text, span).filter(|_| wide_context) {
            return Ok(Box::new(miette::MietteSpanContents::new_named(
                name,
                own.as_bytes(),
                (from, own.len()).into(),
                line_no.saturating_sub(1),
                column,
                own.lines().count().max(1),
            )));
        }
        Ok(Box::new(miette::MietteSpanContents::new_named(
            name,
            inner.data(),
            *inner.span(),
            inner.line().saturating_add(self.lines_before()),
            column,
            inner.line_count(),
        )))
    }
}

/// The start and end of the line holding `offset`, when that line is wider than [`WIDE_LINE`].
fn wide_line_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let start = floor_char(text, offset.min(text.len()));
    let line_start = text
        .get(..start)?
        .rfind('\n')
        .map_or(0, |i| i.saturating_add(1));
    let line_end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start.saturating_add(i));
    (line_end.saturating_sub(line_start) > WIDE_LINE).then_some((line_start, line_end))
}

/// A label on a wide line underlines at most half a window: its start and what follows.
fn clip_label(text: &str, span: Span) -> Span {
    let half = WIDE_LINE.saturating_div(2);
    if span.len() <= half || wide_line_at(text, span.start).is_none() {
        return span;
    }
    Span::new(
        span.start,
        floor_char(text, span.start.saturating_add(half)),
    )
}

/// The part of a wide line around a span (a margin of characters either side, never past the
/// line) and its byte offset.
fn window<'t>(
    text: &'t str,
    span: &miette::SourceSpan,
    line: (usize, usize),
) -> Option<(&'t str, usize)> {
    let (line_start, line_end) = line;
    let start = floor_char(text, span.offset().min(text.len()));
    let end = floor_char(
        text,
        span.offset()
            .saturating_add(span.len())
            .clamp(start, line_end),
    );
    let from = text
        .get(line_start..start)?
        .char_indices()
        .rev()
        .take(WINDOW_MARGIN)
        .last()
        .map_or(start, |(i, _)| line_start.saturating_add(i));
    let to = text
        .get(end..line_end)?
        .char_indices()
        .nth(WINDOW_MARGIN)
        .map_or(line_end, |(i, _)| end.saturating_add(i));
    Some((text.get(from..to)?, from))
}

/// The whole lines a span covers, without their neighbours, and their byte offset.
fn own_lines<'t>(text: &'t str, span: &miette::SourceSpan) -> Option<(&'t str, usize)> {
    let start = floor_char(text, span.offset().min(text.len()));
    let end = floor_char(
        text,
        span.offset()
            .saturating_add(span.len())
            .clamp(start, text.len()),
    );
    let from = text
        .get(..start)?
        .rfind('\n')
        .map_or(0, |i| i.saturating_add(1));
    let to = text
        .get(end..)?
        .find('\n')
        .map_or(text.len(), |i| end.saturating_add(i));
    Some((text.get(from..to)?, from))
}

/// The largest char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i = i.saturating_sub(1);
    }
    i
}

/// A batch of diagnostics, errors and warnings together, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Diags(pub Vec<Diag>);

impl Diags {
    pub fn new() -> Self {
        Diags(Vec::new())
    }
    pub fn push(&mut self, d: Diag) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diags) {
        self.0.extend(other.0);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diag::is_error)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diag> {
        self.0.iter().filter(|d| d.is_error())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diag> {
        self.0.iter().filter(|d| !d.is_error())
    }
    pub fn error_count(&self) -> usize {
        self.errors().count()
    }
}

impl From<Diag> for Diags {
    fn from(d: Diag) -> Self {
        Diags(vec![d])
    }
}

/// Render diagnostics as text, without colour, at a fixed width (used by tests and pipes).
pub fn render_plain(diags: &[Diag]) -> String {
    render_with(diags, false)
}

/// Render diagnostics; `color` for a terminal.
pub fn render_with(diags: &[Diag], color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    // A cell of a worksheet is named as Excel names it (`cities.xlsx!2015!C7`), without the
    // line and column of the text the sheet is shown as.
    let sheet_handler = handler.clone().without_primary_span_start();
    let mut out = String::new();
    for d in diags {
        let on_sheet = d
            .source
            .as_ref()
            .zip(d.labels.first())
            .is_some_and(|(s, (span, _))| s.cell_ref(span.start).is_some());
        let handler = if on_sheet { &sheet_handler } else { &handler };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, d);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
