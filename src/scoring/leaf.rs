//! Scoring one leaf: every unit's raw value (filled when missing, `log` taken) → a share by the
//! leaf's method → points (share × the leaf's weight) → rounded. Errors point at the cell (or at
//! the leaf when the unit has no cell); a result beyond exact arithmetic is E602, never a silent 0.

use rust_decimal::{Decimal, MathematicalOps};

use std::collections::HashMap;

use super::{sample_params, text, Detail, Params, Raw};
use crate::codes;
use crate::data::{Dataset, Unit};
use crate::diag::{Diag, Diags};
use crate::model::{Model, Node, NodeId};
use crate::packed::Packed;
use crate::rules::{Method, Missing, StepWhen};

mod fast;
mod impute;
mod rubric;
mod share;

/// A leaf ready to score any unit: its sample gathered once, its fast path chosen.
pub(super) struct Prepared<'a> {
    leaf: Leaf<'a>,
    fast: Option<fast::Fast>,
}

impl<'a> Prepared<'a> {
    /// The leaf scored from its raw numbers (`column`, indexed like the units); None for a node
    /// without one. Problems with the sample (an undefined `log`, a missing reference unit, a
    /// rubric level no unit reached) go to `diags`.
    pub(super) fn new(
        model: &'a Model,
        data: &'a Dataset,
        column: &'a Packed,
        id: NodeId,
        diags: &mut Diags,
    ) -> Option<Prepared<'a>> {
        let leaf = Leaf::new(model, data, column, id, diags)?;
        let fast = fast::Fast::new(&leaf);
        Some(Prepared { leaf, fast })
    }

    /// W404 for a rubric's category steps that no unit reached.
    pub(super) fn absent_levels(&self, diags: &mut Diags) {
        self.leaf.absent_levels(diags);
    }

    /// The sample parameters, when the leaf's method uses them.
    pub(super) fn params(&self) -> Option<Params> {
        self.leaf
            .params
            .clone()
            .filter(|_| self.leaf.method.uses_sample())
    }

    /// Unit `u`'s points at the leaf, written at the leaf in `out` (the unit's values): by the
    /// fast path when it can prove them — from the raw number's packed word when the column is
    /// all 4-byte words, and into one, with no `Decimal` on the way — else by the decimal path
    /// (which reports every problem at the cell).
    pub(super) fn score_into(&self, u: usize, unit: &Unit, out: &mut Packed, diags: &mut Diags) {
        let id = self.leaf.id;
        if let Some(fast) = &self.fast {
            let points = match self.leaf.column.narrow_words() {
                Some(words) => words
                    .get(u)
                    .and_then(|&w| crate::packed::word_parts(w))
                    .and_then(|(m, s)| {
                        fast.quick(m, s)
                            .or_else(|| fast.points(&self.leaf, u, i128::from(m), s))
                    }),
                None => fast.score(&self.leaf, u).map(fast::Points::Exact),
            };
            match points {
                Some(fast::Points::Scaled(k, digits)) => return out.set_parts(id, k, digits),
                Some(fast::Points::Exact(d)) => return out.set(id, Some(d)),
                None => {}
            }
        }
        out.set(id, self.leaf.detail(u, unit, diags).score);
    }
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
    /// The units with a raw number whose `log` is undefined (an error reported once), in
    /// unit order: every other unit with a raw number is observed.
    failed: Vec<usize>,
    /// The reference unit's observed value (`score reference UNIT`).
    reference: Option<Decimal>,
    /// The observed values sorted ascending (`percentile`, `rank`, `borda` only): a unit's
    /// rank is found by binary search, so a leaf costs n log n, not n².
    sorted: Vec<Decimal>,
    /// `missing mean`: the mean of the raw values per value of the attribute (one entry, under
    /// "", without `per`), computed once for the leaf rather than once per missing cell.
    means: HashMap<&'a str, Decimal>,
    /// `missing mean|median per GROUP`: the group's membership test, its list hashed once (a
    /// pass over the list per unit would be quadratic when the list grows with the data).
    membership: Option<crate::eval::groups::Membership<'a>>,
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
    let Some(Prepared { leaf, fast }) = Prepared::new(model, data, column, id, diags) else {
        return out;
    };
    for (u, unit) in data.units.iter().enumerate() {
        // A cell the fast path scores is a number scored as it is (no `log`).
        if let Some(s) = fast.as_ref().and_then(|f| f.score(&leaf, u)) {
            out.values.push(leaf.raw(u));
            out.points.push(Some(s));
            continue;
        }
        let d = leaf.detail(u, unit, diags);
        out.values.push(d.value());
        out.points.push(d.score);
    }
    out
}

impl<'a> Leaf<'a> {
    /// The leaf with its sample: parameters, the sorted sample of `percentile`, `rank` and
    /// `borda`, the means of `missing mean`. A value whose `log` is undefined is reported. Only
    /// what the leaf's method uses is gathered (no copy of the column for `minmax`).
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
            failed: Vec::new(),
            sorted: Vec::new(),
            means: HashMap::new(),
            reference: None,
            membership: node
                .scoring
                .impute_group
                .map(|g| crate::eval::groups::Membership::of(model, g)),
        };
        let extent_only = matches!(
            leaf.method,
            Method::MinMax | Method::Ratio | Method::Percentile
        );
        let sorts = leaf.method.sorts_sample();
        let keeps = sorts || (leaf.method.uses_sample() && !extent_only);
        let words = if extent_only && !sorts && !log {
            narrow_extent(column)
        } else {
            None
        };
        if let Some(extent) = words {
            leaf.params = extent.map(|(n, min, max)| Params::extent(n, min, max));
        } else if log || leaf.method.uses_sample() {
            let mut sample = Vec::new();
            let mut extent: Option<(Decimal, Decimal)> = None;
            let mut n = 0usize;
            for u in 0..data.units.len() {
                let Some(v) = leaf.raw(u) else { continue };
                let t = if log {
                    let Some(t) = leaf.transform(u, v, diags) else {
                        leaf.failed.push(u);
                        continue;
                    };
                    t
                } else {
                    v
                };
                n = n.saturating_add(1);
                // As `lo.min(t)` and `hi.max(t)` (a tie keeps lo, takes t), quicker.
                extent = Some(extent.map_or((t, t), |(lo, hi)| {
                    (
                        if less(t, lo) { t } else { lo },
                        if less(t, hi) { hi } else { t },
                    )
                }));
                if keeps {
                    sample.push(t);
                }
            }
            leaf.params = if extent_only {
                extent.map(|(min, max)| Params::extent(n, min, max))
            } else {
                sample_params(&sample)
            };
            if sorts {
                sample.sort_unstable();
                leaf.sorted = sample;
            }
        }
        leaf.means = leaf.fill_values();
        leaf.reference = leaf.reference_value(diags);
        Some(leaf)
    }

    /// Whether unit `u` is among the leaf's observed units (a raw number, its `log` defined).
    fn observed(&self, u: usize) -> bool {
        self.column.has(u) && self.failed.binary_search(&u).is_err()
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
            t!(
                "scoring.e602",
                unit = self.key(u),
                what = super::words::quantity(what),
                name = &self.node.name
            ),
        );
        self.at_cell(u, d, &t!("scoring.e602_label"))
            .help(t!("scoring.e602_help"))
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
            t!("scoring.too_small_for_log")
        } else {
            t!("scoring.not_above_zero")
        };
        let d = Diag::error(
            codes::E411,
            t!(
                "scoring.e411_log",
                unit = self.key(u),
                column = self.colname,
                value = v.normalize()
            ),
        );
        diags.push(
            self.at_cell(u, d, &label)
                .help(t!("scoring.e411_log_help", name = &self.node.name)),
        );
        None
    }

    /// The reference unit's value of `score reference UNIT`: an error at the unit's name when
    /// the data has no such unit or it has no value.
    fn reference_value(&self, diags: &mut Diags) -> Option<Decimal> {
        let Method::Reference { unit, .. } = &self.method else {
            return None;
        };
        let found = self.data.units.iter().position(|x| x.key == unit.node);
        let value = found
            .filter(|&u| self.observed(u))
            .and_then(|u| self.transform(u, self.raw(u)?, &mut Diags::new()));
        if value.is_some() {
            return value;
        }
        let keys = self.data.units.iter().map(|x| x.key.as_str());
        let message = if found.is_some() {
            t!(
                "scoring.e440_no_value",
                unit = &unit.node,
                name = &self.node.name
            )
        } else {
            t!(
                "scoring.e440_not_in_data",
                unit = &unit.node,
                name = &self.node.name
            )
        };
        diags.push(
            Diag::error(codes::E440, message)
                .in_source(&self.model.source)
                .label(unit.span, t!("scoring.e440_label"))
                .help(
                    crate::suggest::did_you_mean(&unit.node, keys)
                        .unwrap_or_else(|| t!("scoring.e440_help").into_owned()),
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
                    t!(
                        "scoring.w404",
                        level = c,
                        name = &self.node.name,
                        column = self.colname
                    ),
                )
                .in_source(&self.model.source)
                .label(st.span, t!("scoring.w404_label"))
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
                d.note = Some(t!("scoring.missing_zero_note").into_owned());
                Fill::Done
            }
            Missing::Reweight => {
                d.note = Some(t!("scoring.missing_reweight_note").into_owned());
                Fill::Done
            }
            Missing::Drop => Fill::Value(None),
            Missing::Mean(_) | Missing::Median(_) => self.impute(u, unit, d, diags),
        }
    }
}

/// n, min and max of a column whose values are all 4-byte words at one scale, read from the
/// words (no `Decimal` per cell); `Some(None)` when it has no value, `None` when the column is
/// wide or mixes scales (the general pass then decides which of two equal values is kept).
fn narrow_extent(column: &Packed) -> Option<Option<(usize, Decimal, Decimal)>> {
    let mut scale = None;
    let (mut lo, mut hi, mut n) = (i64::MAX, i64::MIN, 0usize);
    for &w in column.narrow_words()? {
        let Some((m, s)) = crate::packed::word_parts(w) else {
            continue;
        };
        if *scale.get_or_insert(s) != s {
            return None;
        }
        lo = lo.min(m);
        hi = hi.max(m);
        n = n.saturating_add(1);
    }
    Some(scale.map(|s| (n, Decimal::new(lo, s), Decimal::new(hi, s))))
}

/// a < b, comparing mantissas when both have one scale (a column's values mostly do).
fn less(a: Decimal, b: Decimal) -> bool {
    if a.scale() == b.scale() {
        a.mantissa() < b.mantissa()
    } else {
        a < b
    }
}

/// What a missing value's policy decided.
enum Fill {
    /// The detail is complete (scored 0, left out, or an error reported).
    Done,
    /// Score this value (a filled mean; None: nothing to score).
    Value(Option<Decimal>),
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
        Some(m) => t!("scoring.misspelt", suggestion = m).into_owned(),
        None => t!(
            "scoring.levels_held",
            levels = crate::lang::quote_list(seen.iter().copied())
        )
        .into_owned(),
    }
}
