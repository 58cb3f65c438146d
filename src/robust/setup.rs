//! What `cix uncertainty`, `cix sensitivity` and the REPL's `uncertainty …` vary: the spec's
//! declared assumptions, or every weight ±P% (`--vary-weights`, or 25% when the spec declares
//! none) beside the spec's other assumptions; the plan built for them; the runs and the seed
//! (the command's, else the spec's, else the default).

use super::assume::{declared_assumptions, Design, Kind};
use super::plan::Plan;
use crate::data::Dataset;
use crate::diag::Diags;
use crate::eval::Results;
use crate::model::Model;
use crate::scoring::Scoring;

/// A plan, a design and what they vary, in words.
pub struct Setup {
    pub plan: Plan,
    pub design: Design,
    pub what: String,
    pub runs: usize,
    pub seed: u64,
}

/// What a command asks for: runs, seed and `--vary-weights` (a percentage), each `None` when
/// not given.
#[derive(Clone, Copy, Debug, Default)]
pub struct Asked {
    pub runs: Option<usize>,
    pub seed: Option<u64>,
    pub vary: Option<f64>,
    /// The runs when neither the command nor the spec says.
    pub default_runs: usize,
}

impl Setup {
    pub fn new(
        model: &Model,
        data: &Dataset,
        results: &Results,
        scoring: &Scoring,
        asked: Asked,
    ) -> Result<Setup, Diags> {
        let declared = declared_assumptions(model);
        let (assumptions, what) = match (asked.vary, declared.is_empty()) {
            (None, false) => {
                let what = super::table::describe(model, &model.uncertainty.assumptions);
                (declared, what)
            }
            (pct, _) => {
                let pct = pct.unwrap_or(25.0);
                // The weights of every parent, found on a plan without variants.
                let bare = Plan::build(model, data, results, scoring, &[])?;
                let mut all = Design::vary_all_weights(&bare, model, pct / 100.0).assumptions;
                let kept: Vec<_> = declared
                    .into_iter()
                    .filter(|a| !matches!(a.kind, Kind::Weights { .. } | Kind::WeightSets { .. }))
                    .collect();
                let mut what = t!("robust.vary_all", pct = trim(pct)).into_owned();
                if !kept.is_empty() {
                    what.push_str(&t!("robust.and_others"));
                }
                all.extend(kept);
                (all, what)
            }
        };
        let plan = Plan::build(model, data, results, scoring, &assumptions)?;
        let design = Design::new(&plan, assumptions);
        let u = &model.uncertainty;
        Ok(Setup {
            plan,
            design,
            what,
            runs: asked.runs.or(u.runs).unwrap_or(asked.default_runs),
            seed: asked.seed.or(u.seed).unwrap_or(1),
        })
    }
}

/// A number without trailing zeros (25, 12.5).
pub fn trim(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Rank intervals under the spec's assumptions (its runs and seed, else 1,000 and 1), kept to
/// answer `uncertainty of …` and `uncertainty top N` (the REPL computes them once a session).
pub struct Intervals {
    pub keys: Vec<String>,
    pub stats: Vec<super::RankStats>,
    pub what: String,
    pub runs: usize,
    pub seed: u64,
}

impl Intervals {
    pub fn compute(
        model: &Model,
        data: &Dataset,
        results: &Results,
        scoring: &Scoring,
    ) -> Result<Intervals, Diags> {
        let asked = Asked {
            default_runs: 1000,
            ..Asked::default()
        };
        let s = Setup::new(model, data, results, scoring, asked)?;
        let stats = super::rank_intervals(&s.plan, &s.design, s.runs, s.seed, &|_| {});
        Ok(Intervals {
            keys: s.plan.keys,
            stats,
            what: s.what,
            runs: s.runs,
            seed: s.seed,
        })
    }

    /// The rows of the units asked for (in the order named), or of those ranked N or better.
    pub fn answer(
        &self,
        model: &Model,
        ask: &crate::syntax::uncertainty::Ask,
        source: &crate::source::Source,
    ) -> Result<crate::output::Output, Diags> {
        use crate::syntax::uncertainty::Ask;
        let rows: Vec<super::RankStats> = match ask {
            Ask::Top(n) => self
                .stats
                .iter()
                .filter(|s| usize::try_from(s.nominal).is_ok_and(|r| r <= n.node))
                .cloned()
                .collect(),
            Ask::Of(names) => {
                let keys: Vec<&str> = self.keys.iter().map(String::as_str).collect();
                let mut diags = Diags::new();
                let mut rows = Vec::new();
                for name in names {
                    let found = keys
                        .iter()
                        .position(|k| *k == name.node)
                        .and_then(|u| self.stats.iter().find(|s| s.unit == u));
                    match found {
                        Some(s) => rows.push(s.clone()),
                        None => {
                            let what = t!("robust.what_unit");
                            diags.push(crate::check::names::unknown(source, name, &what, &keys))
                        }
                    }
                }
                if diags.has_errors() {
                    return Err(diags);
                }
                rows
            }
        };
        Ok(super::table::rank_intervals(
            model, &self.keys, &rows, &self.what, self.runs, self.seed,
        ))
    }
}
