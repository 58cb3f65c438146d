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
    out.notes.push(
        t!(
            "robust.ranks_note",
            total = model.total_name(),
            runs = runs,
            seed = seed,
            what = what
        )
        .into_owned(),
    );
    out.notes.push(t!("robust.percentiles_note").into_owned());
    out
}

/// The spec's declared assumptions in words: `支柱权重 (weights of 总分 ±25%); 标准化
/// (normalisation under 总分: minmax, zscore, rank)`.
pub fn describe(model: &Model, assumed: &[crate::model::uncertainty::Assumed]) -> String {
    use crate::model::uncertainty::{Dist, AGG_WORDS, MISSING_WORDS, NORM_WORDS};
    // The spec's words for the choices: as written in English, in backticks in Chinese.
    fn words<T: PartialEq>(table: &[(&str, T)], chosen: &[T]) -> String {
        let zh = crate::lang::current() == crate::lang::Lang::Zh;
        chosen
            .iter()
            .filter_map(|c| table.iter().find(|(_, t)| t == c).map(|(w, _)| *w))
            .map(|w| if zh { format!("`{w}`") } else { w.to_string() })
            .collect::<Vec<_>>()
            .join(crate::lang::list_separator())
    }
    assumed
        .iter()
        .map(|a| {
            let node = model.name_of(a.node);
            let how = match &a.dist {
                Dist::Vary(p) => t!(
                    "robust.vary",
                    node = node,
                    pct = p
                        .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
                        .unwrap_or_default()
                        .normalize()
                ),
                Dist::Sets(s) => t!("robust.sets", node = node, n = s.len()),
                Dist::Normalisation(c) => {
                    t!(
                        "robust.normalisation",
                        node = node,
                        choices = words(NORM_WORDS, c)
                    )
                }
                Dist::Missing(c) => {
                    t!(
                        "robust.missing",
                        node = node,
                        choices = words(MISSING_WORDS, c)
                    )
                }
                Dist::Treatment => t!("robust.treatment", node = node),
                Dist::Aggregation(c) => {
                    t!(
                        "robust.aggregation",
                        node = node,
                        choices = words(AGG_WORDS, c)
                    )
                }
            };
            t!("robust.assumption", name = &a.name, how = how).into_owned()
        })
        .collect::<Vec<_>>()
        .join(&t!("robust.semicolon"))
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
    out.title = Some(t!("robust.sobol_title").into_owned());
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
    out.notes.push(
        t!(
            "robust.sobol_note",
            rows = rows,
            k = design.assumptions.len()
        )
        .into_owned(),
    );
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
    out.title = Some(t!("robust.removed_title").into_owned());
    for r in removed {
        let level = model.nodes.get(r.node).map_or(0, |n| n.level);
        out.rows.push(vec![
            Cell::Tree(model.name_of(r.node).to_string(), level.saturating_sub(1)),
            Cell::Float(r.mean_shift, 2),
            Cell::Int(i64::from(r.max_shift)),
        ]);
    }
    out.notes.push(t!("robust.removed_note").into_owned());
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
                let r = format!("{r:.2}");
                flags.push(t!("robust.negative", name = model.name_of(ch), r = r).into_owned());
            } else if r < 0.3 {
                let r = format!("{r:.2}");
                flags.push(t!("robust.weak", name = model.name_of(ch), r = r).into_owned());
            }
        }
        for &(a, b, r) in &c.collinear {
            let (a, b, r) = (model.name_of(a), model.name_of(b), format!("{r:.2}"));
            flags.push(t!("robust.collinear", a = a, b = b, r = r).into_owned());
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
            Cell::Text(flags.join(&t!("robust.semicolon"))),
        ]);
    }
    out.notes.push(t!("robust.coherence_note").into_owned());
    out
}
