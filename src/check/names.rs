//! The one "unknown name" diagnostic of check and the query stage, with "did you mean".

use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Spanned};
use crate::suggest;

/// `unknown WHAT `NAME``, located, with the closest candidate or a short list of them.
pub fn unknown(source: &Source, name: &Spanned<String>, what: &str, candidates: &[&str]) -> Diag {
    Diag::error(codes::E104, format!("unknown {what} `{}`", name.node))
        .in_source(source)
        .label(name.span, format!("not a known {what}"))
        .help(
            crate::syntax::zh::split_glued(&name.node, candidates)
                .map(|s| format!("did you mean `{s}`? (a keyword is a whole word)"))
                .or_else(|| suggest::did_you_mean(&name.node, candidates.iter().copied()))
                .unwrap_or_else(|| format!("known: {}", shortlist(candidates))),
        )
}

/// The first eight names, quoted, with "…" when there are more.
pub fn shortlist(names: &[&str]) -> String {
    let more = if names.len() > 8 { ", …" } else { "" };
    format!(
        "{}{more}",
        names
            .iter()
            .take(8)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
