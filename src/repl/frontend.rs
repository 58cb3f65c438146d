//! The terminal frontend: rustyline with history, completion by context (Chinese names
//! included; candidates listed when Tab is ambiguous), a hint when the completion is unique, and
//! a continuation prompt while the parser says the input is not complete.

use std::borrow::Cow;
use std::io::Write;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper};

use super::complete::Vocabulary;
use super::session::{Reply, Session};

const PROMPT: &str = "cix> ";
const CONTINUE: &str = " ..> ";

struct CixHelper {
    vocabulary: Vocabulary,
    /// The lines of an input still being typed, so completion knows their context.
    pending: String,
}

/// The start of the word being typed: after the last space or punctuation.
fn word_start(line: &str, pos: usize) -> usize {
    line.get(..pos)
        .unwrap_or(line)
        .char_indices()
        .rev()
        .find(|(_, c)| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '，' | '、' | '[' | '【' | '(' | '（' | '=' | '＝' | '：'
                )
        })
        .map_or(0, |(i, c)| i.saturating_add(c.len_utf8()))
}

impl CixHelper {
    /// The candidates for the word at `pos`, and where that word starts.
    fn matches(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let start = word_start(line, pos);
        let prefix = line.get(start..pos).unwrap_or_default();
        let before = format!("{}{}", self.pending, line.get(..start).unwrap_or_default());
        let found = self
            .vocabulary
            .candidates(&before)
            .into_iter()
            .filter(|w| w.starts_with(prefix) && w.as_str() != prefix)
            .collect();
        (start, found)
    }
}

impl Completer for CixHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, words) = self.matches(line, pos);
        let pairs = words
            .into_iter()
            .map(|w| Pair {
                display: w.clone(),
                replacement: w,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for CixHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, _: &Context<'_>) -> Option<String> {
        if pos < line.len() || word_start(line, pos) == pos {
            return None;
        }
        let (start, words) = self.matches(line, pos);
        // Only a unique completion is hinted.
        match words.as_slice() {
            [only] => only.get(pos.saturating_sub(start)..).map(str::to_string),
            _ => None,
        }
    }
}

impl Highlighter for CixHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }
}

impl Validator for CixHelper {}

impl Helper for CixHelper {}

fn history_path() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(std::path::Path::new(&home).join(".cix_history"))
}

/// Print a reply; false when stdout is gone.
fn show(reply: &Reply) -> bool {
    let mut out = std::io::stdout();
    let ok = out
        .write_all(reply.out.as_bytes())
        .and_then(|()| out.flush())
        .is_ok();
    let _ = std::io::stderr().write_all(reply.err.as_bytes());
    ok
}

/// Run the interactive loop. False when the line editor cannot start.
pub fn run(session: &mut Session) -> bool {
    session.color = std::env::var_os("NO_COLOR").is_none();
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .build();
    let mut editor: Editor<CixHelper, rustyline::history::DefaultHistory> =
        match Editor::with_config(config) {
            Ok(e) => e,
            Err(e) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    t!("repl.editor_failed", reason = e)
                );
                return false;
            }
        };
    editor.set_helper(Some(CixHelper {
        vocabulary: session.vocabulary(),
        pending: String::new(),
    }));
    // The load the completion words were built from.
    let mut loads = session.loads;
    let history = history_path();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    if let Some(l) = &session.loaded {
        let welcome = t!(
            "repl.welcome",
            name = l.model.name,
            units = l.dataset.units.len()
        );
        let _ = writeln!(std::io::stdout(), "{welcome}");
    }
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { PROMPT } else { CONTINUE };
        match editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                pending.push_str(&line);
                if crate::syntax::needs_more(&pending) {
                    pending.push('\n');
                    if let Some(h) = editor.helper_mut() {
                        h.pending.clone_from(&pending);
                    }
                    continue;
                }
                let reply = session.eval(&std::mem::take(&mut pending));
                if !show(&reply) || reply.quit {
                    break;
                }
                if let Some(h) = editor.helper_mut() {
                    if loads != session.loads {
                        loads = session.loads;
                        h.vocabulary = session.vocabulary();
                    }
                    h.pending.clear();
                }
            }
            // Ctrl-C drops the input being typed.
            Err(ReadlineError::Interrupted) => {
                pending.clear();
                if let Some(h) = editor.helper_mut() {
                    h.pending.clear();
                }
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "{}", t!("repl.error", reason = e));
                break;
            }
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    true
}
