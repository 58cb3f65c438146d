//! A lexical scan before pest sees the text: brackets and strings, outside comments.
//!
//! pest's generated parser recurses once per nested bracket, so a spec nested 100,000 deep
//! would overflow the stack; the scan refuses anything deeper than [`MAX_DEPTH`] first. It also
//! finds a bracket or string left open, and reports it where it opens — pest would only say that
//! the input ended too early.

use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span};

/// How deep brackets (`{` `[` and their full-width forms) may nest, counting the index's own
/// `{`: indicators nested 63 levels below it. Documented in docs/language.md ("Limits").
pub const MAX_DEPTH: usize = 64;

/// What the scan found wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A bracket that is never closed: its offset and character.
    Unclosed(usize, char),
    /// A string that runs to the end of the text: the offset of its opening quote, and the quote.
    UnclosedString(usize, char),
    /// The first bracket deeper than [`MAX_DEPTH`].
    TooDeep(usize, char),
}

fn string_closer(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        _ => None,
    }
}

// Parentheses are not part of the grammar (a name holding them is quoted), so they neither nest
// nor need closing here: pest reports a stray one as unexpected.
fn is_opener(c: char) -> bool {
    matches!(c, '{' | '｛' | '[' | '【' | '［')
}

fn is_closer(c: char) -> bool {
    matches!(c, '}' | '｝' | ']' | '】' | '］')
}

/// An open bracket and the indentation of the line it is on.
struct Open {
    at: usize,
    ch: char,
    indent: usize,
}

/// Scan a text; `Ok` when every bracket and string is closed and nesting stays within limits.
/// Brackets of different kinds are not matched against each other here (pest reports that).
pub(crate) fn scan(text: &str) -> Result<(), Problem> {
    let mut stack: Vec<Open> = Vec::new();
    // The first opener whose closer came on a line indented less than the opener's own line:
    // when a bracket is left open, that is most likely the one.
    let mut suspect: Option<Open> = None;
    let mut chars = text.char_indices();
    let mut line_indent = 0usize;
    let mut at_line_start = true;
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            line_indent = 0;
            at_line_start = true;
            continue;
        }
        if at_line_start && (c == ' ' || c == '\t' || c == '\u{3000}') {
            line_indent = line_indent.saturating_add(1);
            continue;
        }
        let first_on_line = std::mem::replace(&mut at_line_start, false);
        if c == '#' {
            // A comment: skip to the end of the line.
            if chars.by_ref().any(|(_, c)| c == '\n') {
                line_indent = 0;
                at_line_start = true;
            }
        } else if let Some(close) = string_closer(c) {
            if !chars.by_ref().any(|(_, s)| s == close) {
                return Err(Problem::UnclosedString(i, c));
            }
        } else if is_opener(c) {
            if stack.len() >= MAX_DEPTH {
                return Err(Problem::TooDeep(i, c));
            }
            stack.push(Open {
                at: i,
                ch: c,
                indent: line_indent,
            });
        } else if is_closer(c) {
            if let Some(open) = stack.pop() {
                if first_on_line && line_indent < open.indent && suspect.is_none() {
                    suspect = Some(open);
                }
            }
        }
    }
    match (stack.last(), suspect) {
        (None, _) => Ok(()),
        (Some(_), Some(s)) => Err(Problem::Unclosed(s.at, s.ch)),
        (Some(top), None) => Err(Problem::Unclosed(top.at, top.ch)),
    }
}

fn closer_of(c: char) -> char {
    match c {
        '{' => '}',
        '｛' => '｝',
        '[' => ']',
        '【' => '】',
        '［' => '］',
        '“' => '”',
        '「' => '」',
        other => other,
    }
}

/// The scan of a source, as a located diagnostic with the given code for "syntax error here".
pub(crate) fn check(source: &Source) -> Result<(), Diag> {
    let Err(problem) = scan(source.text()) else {
        return Ok(());
    };
    let span = |at: usize, c: char| Span::new(at, at.saturating_add(c.len_utf8()));
    Err(match problem {
        Problem::Unclosed(at, c) => Diag::error(codes::E005, t!("syntax.e005", bracket = c))
            .in_source(source)
            .label(span(at, c), t!("syntax.opened_here"))
            .help(t!("syntax.e005_help", closer = closer_of(c))),
        Problem::UnclosedString(at, c) => Diag::error(codes::E006, t!("syntax.e006"))
            .in_source(source)
            .label(span(at, c), t!("syntax.string_starts_here"))
            .help(t!("syntax.e006_help", closer = closer_of(c))),
        Problem::TooDeep(at, c) => Diag::error(codes::E007, t!("syntax.e007", max = MAX_DEPTH))
            .in_source(source)
            .label(
                span(at, c),
                t!(
                    "syntax.level_opens_here",
                    level = MAX_DEPTH.saturating_add(1)
                ),
            )
            .help(t!("syntax.e007_help", max = MAX_DEPTH)),
    })
}

/// Whether a line asks for the next one with a final `\` (outside strings and comments): the
/// only continuation a REPL fed through a pipe honours. Returns the line without the `\`.
pub fn continued(line: &str) -> Option<&str> {
    let code_end = code_part(line).trim_end();
    let rest = code_end.strip_suffix('\\')?;
    // Only a `\` that ends the line (a comment after it would hide it).
    (line.trim_end().len() == code_end.len()).then_some(rest)
}

/// A line without its comment (strings kept as written).
fn code_part(line: &str) -> &str {
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '#' {
            return line.get(..i).unwrap_or(line);
        }
        if let Some(close) = string_closer(c) {
            if !chars.by_ref().any(|(_, s)| s == close) {
                return line;
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        assert_eq!(scan("a \"{\" # {[(\n b"), Ok(()));
        assert_eq!(scan("x { y"), Err(Problem::Unclosed(2, '{')));
        assert_eq!(scan("x \"y\n"), Err(Problem::UnclosedString(2, '"')));
        assert_eq!(scan("“a} ”"), Ok(()));
    }

    #[test]
    fn depth_is_limited() {
        let ok = "{".repeat(MAX_DEPTH) + &"}".repeat(MAX_DEPTH);
        assert_eq!(scan(&ok), Ok(()));
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(scan(&deep), Err(Problem::TooDeep(MAX_DEPTH, '[')));
    }

    #[test]
    fn continuation_lines() {
        assert_eq!(continued("compare 杭州, \\"), Some("compare 杭州, "));
        assert_eq!(continued("compare 杭州, # \\"), None);
        assert_eq!(continued("show \"a\\\""), None);
        assert_eq!(continued("compare 杭州,"), None);
    }
}
