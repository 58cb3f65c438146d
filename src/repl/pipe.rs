//! The REPL fed through a pipe: every line is one input and gets its answer. A line continues
//! on the next only when it ends in `\` — never because of an open bracket, a quote in a
//! comment or a trailing comma, which would swallow the lines after it. A line that is not
//! UTF-8 fails alone. Every write is checked: a closed stdout ends the session quietly. With
//! `CIX_TIMINGS` set, each input's wall time goes to stderr (`timing: input 0.002 s`).

use std::io::{BufRead, ErrorKind, Write};

use super::session::{Reply, Session};
use crate::codes;
use crate::diag::{render_with, Diag};
use crate::source::{Source, Span};

/// Answer every input of `input` on `out` (diagnostics on stderr). True when all succeeded.
pub fn run(session: &mut Session, mut input: impl BufRead, mut out: impl Write) -> bool {
    let mut all_ok = true;
    let mut pending = String::new();
    let mut buf = Vec::new();
    let timings = std::env::var_os("CIX_TIMINGS").is_some();
    loop {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let d = Diag::error(
                    codes::E003,
                    t!("repl.read_failed", reason = crate::input::io_reason(&e)),
                )
                .help(t!("repl.read_failed_help"));
                report(&render_with(&[d], false));
                return false;
            }
        }
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let line = match std::str::from_utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                all_ok = false;
                let line_no = session.next_line.saturating_add(lines_in(&pending));
                report(&render_with(&[not_utf8(bytes, e, line_no)], false));
                // The input pending before it is lost with it; the next line starts afresh.
                session.next_line = line_no.saturating_add(1);
                pending.clear();
                continue;
            }
        };
        if let Some(head) = crate::syntax::continued(line) {
            pending.push_str(head);
            pending.push('\n');
            continue;
        }
        pending.push_str(line);
        let started = timings.then(std::time::Instant::now);
        let reply = session.eval(&std::mem::take(&mut pending));
        if let Some(t) = started {
            // `CIX_TIMINGS`: each input's wall time (as `cli::progress` does for stages).
            report(&format!(
                "timing: input {:.6} s\n",
                t.elapsed().as_secs_f64()
            ));
        }
        match answer(&mut out, &reply) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::BrokenPipe => return all_ok && !reply.failed,
            Err(e) => {
                let d = Diag::error(
                    codes::E701,
                    t!("repl.write_failed", reason = crate::input::io_reason(&e)),
                )
                .help(t!("repl.write_failed_help"));
                report(&render_with(&[d], false));
                return false;
            }
        }
        all_ok &= !reply.failed;
        if reply.quit {
            return all_ok;
        }
    }
    if !pending.is_empty() {
        let reply = session.eval(&pending);
        all_ok &= !reply.failed;
        if answer(&mut out, &reply).is_err() {
            return false;
        }
    }
    all_ok
}

fn lines_in(text: &str) -> usize {
    text.matches('\n').count()
}

fn answer(out: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    out.write_all(reply.out.as_bytes())?;
    out.flush()?;
    report(&reply.err);
    Ok(())
}

/// Diagnostics go to stderr; if stderr is closed there is no one left to tell.
fn report(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// E011 for a line that is not UTF-8, located at its first bad byte (the line shown with the
/// bad bytes replaced).
fn not_utf8(bytes: &[u8], e: std::str::Utf8Error, line: usize) -> Diag {
    let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
    let prefix = String::from_utf8_lossy(good);
    let shown = String::from_utf8_lossy(bytes);
    let source = Source::at_line("repl", shown.as_ref(), line);
    let at = prefix.len();
    Diag::error(codes::E011, t!("repl.not_utf8"))
        .in_source(&source)
        .label(
            Span::new(at, at.saturating_add('\u{FFFD}'.len_utf8())),
            t!("repl.not_utf8_label"),
        )
        .help(t!("repl.not_utf8_help"))
}
