//! Claims and their verdicts (`cix audit`, the REPL's `check`): each claim's scalar query is
//! planned and computed by the query stage, with the interval that the rounding of the input
//! cells allows, and compared with the stated value at its printed precision.
//!
//! - `match`: the computed value, rounded half up to the stated decimals, equals the stated
//!   value (an inequality or `~` holds);
//! - `rounding`: it does not, but some inputs inside their rounding intervals make it so;
//! - `mismatch`: no input inside those intervals does;
//! - `error`: the claim cannot be computed (a located diagnostic).

use rust_decimal::Decimal;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::eval::bounds::Bounds;
use crate::eval::Results;
use crate::model::Model;
use crate::output::{Cell, Output};
use crate::query::interval::{half_up, Estimate};
use crate::source::{Source, Spanned};
use crate::syntax::ast::Query;
use crate::syntax::scalar::{Claim, ClaimOp, Stated};

/// The verdict on one claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Match,
    Rounding,
    Mismatch,
    Error,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Match,
        Verdict::Rounding,
        Verdict::Mismatch,
        Verdict::Error,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::Rounding => "rounding",
            Verdict::Mismatch => "mismatch",
            Verdict::Error => "error",
        }
    }

    /// `match` and `rounding` pass; the others fail an audit.
    pub fn passes(self) -> bool {
        matches!(self, Verdict::Match | Verdict::Rounding)
    }
}

/// A claim with its verdict, the computed estimate (None on error) and the error.
#[derive(Clone, Debug)]
pub struct Checked {
    pub claim: Claim,
    pub verdict: Verdict,
    pub estimate: Option<Estimate>,
    pub error: Option<Diags>,
    /// Units the claim's statistics left out for want of a value.
    pub notes: Vec<String>,
}

/// Check every claim of a claims file against the results (and the input bounds, when there
/// are any). A claim ID given twice is an error (E902) on the second claim.
pub fn audit(
    model: &Model,
    results: &Results,
    bounds: Option<&Bounds>,
    claims: Vec<Claim>,
    source: &Source,
) -> Vec<Checked> {
    let mut out: Vec<Checked> = Vec::with_capacity(claims.len());
    for claim in claims {
        if let Some(prev) = out.iter().find(|c| c.claim.id.node == claim.id.node) {
            let d = Diag::error(codes::E902, t!("audit.e902", id = claim.id.node))
                .in_source(source)
                .label(claim.id.span, t!("audit.again_here"))
                .label(prev.claim.id.span, t!("audit.first_here"))
                .help(t!("audit.e902_help"));
            out.push(failed(claim, Diags::from(d)));
            continue;
        }
        out.push(check(model, results, bounds, claim, source));
    }
    out
}

fn failed(claim: Claim, error: Diags) -> Checked {
    Checked {
        claim,
        verdict: Verdict::Error,
        estimate: None,
        error: Some(error),
        notes: Vec::new(),
    }
}

/// Check one claim.
pub fn check(
    model: &Model,
    results: &Results,
    bounds: Option<&Bounds>,
    claim: Claim,
    source: &Source,
) -> Checked {
    let q = Spanned::new(
        Query::Scalar(Box::new(claim.query.clone())),
        claim.query.span,
    );
    let computed = crate::query::check(model, results, &q, source).and_then(|plan| {
        let notes = crate::query::scalar_notes(model, &plan, results);
        match crate::query::estimate(model, &plan, results, bounds) {
            Some(r) => r.map(|e| (e, notes)).map_err(Diags::from),
            None => Err(Diags::new()),
        }
    });
    match computed {
        Ok((e, notes)) => Checked {
            verdict: verdict(&claim, &e),
            estimate: Some(e),
            notes: notes
                .into_iter()
                .map(|n| format!("{}: {n}", claim.id.node))
                .collect(),
            claim,
            error: None,
        },
        Err(d) => failed(claim, d),
    }
}

/// The verdict of a claim on a computed estimate.
pub fn verdict(claim: &Claim, e: &Estimate) -> Verdict {
    let s = &claim.stated.node;
    let (holds, possible) = match claim.op {
        ClaimOp::Eq => {
            let half = Decimal::try_new(5, s.decimals.saturating_add(1)).unwrap_or_default();
            let (lo, hi) = (
                s.value.checked_sub(half).unwrap_or(s.value),
                s.value.checked_add(half).unwrap_or(s.value),
            );
            (
                half_up(e.value, s.decimals) == s.value,
                e.low < hi && e.high >= lo,
            )
        }
        ClaimOp::Gt => (e.value > s.value, e.high > s.value),
        ClaimOp::Ge => (e.value >= s.value, e.high >= s.value),
        ClaimOp::Lt => (e.value < s.value, e.low < s.value),
        ClaimOp::Le => (e.value <= s.value, e.low <= s.value),
        ClaimOp::About => {
            let tol = claim.tolerance.as_ref().map_or_else(
                || {
                    s.value
                        .abs()
                        .checked_mul(Decimal::new(15, 2))
                        .unwrap_or_default()
                },
                |t| t.node.value.abs(),
            );
            let lo = s.value.checked_sub(tol).unwrap_or(s.value);
            let hi = s.value.checked_add(tol).unwrap_or(s.value);
            (e.value >= lo && e.value <= hi, e.low <= hi && e.high >= lo)
        }
    };
    match (holds, possible) {
        (true, _) => Verdict::Match,
        (false, true) => Verdict::Rounding,
        _ => Verdict::Mismatch,
    }
}

/// A computed number in the stated value's unit (a percentage when the claim wrote `%`) with at
/// least 4 decimals.
fn shown(v: Decimal, s: &Stated) -> Cell {
    let (v, written) = if s.percent {
        (
            v.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(v),
            s.decimals.saturating_sub(2),
        )
    } else {
        (v, s.decimals)
    };
    Cell::Num(v, written.saturating_add(2).max(4))
}

/// The columns of an audit: `id, verdict, stated, computed, low, high, claim, quote`.
pub const COLUMNS: [&str; 8] = [
    "id", "verdict", "stated", "computed", "low", "high", "claim", "quote",
];

/// The audit as a table, one row per claim; errors leave the numbers empty.
pub fn table(checked: &[Checked]) -> Output {
    let mut out = Output::new(COLUMNS.iter().map(|c| c.to_string()).collect());
    for c in checked {
        let s = &c.claim.stated.node;
        let num = |f: fn(&Estimate) -> Decimal| {
            c.estimate.as_ref().map_or(Cell::Empty, |e| shown(f(e), s))
        };
        out.rows.push(vec![
            Cell::Text(c.claim.id.node.clone()),
            Cell::Text(c.verdict.word().to_string()),
            Cell::Text(s.text.clone()),
            num(|e| e.value),
            num(|e| e.low),
            num(|e| e.high),
            Cell::Text(c.claim.text.clone()),
            c.claim
                .quote
                .as_ref()
                .map_or(Cell::Empty, |q| Cell::Text(q.clone())),
        ]);
        out.notes.extend(c.notes.iter().cloned());
    }
    out
}

/// "107 claims: 88 match, 1 rounding, 18 mismatch, 0 error".
pub fn summary(checked: &[Checked]) -> String {
    let count = |v: Verdict| checked.iter().filter(|c| c.verdict == v).count();
    let (matched, rounding) = (count(Verdict::Match), count(Verdict::Rounding));
    let (mismatch, error) = (count(Verdict::Mismatch), count(Verdict::Error));
    match checked.len() {
        1 => t!(
            "audit.summary_one",
            matched = matched,
            rounding = rounding,
            mismatch = mismatch,
            error = error
        ),
        n => t!(
            "audit.summary",
            n = n,
            matched = matched,
            rounding = rounding,
            mismatch = mismatch,
            error = error
        ),
    }
    .into_owned()
}
