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

/// The spec's declared assumptions in words: `支柱权重 (weights of 总分 ±25%); 标准化
/// (normalisation under 总分: minmax, zscore, rank)`.
pub fn describe(model: &Model, assumed: &[crate::model::uncertainty::Assumed]) -> String {
    use crate::model::uncertainty::{Dist, AGG_WORDS, MISSING_WORDS, NORM_WORDS};
    fn words<T: PartialEq>(table: &[(&str, T)], chosen: &[T]) -> String {
        chosen
            .iter()
            .filter_map(|c| table.iter().find(|(_, t)| t == c).map(|(w, _)| *w))
            .collect::<Vec<_>>()
            .join(", ")
    }
    assumed
        .iter()
        .map(|a| {
            let node = model.name_of(a.node);
            let how = match &a.dist {
                Dist::Vary(p) => format!(
                    "weights of {node} ±{}%",
                    p.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
                        .unwrap_or_default()
                        .normalize()
                ),
                Dist::Sets(s) => format!("weights of {node}: one of {} sets", s.len()),
                Dist::Normalisation(c) => {
                    format!("normalisation under {node}: {}", words(NORM_WORDS, c))
                }
                Dist::Missing(c) => {
                    format!("missing values under {node}: {}", words(MISSING_WORDS, c))
                }
                Dist::Treatment => format!("treatment under {node}: on, off"),
                Dist::Aggregation(c) => {
                    format!("aggregation under {node}: {}", words(AGG_WORDS, c))
                }
            };
            format!("{} ({how})", a.name)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Sobol indices, one row per assumption: `assumption`, `S1` with its interval, `ST` with its.
pub fn sobol(design: &super::Design, indices: &[super::sobol::Indices], rows: usize) -> Output {
    let mut out = Output::new(
        [
            "assumption",
            "S1",
            "S1 low",
            "S1 high",
            "ST",
            "ST low",
            "ST high",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    out.title = Some("Sobol indices on the mean absolute rank shift".to_string());
    for (a, i) in design.assumptions.iter().zip(indices) {
        out.rows.push(vec![
            Cell::Text(a.name.clone()),
            Cell::Float(i.first, 3),
            Cell::Float(i.first_ci.0, 3),
            Cell::Float(i.first_ci.1, 3),
            Cell::Float(i.total, 3),
            Cell::Float(i.total_ci.0, 3),
            Cell::Float(i.total_ci.1, 3),
        ]);
    }
    out.notes.push(format!(
        "Saltelli sampling, {rows} rows × ({} + 2) evaluations; Jansen estimators; low, high: 95% bootstrap interval (200 resamples)",
        design.assumptions.len()
    ));
    out
}

/// "Remove one": `indicator` (indented by level), `mean shift`, `max shift`.
pub fn removed(model: &Model, removed: &[super::sensitivity::Removed]) -> Output {
    let mut out = Output::new(
        ["indicator", "mean shift", "max shift"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    out.title = Some("Remove one: the ranking without each indicator".to_string());
    for r in removed {
        let level = model.nodes.get(r.node).map_or(0, |n| n.level);
        out.rows.push(vec![
            Cell::Tree(model.name_of(r.node).to_string(), level.saturating_sub(1)),
            Cell::Float(r.mean_shift, 2),
            Cell::Int(i64::from(r.max_shift)),
        ]);
    }
    out.notes.push(
        "mean shift: the mean over units of |rank without the indicator − nominal rank|; its siblings re-weighted to keep their parent's points"
            .to_string(),
    );
    out
}

/// Coherence, one row per parent: `indicator`, `children`, `n`, `alpha`, `λ1`, `explained`
/// (λ₁ ÷ children), `loadings` and `flags` (children correlating negatively or weakly with the
/// parent, collinear pairs).
pub fn coherence(model: &Model, all: &[super::coherence::Coherence]) -> Output {
    let mut out = Output::new(
        [
            "indicator",
            "children",
            "n",
            "alpha",
            "λ1",
            "explained",
            "loadings",
            "flags",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    for c in all {
        let mut flags: Vec<String> = Vec::new();
        for (&ch, &r) in c.children.iter().zip(&c.with_parent) {
            if r < 0.0 {
                flags.push(format!("{} negative (r = {r:.2})", model.name_of(ch)));
            } else if r < 0.3 {
                flags.push(format!("{} weak (r = {r:.2})", model.name_of(ch)));
            }
        }
        for &(a, b, r) in &c.collinear {
            flags.push(format!(
                "{} ~ {} collinear (r = {r:.2})",
                model.name_of(a),
                model.name_of(b)
            ));
        }
        let k = c.children.len() as f64;
        let l1 = c.eigenvalues.first().copied().unwrap_or(f64::NAN);
        out.rows.push(vec![
            Cell::Text(model.name_of(c.node).to_string()),
            Cell::Int(i64::try_from(c.children.len()).unwrap_or(i64::MAX)),
            Cell::Int(i64::try_from(c.n).unwrap_or(i64::MAX)),
            Cell::Float(c.alpha, 3),
            Cell::Float(l1, 3),
            Cell::Float(l1 / k, 3),
            Cell::Text(
                c.loadings
                    .iter()
                    .map(|v| format!("{v:.2}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Cell::Text(flags.join("; ")),
        ]);
    }
    out.notes.push("alpha: Cronbach's α (sample variances); λ1: the largest eigenvalue of the children's correlation matrix (Jacobi); explained: λ1 ÷ children; loadings: first component × √λ1, in the children's order; flags: r with the parent below 0 (negative) or 0.3 (weak), two children above 0.92 (collinear)".to_string());
    out
}
