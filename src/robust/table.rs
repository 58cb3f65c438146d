//! The robust stage's answers as tables ([`Output`]), for the CLI and the REPL alike.

use super::uncertainty::RankStats;
use crate::model::Model;
use crate::output::{Cell, Output};

/// Rank intervals: the key column, `nominal`, `median`, `p5`, `p95`, `mean`, one row per unit in
/// `stats` order, with notes saying what varied and the percentile convention.
pub fn rank_intervals(
    model: &Model,
    keys: &[String],
    stats: &[RankStats],
    what: &str,
    runs: usize,
    seed: u64,
) -> Output {
    let mut out = Output::new(
        [
            model.key.node.as_str(),
            "nominal",
            "median",
            "p5",
            "p95",
            "mean",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    for s in stats {
        out.rows.push(vec![
            Cell::Text(keys.get(s.unit).cloned().unwrap_or_default()),
            Cell::Int(i64::from(s.nominal)),
            Cell::Int(i64::from(s.median)),
            Cell::Int(i64::from(s.p5)),
            Cell::Int(i64::from(s.p95)),
            Cell::Float(s.mean, 2),
        ]);
    }
    out.notes.push(format!(
        "ranks of {} over {runs} replications (seed {seed}): {what}",
        model.total_name()
    ));
    out.notes.push(
        "p5, median, p95: nearest-rank percentiles (the smallest rank reached or bettered in at least 5%, 50%, 95% of the replications)"
            .to_string(),
    );
    out
}
