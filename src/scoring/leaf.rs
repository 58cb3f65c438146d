//! Scoring one leaf: every unit's raw value (filled when missing, `log` taken) → a share by the
//! leaf's method → points (share × the leaf's weight) → rounded. Errors point at the cell (or at
//! the leaf when the unit has no cell); a result beyond exact arithmetic is E602, never a silent 0.

use rust_decimal::{Decimal, MathematicalOps};

use std::collections::HashMap;

use super::{normalise, sample_params, text, Detail, Params, Raw};
use crate::codes;
use crate::data::{Dataset, Unit};
use crate::diag::{Diag, Diags};
use crate::model::{Model, Node, NodeId};
use crate::packed::Packed;
use crate::rules::{Direction, Method, Missing, StepWhen};

mod impute;
mod rubric;

/// A leaf's score for every unit, and its sample parameters when its method uses them.
pub(super) struct Scored {
    pub params: Option<Params>,
    pub scores: Vec<Option<Decimal>>,
}

/// What every unit of one leaf shares.
struct Leaf<'a> {
    model: &'a Model,
    data: &'a Dataset,
    id: NodeId,
    node: &'a Node,
    colname: &'a str,
    log: bool,
    method: Method,
    /// The leaf's raw numbers, one per unit (the dataset's values may already be points).
    column: &'a Packed,
    params: Option<Params>,
    /// Observed (transformed) values, with their unit, in unit order.
    observed: Vec<(usize, Decimal)>,
    /// The reference unit's observed value (`score reference UNIT`).
    reference: Option<Decimal>,
    /// The observed values sorted ascending (`percentile` only): a unit's rank is found by
    /// binary search, so a leaf costs n log n, not n².
    sorted: Vec<Decimal>,
    /// `missing mean`: the mean of the raw values per value of the attribute (one entry, under
    /// "", without `per`), computed once for the leaf rather than once per missing cell.
    means: HashMap<&'a str, Decimal>,
}

/// Score one leaf of every unit from its raw numbers (`column`, indexed like the units).
pub(super) fn score(
    model: &Model,
    data: &Dataset,
    column: &Packed,
    id: NodeId,
    diags: &mut Diags,
) -> Scored {
    let Some(leaf) = Leaf::new(model, data, column, id, diags) else {
        return Scored {
            params: None,
            scores: Vec::new(),
        };
    };
    leaf.absent_levels(diags);
    let scores = data
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| leaf.detail(u, unit, diags).score)
        .collect();
    Scored {
        params: leaf.params.filter(|_| leaf.method.uses_sample()),
        scores,
    }
}

/// How unit `u`'s score at the leaf was built, recomputed from the raw numbers (`explain`).
pub(super) fn detail(
    model: &Model,
    data: &Dataset,
    column: &Packed,
    id: NodeId,
    u: usize,
) -> Option<Detail> {
    let leaf = Leaf::new(model, data, column, id, &mut Diags::new())?;
    let unit = data.units.get(u)?;
    Some(leaf.detail(u, unit, &mut Diags::new()))
}

/// Every unit's points at the leaf and the number each was scored from, as `scoring::rescore`
/// returns them.
pub(super) fn rescore(
    model: &Model,
    data: &Dataset,
    column: &Packed,
    id: NodeId,
    diags: &mut Diags,
) -> super::Rescored {
    let mut out = super::Rescored {
        points: Vec::with_capacity(data.units.len()),
        values: Vec::with_capacity(data.units.len()),
    };
    let Some(leaf) = Leaf::new(model, data, column, id, diags) else {
        return out;
    };
    for (u, unit) in data.units.iter().enumerate() {
        let d = leaf.detail(u, unit, diags);
        out.values.push(d.value());
        out.points.push(d.score);
    }
    out
}

impl<'a> Leaf<'a> {
    /// The leaf with its sample: observed values, parameters, the sorted sample of
    /// `percentile`, the means of `missing mean`. A value whose `log` is undefined is reported.
    fn new(
        model: &'a Model,
        data: &'a Dataset,
        column: &'a Packed,
        id: NodeId,
        diags: &mut Diags,
    ) -> Option<Leaf<'a>> {
        let node = model.nodes.get(id)?;
        let (log, method) = match &node.scoring.rule {
            Some(r) => (r.node.log, r.node.method.clone()),
            None => (false, Method::Given),
        };
        let colname = node
            .column
            .as_ref()
            .map_or(node.name.as_str(), |c| c.node.as_str());
        let mut leaf = Leaf {
            model,
            data,
            id,
            node,
            colname,
            log,
            method,
            column,
            params: None,
            observed: Vec::new(),
            sorted: Vec::new(),
            means: HashMap::new(),
            reference: None,
        };
        for u in 0..data.units.len() {
            if let Some(v) = leaf.raw(u) {
                if let Some(t) = leaf.transform(u, v, diags) {
                    leaf.observed.push((u, t));
                }
            }
        }
        let mut sample: Vec<Decimal> = leaf.observed.iter().map(|&(_, v)| v).collect();
        leaf.params = match leaf.method {
            Method::MinMax | Method::Ratio | Method::Percentile => Params::extent(&sample),
            _ => sample_params(&sample),
        };
        if leaf.method == Method::Percentile {
            sample.sort_unstable();
            leaf.sorted = sample;
        }
        leaf.means = leaf.fill_values();
        leaf.reference = leaf.reference_value(diags);
        Some(leaf)
    }

    /// A unit's raw number at this leaf.
    fn raw(&self, u: usize) -> Option<Decimal> {
        self.column.get(u)
    }
}

impl Leaf<'_> {
    /// A diagnostic at the unit's cell (or at the leaf when the unit has none).
    fn at_cell(&self, u: usize, d: Diag, label: &str) -> Diag {
        let cell = self
            .data
            .units
            .get(u)
            .and_then(|unit| self.data.cell(unit, self.colname));
        match cell {
            Some(span) => d.in_source(&self.data.table.source).label(span, label),
            None => d.in_source(&self.model.source).label(self.node.span, label),
        }
    }

    fn key(&self, u: usize) -> &str {
        self.data.units.get(u).map_or("", |unit| unit.key.as_str())
    }

    /// E602: a unit's score at this leaf leaves exact arithmetic.
    fn beyond(&self, u: usize, what: &str) -> Diag {
        let d = Diag::error(
            codes::E602,
            format!(
                "`{}`'s {what} at `{}` goes beyond exact arithmetic (28 digits, at most about 7.9·10²⁸)",
                self.key(u),
                self.node.name
            ),
        );
        self.at_cell(u, d, "too large for exact arithmetic").help(
            "check the cell for a misplaced decimal point, or score the column with a rule that bounds it (minmax, goalposts, percentile)",
        )
    }

    /// Take the log of a raw number when the rule says so; errors point at the cell.
    fn transform(&self, u: usize, v: Decimal, diags: &mut Diags) -> Option<Decimal> {
        if !self.log {
            return Some(v);
        }
        if let Some(t) = (v > Decimal::ZERO).then(|| v.checked_ln()).flatten() {
            return Some(t);
        }
        let label = if v > Decimal::ZERO {
            "too small for a logarithm"
        } else {
            "not above 0"
        };
        let d = Diag::error(
            codes::E411,
            format!(
                "`{}` has `{}` = {}, whose logarithm is undefined",
                self.key(u),
                self.colname,
                v.normalize()
            ),
        );
        diags.push(self.at_cell(u, d, label).help(format!(
            "`{}` is scored with `log`; every value must be above 0",
            self.node.name
        )));
        None
    }

    /// The reference unit's value of `score reference UNIT`: an error at the unit's name when
    /// the data has no such unit or it has no value.
    fn reference_value(&self, diags: &mut Diags) -> Option<Decimal> {
        let Method::Reference { unit, .. } = &self.method else {
            return None;
        };
        let found = self.data.units.iter().position(|x| x.key == unit.node);
        let value = found.and_then(|u| self.observed.iter().find(|&&(o, _)| o == u));
        if let Some(&(_, v)) = value {
            return Some(v);
        }
        let keys = self.data.units.iter().map(|x| x.key.as_str());
        let why = if found.is_some() {
            "has no value there"
        } else {
            "is not in the data"
        };
        diags.push(
            Diag::error(
                codes::E440,
                format!(
                    "the reference unit `{}` of `{}` {why}",
                    unit.node, self.node.name
                ),
            )
            .in_source(&self.model.source)
            .label(unit.span, "the reference unit")
            .help(
                crate::suggest::did_you_mean(&unit.node, keys).unwrap_or_else(|| {
                    "name a unit of the data that has a value for this indicator".to_string()
                }),
            ),
        );
        None
    }

    /// A category step of a rubric that no unit reached this year: a warning (W404), not an
    /// error — a level can be empty in one edition; a misspelt level gets "did you mean".
    fn absent_levels(&self, diags: &mut Diags) {
        let Method::Rubric(steps) = &self.method else {
            return;
        };
        if !self.method.is_categorical() {
            return;
        }
        let present = || self.data.units.iter().filter_map(|u| text(u, self.id));
        for st in steps {
            let StepWhen::Category(c) = &st.when else {
                continue;
            };
            if present().any(|t| t == c) {
                continue;
            }
            diags.push(
                Diag::warning(
                    codes::W404,
                    format!(
                        "no unit reached the level `{c}` of the rubric of `{}` in `{}`",
                        self.node.name, self.colname
                    ),
                )
                .in_source(&self.model.source)
                .label(st.span, "no unit here")
                .help(suggest_levels(present(), c)),
            );
        }
    }

    fn detail(&self, u: usize, unit: &Unit, diags: &mut Diags) -> Detail {
        let mut d = Detail {
            raw: match (self.raw(u), text(unit, self.id)) {
                (Some(v), _) => Raw::Number(v),
                (None, Some(t)) => Raw::Text(t.to_string()),
                _ => Raw::Missing,
            },
            filled: None,
            transformed: None,
            share: None,
            points: None,
            score: None,
            note: None,
        };
        // The numeric value to score, after filling.
        let value = match &d.raw {
            Raw::Number(v) => self.transform(u, *v, &mut Diags::new()),
            Raw::Text(_) => None,
            Raw::Missing => match self.fill(u, unit, &mut d, diags) {
                Fill::Done => return d,
                Fill::Value(v) => v,
            },
        };
        if self.log {
            d.transformed = value;
        }
        let share = match (&self.method, value) {
            (Method::Given, Some(v)) => {
                d.points = Some(v);
                None
            }
            (Method::Rubric(steps), _) => {
                self.rubric(u, unit, steps, value, &mut d, diags);
                None
            }
            (method, Some(v)) => self.share(u, method, v, diags),
            _ => None,
        };
        if let Some(x) = share {
            d.share = Some(x);
            match x.checked_mul(self.node.max) {
                Some(p) => d.points = Some(p),
                None => diags.push(self.beyond(u, "points")),
            }
        }
        let round = self.node.scoring.round;
        d.score = d.points.map(|p| round.map_or(p, |r| r.apply(p)));
        d
    }

    /// A missing value, as the leaf's policy says: scored 0, left out for re-weighting, or
    /// filled with a mean (the value to score).
    fn fill(&self, u: usize, unit: &Unit, d: &mut Detail, diags: &mut Diags) -> Fill {
        let missing = &self.node.scoring.missing;
        match missing {
            Missing::Zero | Missing::Error => {
                d.points = Some(Decimal::ZERO);
                d.score = Some(Decimal::ZERO);
                d.note = Some("missing → 0 (missing zero)".into());
                Fill::Done
            }
            Missing::Reweight => {
                d.note = Some("missing → left out, siblings re-weighted (missing reweight)".into());
                Fill::Done
            }
            Missing::Drop => Fill::Value(None),
            Missing::Mean(_) | Missing::Median(_) => self.impute(u, unit, d, diags),
        }
    }

    /// The share of the leaf's points a value earns by a sample or goalpost method; a share
    /// beyond exact arithmetic is an error at the cell.
    fn share(&self, u: usize, method: &Method, v: Decimal, diags: &mut Diags) -> Option<Decimal> {
        let p = self.params.as_ref();
        if let (Method::Ratio | Method::Fraction, Some(p)) = (method, p) {
            return self.ratio(u, v, p, diags);
        }
        if let (Method::ZScore, Some(p)) = (method, p) {
            if p.sd == Decimal::MAX {
                diags.push(self.beyond(u, "standard deviation"));
                return None;
            }
        }
        let cohort = normalise::Cohort {
            observed: &self.observed,
            params: p,
            reference: self.reference,
            log: self.log,
        };
        let dir = self.node.scoring.direction;
        match normalise::share(method, dir, u, v, &cohort) {
            Some(Ok(x)) => return Some(x),
            Some(Err(normalise::Problem::Zero(why))) => {
                let d = Diag::error(
                    codes::E440,
                    format!(
                        "`{}` cannot be scored at `{}`: {why}",
                        self.key(u),
                        self.node.name
                    ),
                );
                diags.push(self.at_cell(u, d, "division by zero").help(
                    "choose a target or a reference unit whose value differs from 0 and from the sample's end",
                ));
                return None;
            }
            Some(Err(normalise::Problem::Beyond)) => {
                diags.push(self.beyond(u, "share"));
                return None;
            }
            Some(Err(normalise::Problem::Reported)) => return None,
            None => {}
        }
        let share = self.share_of(u, method, v);
        if share.is_none() {
            diags.push(self.beyond(u, "share"));
        }
        share
    }

    /// The share by every method but `ratio`; None only when it leaves exact arithmetic.
    fn share_of(&self, u: usize, method: &Method, v: Decimal) -> Option<Decimal> {
        let p = self.params.as_ref();
        let dir = self.node.scoring.direction;
        match method {
            Method::GivenScale(hi) => v.checked_div(*hi),
            Method::MinMax => {
                let p = p?;
                let (v, lo, hi) = fit(v, p.min, p.max);
                let range = hi.checked_sub(lo)?;
                if range.is_zero() {
                    return Some(Decimal::ONE);
                }
                Some(directed(dir, v, lo, hi, range).unwrap_or(Decimal::ONE))
            }
            Method::Goalposts { low, high } => {
                let (lo, hi) = if self.log {
                    (
                        low.node.checked_ln().unwrap_or(low.node),
                        high.node.checked_ln().unwrap_or(high.node),
                    )
                } else {
                    (low.node, high.node)
                };
                let (v, lo, hi) = fit(v, lo, hi);
                let range = hi.checked_sub(lo)?;
                let x = if range.is_zero() {
                    Decimal::ZERO
                } else {
                    directed(dir, v, lo, hi, range).unwrap_or(Decimal::ZERO)
                };
                Some(x.clamp(Decimal::ZERO, Decimal::ONE))
            }
            Method::ZScore => {
                let p = p?;
                if p.sd.is_zero() {
                    return Some(Decimal::ZERO);
                }
                match dir {
                    Direction::Higher => ratio_of_difference(v, p.mean, p.sd, false),
                    Direction::Lower => ratio_of_difference(p.mean, v, p.sd, false),
                }
            }
            Method::Percentile => Some(self.percentile(u, v, dir)),
            _ => None,
        }
    }

    fn ratio(&self, u: usize, v: Decimal, p: &Params, diags: &mut Diags) -> Option<Decimal> {
        let dir = self.node.scoring.direction;
        let bad = match dir {
            Direction::Higher => v < Decimal::ZERO || p.max <= Decimal::ZERO,
            Direction::Lower => v <= Decimal::ZERO || p.min < Decimal::ZERO,
        };
        if bad {
            let d = Diag::error(
                codes::E411,
                format!(
                    "`{}` has `{}` = {}, which a ratio cannot score",
                    self.key(u),
                    self.colname,
                    v.normalize()
                ),
            );
            diags.push(self.at_cell(u, d, "not usable in a ratio").help(match dir {
                Direction::Higher => "`score ratio` needs values ≥ 0 and a sample maximum above 0",
                Direction::Lower => "`score ratio` with `direction lower` divides the sample minimum by each value; every value must be above 0",
            }));
            return None;
        }
        // 0 ≤ v ≤ max (or min ≤ v): the quotient lies in 0…1 and cannot overflow.
        let x = match dir {
            Direction::Higher => v.checked_div(p.max),
            Direction::Lower => p.min.checked_div(v),
        };
        if x.is_none() {
            diags.push(self.beyond(u, "share"));
        }
        x
    }

    /// The share of the other units with a lower value (a higher one when lower is better):
    /// counted in the sorted sample by binary search. A unit's own value is never lower (or
    /// higher) than itself, so only the count of others needs it taken out.
    fn percentile(&self, u: usize, v: Decimal, dir: Direction) -> Decimal {
        let own = self.observed.binary_search_by_key(&u, |&(o, _)| o).is_ok();
        let n = self.sorted.len().saturating_sub(usize::from(own));
        let below = match dir {
            Direction::Higher => self.sorted.partition_point(|&x| x < v),
            Direction::Lower => self
                .sorted
                .len()
                .saturating_sub(self.sorted.partition_point(|&x| x <= v)),
        };
        Decimal::from(below)
            .checked_div(Decimal::from(n))
            .unwrap_or(Decimal::ONE)
    }
}

/// What a missing value's policy decided.
enum Fill {
    /// The detail is complete (scored 0, left out, or an error reported).
    Done,
    /// Score this value (a filled mean; None: nothing to score).
    Value(Option<Decimal>),
}

/// (v − lo) ÷ range when higher is better, (hi − v) ÷ range when lower is.
fn directed(
    dir: Direction,
    v: Decimal,
    lo: Decimal,
    hi: Decimal,
    range: Decimal,
) -> Option<Decimal> {
    match dir {
        Direction::Higher => ratio_of_difference(v, lo, range, true),
        Direction::Lower => ratio_of_difference(hi, v, range, true),
    }
}

/// "did you mean" among the levels the column holds, or the list of them.
fn suggest_levels<'a>(present: impl Iterator<Item = &'a str>, level: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for p in present {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    match crate::suggest::did_you_mean(level, seen.iter().copied()) {
        Some(m) => format!("if the level is misspelt: {m}"),
        None => format!(
            "the column holds: {}; keep the step if the level can occur, or check its spelling",
            seen.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `v`, `lo`, `hi` quartered when `hi − lo` would overflow 28 digits (shares are unchanged; a
/// half would not do: halves of ±7.9·10²⁸ round up to 29 digits).
fn fit(v: Decimal, lo: Decimal, hi: Decimal) -> (Decimal, Decimal, Decimal) {
    let fits = hi
        .checked_sub(lo)
        .and_then(|_| v.checked_sub(lo))
        .and_then(|_| hi.checked_sub(v))
        .is_some();
    if fits {
        return (v, lo, hi);
    }
    let quarter = |x: Decimal| x.checked_div(Decimal::from(4)).unwrap_or(x);
    (quarter(v), quarter(lo), quarter(hi))
}

/// (a − b) ÷ c without overflowing: a result beyond ±1 (the only case that can overflow) is
/// clamped to ±1 first when `clamp` is set, else the value is unusable (None).
fn ratio_of_difference(a: Decimal, b: Decimal, c: Decimal, clamp: bool) -> Option<Decimal> {
    match a.checked_sub(b).and_then(|d| d.checked_div(c)) {
        Some(x) => Some(x),
        None if clamp => Some(if (a >= b) == (c > Decimal::ZERO) {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }),
        None => None,
    }
}
