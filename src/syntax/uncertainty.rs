//! Uncertainties declared in the spec (issue 11, language chapter 8; grammar section
//! "uncertainties"): `uncertainty [runs N] [seed S] { assume NAME = KIND of NODE … }`. The walker
//! keeps every word as written; `check` resolves the node, the kind and the choices.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast::{Item, Name};
use super::parser::{Rule, Walker};
use crate::source::{Span, Spanned};

/// `uncertainty runs 2000 seed 7 { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct UncertaintyDecl {
    /// The numbers as written (checked by `check`: E801, E811).
    pub runs: Option<Spanned<String>>,
    pub seed: Option<Spanned<String>>,
    pub assumptions: Vec<AssumeDecl>,
    /// The whole declaration.
    pub span: Span,
}

/// `assume NAME = KIND of NODE DISTRIBUTION`
#[derive(Clone, Debug, PartialEq)]
pub struct AssumeDecl {
    pub name: Name,
    /// `weights`, `normalisation`, `missing`, `treatment`, `aggregation` (as written).
    pub kind: Name,
    pub node: Name,
    pub dist: Spanned<Distribution>,
    /// The whole line.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// `vary 25%`
    Vary(Decimal),
    /// `sets [20, 20, …], [25, 15, …]`
    Sets(Vec<Spanned<Vec<Decimal>>>),
    /// `in [minmax, zscore, rank]`: the words as written.
    Choices(Vec<Name>),
}

/// `uncertainty of 杭州, 宁波` or `uncertainty top 10`.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    Of(Vec<Name>),
    Top(Spanned<usize>),
}

/// Parse `cix query`'s text as an `uncertainty …` line (E002 when it is not one).
pub fn parse_ask(source: &crate::source::Source) -> Result<Ask, crate::diag::Diag> {
    let mut pairs = super::parser::parse(source, Rule::uncertainty_line, crate::codes::E002)?;
    let mut walker = Walker {
        source,
        errors: Vec::new(),
    };
    let ask = pairs
        .next()
        .and_then(|p| p.into_inner().next())
        .and_then(|p| walker.ask(p));
    match (walker.errors.into_iter().next(), ask) {
        (Some(e), _) => Err(e),
        (None, Some(a)) => Ok(a),
        (None, None) => Err(crate::diag::Diag::error(
            crate::codes::E002,
            t!("syntax.uncertainty_query"),
        )),
    }
}

impl Walker<'_> {
    /// `uncertainty of …` / `uncertainty top N` (an `uncertainty_ask` pair).
    pub(crate) fn ask(&mut self, pair: Pair<'_, Rule>) -> Option<Ask> {
        let p = pair.into_inner().next()?;
        Some(match p.as_rule() {
            Rule::name_list => Ask::Of(self.name_list(p)),
            _ => Ask::Top(self.count(p)),
        })
    }

    pub(crate) fn uncertainty(&mut self, pair: Pair<'_, Rule>) -> Option<Item> {
        let span = trimmed(&pair);
        let mut decl = UncertaintyDecl {
            runs: None,
            seed: None,
            assumptions: Vec::new(),
            span,
        };
        for p in pair.into_inner() {
            let word = |p: Pair<'_, Rule>| {
                let q = p.into_inner().next()?;
                Some(Spanned::new(q.as_str().to_string(), q.as_span().into()))
            };
            match p.as_rule() {
                Rule::unc_runs => decl.runs = word(p),
                Rule::unc_seed => decl.seed = word(p),
                Rule::assume_decl => decl.assumptions.extend(self.assume(p)),
                _ => {}
            }
        }
        Some(Item::Uncertainty(decl))
    }

    fn assume(&mut self, pair: Pair<'_, Rule>) -> Option<AssumeDecl> {
        let span = trimmed(&pair);
        let mut inner = pair.into_inner();
        let name = self.name(inner.next()?);
        let k = inner.next()?;
        let kind = Spanned::new(k.as_str().to_string(), k.as_span().into());
        let node = self.name(inner.next()?);
        let d = inner.next()?;
        let at = trimmed(&d);
        let dist = match d.as_rule() {
            Rule::assume_vary => Distribution::Vary(self.number(d.into_inner().next()?).node),
            Rule::assume_sets => Distribution::Sets(
                d.into_inner()
                    .map(|set| {
                        let at = trimmed(&set);
                        let numbers = set.into_inner().map(|n| self.number(n).node).collect();
                        Spanned::new(numbers, at)
                    })
                    .collect(),
            ),
            _ => Distribution::Choices(
                d.into_inner()
                    .map(|c| Spanned::new(c.as_str().to_string(), c.as_span().into()))
                    .collect(),
            ),
        };
        Some(AssumeDecl {
            name,
            kind,
            node,
            dist: Spanned::new(dist, at),
            span,
        })
    }
}

/// A pair's span without the blank space pest may take after its last word.
fn trimmed(pair: &Pair<'_, Rule>) -> Span {
    let start = pair.as_span().start();
    Span::new(start, start.saturating_add(pair.as_str().trim_end().len()))
}
