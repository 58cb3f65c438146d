//! Claims (`S008 "…": mean 总分 = 40.05`): their typed form and the walkers that build them. A
//! claim's query is a scalar query ([`super::scalar`]); the grammar's block "scalar queries and
//! claims" holds the rules.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::parser::{Rule, Walker};
use super::scalar::Scalar;
use crate::codes;
use crate::diag::Diag;
use crate::source::{Source, Span, Spanned};

/// How a claim relates its query to its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimOp {
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
    /// `~`: about (within 15%, or ± a tolerance).
    About,
}

impl ClaimOp {
    pub fn symbol(self) -> &'static str {
        match self {
            ClaimOp::Eq => "=",
            ClaimOp::Gt => ">",
            ClaimOp::Ge => ">=",
            ClaimOp::Lt => "<",
            ClaimOp::Le => "<=",
            ClaimOp::About => "~",
        }
    }
}

/// A stated number: its value as a ratio when written with `%` (43.66% → 0.4366), its
/// precision in the same unit (0.0001), and the text as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Stated {
    pub value: Decimal,
    /// Decimals of `value` as written (43.66% → 4, 80.20 → 2).
    pub decimals: u32,
    pub percent: bool,
    pub text: String,
}

/// One claim: `ID ["QUOTE"]: SCALAR OP VALUE [± TOL]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub id: Spanned<String>,
    pub quote: Option<String>,
    pub query: Spanned<Scalar>,
    pub op: ClaimOp,
    pub stated: Spanned<Stated>,
    pub tolerance: Option<Spanned<Stated>>,
    /// The claim as written after the colon.
    pub text: String,
    pub span: Span,
}

/// Parse a claims file: every claim, or the first syntax error (located).
pub fn parse_claims(source: &Source) -> Result<Vec<Claim>, Diag> {
    let mut pairs = super::parser::parse(source, Rule::claims_file, codes::E901)?;
    let mut walker = Walker {
        source,
        errors: Vec::new(),
    };
    let file = pairs.next().map(|p| p.into_inner());
    let claims = file
        .into_iter()
        .flatten()
        .filter(|p| p.as_rule() == Rule::claim)
        .map(|p| walker.claim(p))
        .collect();
    walker.finish(Some(claims))
}

/// Parse the REPL's `check CLAIM` (the ID and quote may be left out).
pub fn parse_check(source: &Source) -> Result<Claim, Diag> {
    let mut pairs = super::parser::parse(source, Rule::check_line, codes::E901)?;
    let mut walker = Walker {
        source,
        errors: Vec::new(),
    };
    let line = pairs.next().map(|p| p.into_inner());
    let mut claim = None;
    for p in line.into_iter().flatten() {
        claim = match p.as_rule() {
            Rule::claim => Some(walker.claim(p)),
            Rule::claim_body => {
                let span: Span = p.as_span().into();
                Some(walker.claim_body(p, Spanned::new("check".to_string(), span), None))
            }
            _ => continue,
        };
    }
    walker.finish(claim)
}

impl Walker<'_> {
    fn claim(&mut self, pair: Pair<'_, Rule>) -> Claim {
        let mut id = Spanned::new(String::new(), Span::default());
        let mut quote = None;
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::claim_id => id = Spanned::new(p.as_str().to_string(), p.as_span().into()),
                Rule::string => quote = Some(self.string(p).node),
                Rule::claim_body => body = Some(p),
                _ => {}
            }
        }
        match body {
            Some(b) => self.claim_body(b, id, quote),
            None => Claim {
                span: id.span,
                id,
                quote,
                query: Spanned::new(Scalar::Number(Decimal::ZERO), Span::default()),
                op: ClaimOp::Eq,
                stated: Spanned::new(stated_zero(), Span::default()),
                tolerance: None,
                text: String::new(),
            },
        }
    }

    fn claim_body(
        &mut self,
        pair: Pair<'_, Rule>,
        id: Spanned<String>,
        quote: Option<String>,
    ) -> Claim {
        // The pair's span may run on over the comment and blank lines after the value: the
        // claim ends where its value does (set below).
        let start = pair.as_span().start();
        let span = Span::new(start, pair.as_span().end());
        let mut query = Spanned::new(Scalar::Number(Decimal::ZERO), span);
        let mut op = ClaimOp::Eq;
        let mut stated = Spanned::new(stated_zero(), span);
        let mut tolerance = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::scalar => query = self.scalar(p),
                Rule::claim_op => {
                    op = match p.as_str() {
                        ">=" | "≥" | "＞＝" => ClaimOp::Ge,
                        "<=" | "≤" | "＜＝" => ClaimOp::Le,
                        ">" | "＞" => ClaimOp::Gt,
                        "<" | "＜" => ClaimOp::Lt,
                        "~" | "～" | "≈" => ClaimOp::About,
                        _ => ClaimOp::Eq,
                    }
                }
                Rule::claim_value => {
                    let (s, t) = self.claim_value(p);
                    stated = s;
                    tolerance = t;
                }
                _ => {}
            }
        }
        let end = tolerance.as_ref().unwrap_or(&stated).span.end;
        let text = self
            .source
            .text()
            .get(start..end)
            .unwrap_or_default()
            .to_string();
        Claim {
            id,
            quote,
            query,
            op,
            stated,
            tolerance,
            text,
            span: Span::new(start, end),
        }
    }

    /// `43.66%`, `80.20`, `50% ± 5%`.
    fn claim_value(&mut self, pair: Pair<'_, Rule>) -> (Spanned<Stated>, Option<Spanned<Stated>>) {
        let mut parts: Vec<Spanned<Stated>> = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::number => {
                    let n = self.number(p.clone());
                    let text = p.as_str().to_string();
                    parts.push(Spanned::new(
                        Stated {
                            value: n.node,
                            decimals: n.node.scale(),
                            percent: false,
                            text,
                        },
                        n.span,
                    ));
                }
                Rule::percent => {
                    if let Some(last) = parts.last_mut() {
                        let s = &mut last.node;
                        s.percent = true;
                        s.value = s.value.checked_div(Decimal::ONE_HUNDRED).unwrap_or(s.value);
                        s.decimals = s.decimals.saturating_add(2);
                        s.text.push('%');
                        last.span = Span::new(last.span.start, p.as_span().end());
                    }
                }
                _ => {}
            }
        }
        let mut parts = parts.into_iter();
        let stated = parts
            .next()
            .unwrap_or_else(|| Spanned::new(stated_zero(), Span::default()));
        (stated, parts.next())
    }
}

fn stated_zero() -> Stated {
    Stated {
        value: Decimal::ZERO,
        decimals: 0,
        percent: false,
        text: "0".to_string(),
    }
}
