//! `cix fmt`: canonical layout of a spec. Works on lines and characters only — never inside a
//! string or a comment — so it handles any construct the grammar has or will have:
//!
//! - each line is indented two spaces per open `{` `[` `(` (a line starting with a closer is
//!   indented like the line that opened it); a line continuing a statement whose previous line
//!   ends in `=` or a comma gets one more level;
//! - in code, one space stays one, a wider gap (items written on one line) becomes two; none
//!   before an ASCII comma and one after it; trailing spaces go; the gap before a trailing
//!   comment is kept (comments are often aligned);
//! - runs of blank lines become one; the file ends with one newline; CRLF becomes LF;
//! - a string that spans lines is left exactly as written (its line ends become LF too);
//! - indentation stops growing at [`MAX_DEPTH`](crate::syntax::MAX_DEPTH) levels, so the output
//!   stays proportional to the input even for a text the parser refuses as too deep.
//!
//! [`check_meaning`] parses both texts and compares the trees, so formatting never changes a
//! result.

use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span};
use crate::syntax::MAX_DEPTH;

const INDENT: &str = "  ";

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}' || c == '\r'
}

fn closer_of(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        _ => None,
    }
}

fn opens(c: char) -> Option<bool> {
    // Some(true) for a brace, Some(false) for a bracket or parenthesis.
    match c {
        '{' | '｛' => Some(true),
        '[' | '【' | '［' | '(' | '（' => Some(false),
        _ => None,
    }
}

fn closes(c: char) -> Option<bool> {
    match c {
        '}' | '｝' => Some(true),
        ']' | '】' | '］' | ')' | '）' => Some(false),
        _ => None,
    }
}

/// The text with every line end a single LF: CRLF, and any `\r` before a line end, go.
fn lf(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    lines.join("\n")
}

/// The canonical form of a spec's text.
pub fn format(text: &str) -> String {
    let text = lf(text);
    // Each line, and whether it lies inside a string (kept as written, blank or not).
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut braces: usize = 0;
    let mut brackets: usize = 0;
    let mut in_string: Option<char> = None;
    let mut continues = false;
    for raw in text.split('\n') {
        if let Some(close) = in_string {
            // The line starts inside a string: keep it as written.
            let mut st = Some(close);
            scan(raw, &mut st, &mut braces, &mut brackets);
            in_string = st;
            // Spaces at its end belong to the string: they stay.
            out.push((raw.to_string(), true));
            continue;
        }
        let trimmed = raw.trim_start_matches(is_space);
        let (code, comment, gap) = normalise(trimmed);
        if code.is_empty() && comment.is_empty() {
            out.push((String::new(), false));
            continue;
        }
        let leading = code
            .chars()
            .take_while(|c| closes(*c).is_some())
            .collect::<Vec<_>>();
        let lead_braces = leading.iter().filter(|c| closes(**c) == Some(true)).count();
        let lead_brackets = leading.len().saturating_sub(lead_braces);
        let cont = continues && brackets == 0 && !code.is_empty() && leading.is_empty();
        let level = braces
            .saturating_sub(lead_braces)
            .saturating_add(brackets.saturating_sub(lead_brackets))
            .saturating_add(usize::from(cont))
            .min(MAX_DEPTH);
        let mut line = INDENT.repeat(level);
        line.push_str(&code);
        if !comment.is_empty() {
            if !code.is_empty() {
                line.push_str(&gap);
            }
            line.push_str(&comment);
        }
        let mut st = None;
        scan(&code, &mut st, &mut braces, &mut brackets);
        in_string = st;
        if !code.is_empty() {
            continues = code.ends_with(['=', '＝', ',', '，', '、']);
        }
        out.push((line, false));
    }
    // Nothing after the last line, not even blank lines of a string never closed.
    while out.last().is_some_and(|(line, _)| line.is_empty()) {
        out.pop();
    }
    // Blank lines: none at the start or end, never two in a row (inside a string: as written).
    let mut result = String::new();
    let mut blank = false;
    for (line, verbatim) in out {
        if line.is_empty() && !verbatim {
            blank = !result.is_empty();
            continue;
        }
        if blank {
            result.push('\n');
            blank = false;
        }
        result.push_str(&line);
        result.push('\n');
    }
    result
}

/// Follow strings and brackets through a piece of code (comments already split off).
fn scan(code: &str, in_string: &mut Option<char>, braces: &mut usize, brackets: &mut usize) {
    for c in code.chars() {
        if let Some(close) = *in_string {
            if c == close {
                *in_string = None;
            }
            continue;
        }
        if c == '#' {
            return;
        }
        if let Some(close) = closer_of(c) {
            *in_string = Some(close);
        } else if let Some(brace) = opens(c) {
            if brace {
                *braces = braces.saturating_add(1);
            } else {
                *brackets = brackets.saturating_add(1);
            }
        } else if let Some(brace) = closes(c) {
            if brace {
                *braces = braces.saturating_sub(1);
            } else {
                *brackets = brackets.saturating_sub(1);
            }
        }
    }
}

/// Split a line (leading spaces removed) into normalised code, its trailing comment and the
/// gap written before that comment. A string left open at the end of the line stays as is.
fn normalise(line: &str) -> (String, String, String) {
    let mut code = String::new();
    let mut chars = line.char_indices().peekable();
    // Spaces seen since the last character of code.
    let mut run = 0usize;
    while let Some((i, c)) = chars.next() {
        if c == '#' {
            let (before, comment) = line.split_at(i);
            let gap = &before[before.trim_end_matches(is_space).len()..];
            return (
                code,
                comment.trim_end_matches(is_space).to_string(),
                gap.to_string(),
            );
        }
        if is_space(c) {
            run = run.saturating_add(1);
            continue;
        }
        let after_comma = code.ends_with(',');
        if !code.is_empty() && c != ',' && (run > 0 || after_comma) {
            // One space; a wider gap (items on one line) becomes two; one after a comma.
            code.push_str(if run >= 2 && !after_comma { "  " } else { " " });
        }
        run = 0;
        code.push(c);
        if let Some(close) = closer_of(c) {
            // Copy the string as written, up to its closer or the end of the line.
            let mut closed = false;
            for (_, s) in chars.by_ref() {
                code.push(s);
                if s == close {
                    closed = true;
                    break;
                }
            }
            if !closed {
                return (code, String::new(), String::new());
            }
        }
    }
    (code, String::new(), String::new())
}

/// Refuse a formatting that would change what the spec means: both texts must parse to the
/// same tree (spans aside). A text that does not parse is left alone with its syntax error.
pub fn check_meaning(source: &Source, formatted: &str) -> Result<(), Diag> {
    let mut before = crate::syntax::parse_spec(source)?;
    if source.text().contains('\r') {
        // CRLF becomes LF, inside multi-line strings too: compare with the LF text's tree.
        let lf = Source::new(source.name(), lf(source.text()));
        before = crate::syntax::parse_spec(&lf)?;
    }
    let after_src = Source::new(source.name(), formatted.to_string());
    match crate::syntax::parse_spec(&after_src) {
        Ok(after) if after == before => Ok(()),
        _ => Err(
            Diag::error(codes::E509, t!("edition.e509", name = source.name()))
                .help(t!("edition.e509_help")),
        ),
    }
}

/// The bytes to write for `formatted` in the encoding of the file it came from (`original`, its
/// bytes): a UTF-8 byte-order mark is kept, GBK (GB18030) is written as GBK. When the encoding
/// cannot be written (UTF-16), the bytes are UTF-8 and a W001 warning says so.
pub fn encode_like(original: &[u8], formatted: &str, name: &str) -> (Vec<u8>, Option<Diag>) {
    use encoding_rs::{GB18030, UTF_8};
    match encoding_rs::Encoding::for_bom(original) {
        Some((enc, _)) if enc == UTF_8 => {
            let mut bytes = "\u{FEFF}".as_bytes().to_vec();
            bytes.extend_from_slice(formatted.as_bytes());
            (bytes, None)
        }
        Some((enc, _)) => (
            formatted.as_bytes().to_vec(),
            Some(
                Diag::warning(
                    codes::W001,
                    t!("edition.w001", name = name, encoding = enc.name()),
                )
                .help(t!("edition.w001_help")),
            ),
        ),
        None if std::str::from_utf8(original).is_ok() => (formatted.as_bytes().to_vec(), None),
        None => (GB18030.encode(formatted).0.into_owned(), None),
    }
}

/// A located note that a file is not in canonical form: the first line that would change.
pub fn not_formatted(source: &Source, formatted: &str) -> Diag {
    let text = source.text();
    let mut offset = 0;
    let mut span = Span::new(0, 0);
    let mut fl = formatted.lines();
    for line in text.split('\n') {
        let want = fl.next();
        if want != Some(line.trim_end_matches('\r')) {
            let len = line.trim_end_matches('\r').len();
            span = Span::new(offset, offset.saturating_add(len));
            break;
        }
        offset = offset.saturating_add(line.len()).saturating_add(1);
    }
    if span.is_empty() && offset >= text.len() {
        span = Span::new(text.len(), text.len());
    }
    Diag::error(codes::E508, t!("edition.e508", name = source.name()))
        .in_source(source)
        .label(span, t!("edition.line_would_change"))
        .help(t!("edition.e508_help", name = source.name()))
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn blank_lines_inside_a_string_stay() {
        // Found by the spec fuzz target: two blank lines in a description were folded into one,
        // and `cix fmt` refused the file (E509).
        let text = "index \"t\" {\n  indicator 甲 10 \"a\n\n\nb\"\n  total 总分\n}\n";
        assert_eq!(format(text), text);
    }

    #[test]
    fn indents_by_depth_and_keeps_comments_and_strings() {
        let text = "index \"x\" {\n      indicator A 5 {   # a  comment\n b 5   \"two  spaces\"\n}\n\n\n  report r =\nrank  by 总分 show a ,b,c\n  indicator B 2 { b1 1    b2 1 }\n}";
        let want = "index \"x\" {\n  indicator A 5 {   # a  comment\n    b 5  \"two  spaces\"\n  }\n\n  report r =\n    rank  by 总分 show a, b, c\n  indicator B 2 { b1 1  b2 1 }\n}\n";
        assert_eq!(format(text), want);
        assert_eq!(format(want), want);
    }

    #[test]
    fn multi_line_strings_and_brackets() {
        let text =
            "index \"x\" {\ngroup g = [a,\nb]\n  indicator A 5 \"one\n   two\" { b 5 }\n}\r\n";
        let f = format(text);
        assert_eq!(
            f,
            "index \"x\" {\n  group g = [a,\n    b]\n  indicator A 5 \"one\n   two\" { b 5 }\n}\n"
        );
        assert_eq!(format(&f), f);
    }

    #[test]
    fn full_width_braces_and_hash_in_strings() {
        let text = "index “指数#1” ｛\nindicator 甲 5 ｛ 乙 5 ｝\n｝\n";
        assert_eq!(
            format(text),
            "index “指数#1” ｛\n  indicator 甲 5 ｛ 乙 5 ｝\n｝\n"
        );
    }
}
