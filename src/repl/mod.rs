//! The REPL: a session backend with no terminal in it ([`session`]), and a rustyline
//! frontend ([`frontend`]) that is only used when stdin is a terminal.

pub mod frontend;
pub mod session;

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub use session::{Reply, Session};

/// `cix repl SPEC`: interactive on a terminal; one query per line from a pipe.
pub fn main(spec: &Path, data: Option<&Path>) -> u8 {
    let (mut session, diags) = Session::open(spec, data);
    if !diags.is_empty() {
        crate::cli::print_diags(&diags);
    }
    if std::io::stdin().is_terminal() {
        return frontend::run(&mut session);
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    let mut pending = String::new();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        pending.push_str(&line);
        if session::incomplete(&pending) {
            pending.push('\n');
            continue;
        }
        let reply = session.eval(&pending);
        pending.clear();
        let _ = write!(stdout, "{}", reply.out);
        if !reply.err.is_empty() {
            eprint!("{}", reply.err);
        }
        if reply.quit {
            break;
        }
    }
    if !pending.trim().is_empty() {
        let reply = session.eval(&pending);
        let _ = write!(stdout, "{}", reply.out);
        eprint!("{}", reply.err);
    }
    crate::cli::OK
}
