//! The one "unknown name" diagnostic of check and the query stage, with "did you mean": every
//! place that resolves a name and fails words it through here.

use crate::codes::{self, Code};
use crate::diag::Diag;
use crate::source::{Source, Spanned};
use crate::suggest;

/// `unknown WHAT `NAME`` (E104), located, with the closest candidate or a short list of them.
/// `what` is a noun in the language spoken (`t!("check.what_indicator")`, …).
pub fn unknown(source: &Source, name: &Spanned<String>, what: &str, candidates: &[&str]) -> Diag {
    unknown_as(codes::E104, source, name, what, candidates)
}

/// [`unknown`] under another code (the stage's own: E120 for a sample, E424 for a ratio, …).
pub fn unknown_as(
    code: Code,
    source: &Source,
    name: &Spanned<String>,
    what: &str,
    candidates: &[&str],
) -> Diag {
    Diag::error(code, t!("check.unknown", what = what, name = name.node))
        .in_source(source)
        .label(name.span, t!("check.unknown_label", what = what))
        .help(help(&name.node, candidates))
}

/// The help of an unknown name: "did you mean" when a candidate is close, else the known ones.
pub fn help(name: &str, candidates: &[&str]) -> String {
    closest(name, candidates)
        .unwrap_or_else(|| t!("check.known", names = shortlist(candidates)).into_owned())
}

/// "did you mean" for a name among candidates (a keyword glued to a name first), if any is close.
pub fn closest(name: &str, candidates: &[&str]) -> Option<String> {
    crate::syntax::zh::split_glued(name, candidates)
        .map(|s| t!("check.did_you_mean_glued", text = s).into_owned())
        .or_else(|| suggest::did_you_mean(name, candidates.iter().copied()))
}

/// The first eight names, quoted, with "…" when there are more.
pub fn shortlist(names: &[&str]) -> String {
    let list = crate::lang::quote_list(names.iter().take(8).copied());
    if names.len() > 8 {
        format!("{list}{}", t!("check.and_more"))
    } else {
        list
    }
}
