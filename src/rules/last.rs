//! `missing last [within N years] [from "FILE"] [else POLICY]` (language chapter 5, "Last known
//! value"): a missing cell filled with the unit's most recent earlier value of the indicator —
//! from an earlier year of the spec's `years`, or from a second table — taken raw, before
//! treatment and normalisation. Written in the spec; `check` resolves where it reads from.

use crate::source::{Span, Spanned};

/// A leaf's last-known-value rule (the policy for cells it cannot fill is the leaf's
/// `missing`, the `else` written after it, `error` by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastKnown {
    /// `within N years`: the oldest value taken is N years before the cell's year.
    pub within: Option<Spanned<u32>>,
    /// `from "2014.csv"`: the earlier table, as written (none: the earlier years).
    pub from: Option<Spanned<String>>,
    /// Where it is resolved from, set by `check` (None until then, or after an error).
    pub source: Option<LastSource>,
    /// The whole clause.
    pub span: Span,
}

/// Where the earlier values come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LastSource {
    /// The spec's earlier `years`.
    Years,
    /// A second table (its path, resolved against the spec's folder).
    File(std::path::PathBuf),
}

impl std::fmt::Display for LastKnown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("last")?;
        if let Some(n) = &self.within {
            let unit = if n.node == 1 { "year" } else { "years" };
            write!(f, " within {} {unit}", n.node)?;
        }
        if let Some(file) = &self.from {
            write!(f, " from \"{}\"", file.node)?;
        }
        Ok(())
    }
}
