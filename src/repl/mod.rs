//! The REPL: a session backend with no terminal in it ([`session`]), inputs parsed by the
//! grammar into typed commands ([`command`]), completion by context ([`complete`]), and a
//! rustyline frontend ([`frontend`]) used only when stdin is a terminal; [`pipe`] answers one
//! input per line otherwise.

pub mod command;
pub mod complete;
pub mod frontend;
mod pipe;
pub mod session;

use std::io::IsTerminal;
use std::path::Path;

pub use command::Command;
pub use session::{Reply, Session};

/// `cix repl SPEC`: interactive on a terminal; one input per line from a pipe. The exit status
/// is 0 only when the spec loaded and every input succeeded.
pub fn main(spec: &Path, data: Option<&Path>) -> u8 {
    let (mut session, diags) = Session::open(spec, data);
    if !diags.is_empty() {
        crate::cli::print_diags(&diags);
    }
    let loaded = session.loaded.is_some();
    let all_ok = if std::io::stdin().is_terminal() {
        frontend::run(&mut session)
    } else {
        pipe::run(
            &mut session,
            std::io::stdin().lock(),
            std::io::stdout().lock(),
        )
    };
    if loaded && all_ok {
        crate::cli::OK
    } else {
        crate::cli::USER_ERROR
    }
}
