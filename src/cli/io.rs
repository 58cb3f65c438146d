//! Writing what the commands print, without ever panicking: `print!` panics when stdout is a
//! closed pipe (Rust ignores SIGPIPE) or a full disk. Here a closed pipe ends the command quietly
//! with the status a shell gives a process stopped by SIGPIPE, and any other failure is a coded
//! error naming stdout (or the file) and exit 1. The REPL uses the same helpers.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use super::USER_ERROR;
use crate::codes;
use crate::diag::{render_with, Diag};

/// The exit status after a closed pipe: 128 + SIGPIPE (13), what a shell shows for `yes | true`.
pub const BROKEN_PIPE: u8 = 141;

/// Why a command stopped before its end: the exit status to return.
pub type Stopped = u8;

/// Write `text` to stdout and flush it. A closed pipe stops quietly ([`BROKEN_PIPE`]); any other
/// failure prints E701 and stops with exit 1.
pub fn out(text: &str) -> Result<(), Stopped> {
    write_to(&mut io::stdout().lock(), text).map_err(|e| stdout_failed(&e))
}

/// Write to stdout as `write` makes the text (issue 14: a million-row ranking is written in
/// chunks as its rows are made, never held whole), then flush; failures as [`out`]'s.
pub fn out_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Stopped> {
    let mut w = io::BufWriter::with_capacity(CHUNK, io::stdout().lock());
    write(&mut w)
        .and_then(|()| w.flush())
        .map_err(|e| stdout_failed(&e))
}

/// How much is written at once to stdout or a file.
const CHUNK: usize = 1 << 16;

/// Write `text` to any writer and flush it (the REPL writes through this to its own handle).
pub fn write_to(w: &mut impl Write, text: &str) -> io::Result<()> {
    w.write_all(text.as_bytes())?;
    w.flush()
}

/// Report a failed write to stdout and give the status to stop with.
pub fn stdout_failed(e: &io::Error) -> Stopped {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return BROKEN_PIPE;
    }
    print_diags(&[
        Diag::error(codes::E701, t!("cli.stdout_failed", reason = reason(e)))
            .help(t!("cli.stdout_failed_help")),
    ]);
    USER_ERROR
}

/// Write `text` to stderr. A failure there has nowhere left to be reported, so it is ignored.
pub fn err(text: &str) {
    let _ = write_to(&mut io::stderr().lock(), text);
}

/// Whether stdout is a terminal that may be painted (not with `NO_COLOR`).
pub fn paints() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Print diagnostics to stderr, coloured on a terminal.
pub fn print_diags(diags: &[Diag]) {
    if diags.is_empty() {
        return;
    }
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    err(&render_with(diags, color));
}

/// Write a whole file; E702 naming the file and the reason when it cannot be written.
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), Diag> {
    write_file_with(path, |w| w.write_all(contents.as_ref()))
}

/// Write a file as `write` makes its text, in chunks; E702 as [`write_file`]'s.
pub fn write_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Diag> {
    let written = std::fs::File::create(path).and_then(|file| {
        let mut w = io::BufWriter::with_capacity(CHUNK, file);
        write(&mut w)?;
        w.flush()
    });
    written.map_err(|e| {
        Diag::error(
            codes::E702,
            t!(
                "cli.write_failed",
                file = path.display(),
                reason = reason(&e)
            ),
        )
        .help(t!("cli.write_failed_help"))
    })
}

/// Create a folder (and its parents) for `--out`; E702 naming it and the reason when it cannot
/// be made.
pub fn create_dir(dir: &Path) -> Result<(), Diag> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Diag::error(
            codes::E702,
            t!("cli.mkdir_failed", dir = dir.display(), reason = reason(&e)),
        )
        .help(t!("cli.mkdir_failed_help"))
    })
}

/// An I/O error in the words of the messages: lowercase, without the OS error number.
pub fn reason(e: &io::Error) -> String {
    crate::input::io_reason(e)
}
