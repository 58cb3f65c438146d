//! Coherence, the JRC's step before sensitivity: for each parent with two children or more,
//! over the units that have a score at every child, Cronbach's α of the children; a principal
//! component analysis of their correlation matrix (eigenvalues by the cyclic Jacobi method —
//! exact to rounding for a symmetric matrix this small, with no dependency); each child's
//! correlation with its parent; flags for a child correlating negatively or weakly (r < 0.3)
//! with its parent, and for two children above r = 0.92 ("collinear").
//!
//! Conventions: α = k/(k−1) · (1 − Σ var(childᵢ) / var(Σ children)), sample variances (the ratio
//! is the same with population ones); loadings = first eigenvector × √λ₁, signed so that they
//! sum to a positive number; Pearson correlations.

use crate::eval::Results;
use crate::model::{Model, NodeId};

/// One parent's coherence.
#[derive(Clone, Debug, PartialEq)]
pub struct Coherence {
    pub node: NodeId,
    pub children: Vec<NodeId>,
    /// The units used (with a score at every child).
    pub n: usize,
    pub alpha: f64,
    /// Eigenvalues of the children's correlation matrix, largest first.
    pub eigenvalues: Vec<f64>,
    /// First-component loadings, in the children's order.
    pub loadings: Vec<f64>,
    /// Each child's correlation with the parent.
    pub with_parent: Vec<f64>,
    /// (child, child, r) for every pair above 0.92.
    pub collinear: Vec<(NodeId, NodeId, f64)>,
}

/// Every parent with two children or more, in model order.
pub fn coherence(model: &Model, results: &Results) -> Vec<Coherence> {
    (0..model.nodes.len())
        .filter_map(|id| {
            let children = model.nodes.get(id)?.children.clone();
            (children.len() >= 2).then(|| one(model, results, id, children))
        })
        .collect()
}

// Every index is below k, the side of the matrices built here.
#[allow(clippy::indexing_slicing)]
fn one(_model: &Model, results: &Results, node: NodeId, children: Vec<NodeId>) -> Coherence {
    let k = children.len();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); k.saturating_add(1)];
    for u in 0..results.units.len() {
        let row: Option<Vec<f64>> = children
            .iter()
            .chain([&node])
            .map(|&c| results.score(u, c).and_then(|d| f64::try_from(d).ok()))
            .collect();
        if let Some(row) = row {
            for (col, v) in cols.iter_mut().zip(row) {
                col.push(v);
            }
        }
    }
    let n = cols.first().map_or(0, Vec::len);
    let parent = cols.pop().unwrap_or_default();
    let sum: Vec<f64> = (0..n)
        .map(|u| cols.iter().map(|c| c.get(u).copied().unwrap_or(0.0)).sum())
        .collect();
    let kf = k as f64;
    let alpha =
        kf / (kf - 1.0) * (1.0 - cols.iter().map(|c| variance(c)).sum::<f64>() / variance(&sum));
    let mut r = vec![vec![0.0; k]; k];
    let mut collinear = Vec::new();
    for i in 0..k {
        for j in 0..k {
            let v = if i == j {
                1.0
            } else {
                pearson(&cols[i], &cols[j])
            };
            r[i][j] = v;
            if i < j && v > 0.92 {
                collinear.push((children[i], children[j], v));
            }
        }
    }
    let (eigenvalues, first) = jacobi(r);
    let l1 = eigenvalues.first().copied().unwrap_or(0.0).max(0.0).sqrt();
    let sign = if first.iter().sum::<f64>() < 0.0 {
        -1.0
    } else {
        1.0
    };
    Coherence {
        node,
        n,
        alpha,
        loadings: first.iter().map(|v| v * l1 * sign).collect(),
        eigenvalues,
        with_parent: cols.iter().map(|c| pearson(c, &parent)).collect(),
        collinear,
        children,
    }
}

/// Sample variance (n − 1); 0 below two values.
fn variance(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mean = v.iter().sum::<f64>() / n;
    v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
}

/// Pearson's r (NaN when either side does not vary).
fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len()) as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    sab / (saa * sbb).sqrt()
}

/// Eigenvalues of a symmetric matrix (largest first) and the eigenvector of the largest, by
/// cyclic Jacobi rotations (at most 100 sweeps; converges quadratically). NaN entries (a child
/// that does not vary) are read as 0.
// Every index is below k, the side of the square matrix.
#[allow(clippy::indexing_slicing, clippy::needless_range_loop)]
fn jacobi(mut a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<f64>) {
    let k = a.len();
    for row in &mut a {
        for v in row.iter_mut().filter(|v| v.is_nan()) {
            *v = 0.0;
        }
    }
    let mut v: Vec<Vec<f64>> = (0..k)
        .map(|i| (0..k).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    for _ in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j].powi(2))
            .sum();
        if off < 1e-22 {
            break;
        }
        for p in 0..k {
            for q in p.saturating_add(1)..k {
                if a[p][q].abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in a.iter_mut() {
                    let (arp, arq) = (row[p], row[q]);
                    row[p] = c * arp - s * arq;
                    row[q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p][r], a[q][r]);
                    a[p][r] = c * apr - s * aqr;
                    a[q][r] = s * apr + c * aqr;
                }
                for row in v.iter_mut() {
                    let (vrp, vrq) = (row[p], row[q]);
                    row[p] = c * vrp - s * vrq;
                    row[q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&i, &j| a[j][j].total_cmp(&a[i][i]));
    let values = order.iter().map(|&i| a[i][i]).collect();
    let first = order
        .first()
        .map(|&c| (0..k).map(|r| v[r][c]).collect())
        .unwrap_or_default();
    (values, first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_on_a_known_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, first eigenvector (1, 1)/√2.
        let (values, first) = jacobi(vec![vec![2.0, 1.0], vec![1.0, 2.0]]);
        assert!((values[0] - 3.0).abs() < 1e-12 && (values[1] - 1.0).abs() < 1e-12);
        assert!((first[0].abs() - 0.5f64.sqrt()).abs() < 1e-12);
    }
}
