//! The terminal frontend: rustyline with history, completion of keywords and of every name the
//! session knows (Chinese included), hints, and multi-line input for incomplete lines.
// Not yet free of panicking operations (issue 8): remove this line once the file is.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::borrow::Cow;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Editor, Helper};

use super::session::{incomplete, Session};

struct CixHelper {
    words: Vec<String>,
}

/// The word being typed: the text after the last space or punctuation.
fn word_start(line: &str, pos: usize) -> usize {
    line[..pos]
        .char_indices()
        .rev()
        .find(|(_, c)| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '，' | '、' | '[' | '【' | '(' | '（' | '=' | ':' | '：'
                )
        })
        .map_or(0, |(i, c)| i + c.len_utf8())
}

impl Completer for CixHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = word_start(line, pos);
        let prefix = &line[start..pos];
        let matches = self
            .words
            .iter()
            .filter(|w| w.starts_with(prefix) && (!prefix.is_empty() || !w.starts_with(':')))
            .map(|w| Pair {
                display: w.clone(),
                replacement: w.clone(),
            })
            .collect();
        Ok((start, matches))
    }
}

impl Hinter for CixHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, _: &Context<'_>) -> Option<String> {
        if pos < line.len() {
            return None;
        }
        let start = word_start(line, pos);
        let prefix = &line[start..pos];
        if prefix.is_empty() {
            return None;
        }
        let mut it = self
            .words
            .iter()
            .filter(|w| w.starts_with(prefix) && w.len() > prefix.len());
        let first = it.next()?;
        // Only hint when the completion is unambiguous.
        if it.next().is_some() {
            return None;
        }
        Some(first[prefix.len()..].to_string())
    }
}

impl Highlighter for CixHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }
}

impl Validator for CixHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if incomplete(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for CixHelper {}

fn history_path() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(std::path::Path::new(&home).join(".cix_history"))
}

pub fn run(session: &mut Session) -> u8 {
    session.color = std::env::var_os("NO_COLOR").is_none();
    let mut editor: Editor<CixHelper, rustyline::history::DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return crate::cli::USER_ERROR;
        }
    };
    editor.set_helper(Some(CixHelper {
        words: session.completions(),
    }));
    let history = history_path();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    if let Some(l) = &session.loaded {
        println!(
            "cix — {}: {} units. `:help` for queries and commands, Ctrl-D to leave.",
            l.model.name,
            l.dataset.units.len()
        );
    }
    loop {
        match editor.readline("cix> ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                let reply = session.eval(&line);
                print!("{}", reply.out);
                eprint!("{}", reply.err);
                if reply.quit {
                    break;
                }
                if let Some(h) = editor.helper_mut() {
                    h.words = session.completions();
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    crate::cli::OK
}
