//! The one "unknown name" diagnostic of check and the query stage, with "did you mean".

use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Spanned};
use crate::suggest;

/// `unknown WHAT `NAME``, located, with the closest candidate or a short list of them. `what`
/// is a noun in the language spoken (`t!("check.what_indicator")`, …).
pub fn unknown(source: &Source, name: &Spanned<String>, what: &str, candidates: &[&str]) -> Diag {
    Diag::error(
        codes::E104,
        t!("check.unknown", what = what, name = name.node),
    )
    .in_source(source)
    .label(name.span, t!("check.unknown_label", what = what))
    .help(
        crate::syntax::zh::split_glued(&name.node, candidates)
            .map(|s| t!("check.did_you_mean_glued", text = s).into_owned())
            .or_else(|| suggest::did_you_mean(&name.node, candidates.iter().copied()))
            .unwrap_or_else(|| t!("check.known", names = shortlist(candidates)).into_owned()),
    )
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
