//! The compiled f64 plan: its nominal setting ranks exactly like the exact evaluation.

use std::path::{Path, PathBuf};

use cix::robust::{Agg, Assumption, Design, Kind, Norm, Plan};

pub fn plan_of(spec: &str) -> (cix::Loaded, Plan) {
    let l = cix::load(Path::new(spec), None).unwrap();
    let p = Plan::build(&l.model, &l.dataset, &l.results, &l.scoring, &[]).unwrap();
    (l, p)
}

/// Competition ranks of the units that have a total (a unit outside a `sample` has none).
fn exact_ranks(l: &cix::Loaded) -> Vec<u32> {
    let totals: Vec<_> = (0..l.results.units.len())
        .filter_map(|u| l.results.score(u, l.model.total))
        .collect();
    cix::eval::competition_ranks(&totals)
        .into_iter()
        .map(|r| r as u32)
        .collect()
}

fn specs(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            specs(&p, out);
        } else if p.extension().is_some_and(|x| x == "cix") {
            out.push(p);
        }
    }
}

#[test]
fn the_nominal_plan_ranks_like_the_exact_evaluation_on_every_spec_that_runs() {
    let mut all = Vec::new();
    specs(Path::new("examples"), &mut all);
    specs(Path::new("tests/corpus"), &mut all);
    specs(Path::new("tests/answers"), &mut all);
    all.sort();
    let mut checked = 0;
    for spec in &all {
        let Ok(l) = cix::load(spec, None) else {
            continue;
        };
        let p = Plan::build(&l.model, &l.dataset, &l.results, &l.scoring, &[]).unwrap();
        let mut scratch = p.scratch();
        let mut ranks = vec![0; p.units()];
        p.ranks(p.nominal(), &mut scratch, &mut ranks);
        assert_eq!(ranks, exact_ranks(&l), "{}", spec.display());
        checked += 1;
    }
    // The 2015, 2021, raw-scoring examples and a dozen corpus specs at least.
    assert!(checked >= 10, "only {checked} specs ran");
}

#[test]
fn nominal_totals_are_the_exact_totals_in_f64() {
    let (l, p) = plan_of("examples/smart-city-2015/index.cix");
    let mut scratch = p.scratch();
    p.totals(p.nominal(), &mut scratch);
    for (u, t) in p.last_totals(&scratch).iter().enumerate() {
        let exact: f64 = l
            .results
            .score(u, l.model.total)
            .unwrap()
            .try_into()
            .unwrap();
        assert!((t - exact).abs() < 1e-9, "{} {t} {exact}", p.keys[u]);
    }
}

#[test]
fn the_midpoint_of_every_assumption_is_the_nominal_setting() {
    // x = 0.5 leaves every weight as declared, and the first choice of a normalisation or an
    // aggregation is the declared one.
    let (l, p) = plan_of("examples/smart-city-2015/index.cix");
    let d = Design::vary_all_weights(&p, &l.model, 0.25);
    let mut s = p.nominal().clone();
    d.apply(&p, &vec![0.5; d.dims()], &mut s);
    for (a, b) in s.weight.iter().zip(&p.nominal().weight) {
        assert!((a - b).abs() < 1e-12);
    }
    let node = l.model.node("智慧服务").unwrap();
    let d = Design::new(
        &p,
        vec![
            Assumption {
                name: "n".into(),
                kind: Kind::Normalisation {
                    node,
                    choices: vec![Norm::Declared, Norm::Rank],
                },
            },
            Assumption {
                name: "a".into(),
                kind: Kind::Aggregation {
                    node,
                    choices: vec![Agg::Sum, Agg::Geometric],
                },
            },
        ],
    );
    assert_eq!(d.dims(), 2);
    d.apply(&p, &[0.2, 0.2], &mut s);
    assert_eq!(&s, p.nominal());
    d.apply(&p, &[0.7, 0.7], &mut s);
    assert_eq!(s.agg[node], Agg::Geometric);
    assert!(s.norm.contains(&3));
}

#[test]
fn varied_weights_keep_each_parents_points() {
    let (l, p) = plan_of("examples/smart-city-2015/index.cix");
    let d = Design::vary_all_weights(&p, &l.model, 0.25);
    let mut s = p.nominal().clone();
    let x: Vec<f64> = (0..d.dims()).map(|i| (i * 7 % 10) as f64 / 10.0).collect();
    d.apply(&p, &x, &mut s);
    let total = l.model.total;
    for &parent in l.model.primaries.iter().chain([&total]) {
        let kids: f64 = p
            .children(parent)
            .iter()
            .filter(|&&c| p.varies(c))
            .map(|&c| s.weight[c])
            .sum();
        let declared: f64 = p
            .children(parent)
            .iter()
            .filter(|&&c| p.varies(c))
            .map(|&c| p.declared(c))
            .sum();
        let scale = if parent == total {
            1.0
        } else {
            s.weight[parent] / p.declared(parent)
        };
        assert!((kids - declared * scale).abs() < 1e-9, "{parent}");
    }
    assert_ne!(&s, p.nominal());
}

/// The one-pass sum (Σ share × weight, every parent summing and no share missing) gives the
/// totals the tree gives, under varied weights and normalisations, and the same ranks; a spec
/// with capped bonus items, or a geometric mean, takes the tree.
#[test]
fn the_linear_pass_adds_up_to_the_trees_totals() {
    let (l, p) = plan_of("examples/generated-300x60/index.cix");
    let d = Design::vary_all_weights(&p, &l.model, 0.25);
    let mut scratch = p.scratch();
    let mut linear_ranks = vec![0; p.units()];
    let mut tree_ranks = vec![0; p.units()];
    for r in 0..20 {
        let mut s = p.nominal().clone();
        let x: Vec<f64> = (0..d.dims())
            .map(|i| ((i * 7 + r * 3) % 10) as f64 / 10.0)
            .collect();
        d.apply(&p, &x, &mut s);
        if r % 2 == 1 {
            s.norm.iter_mut().for_each(|n| *n = 1);
        }
        assert!(
            p.linear_totals(&s, &mut scratch),
            "run {r} takes the linear pass"
        );
        let linear = p.last_totals(&scratch).to_vec();
        p.tree_totals(&s, &mut scratch);
        let tree = p.last_totals(&scratch).to_vec();
        for (a, b) in linear.iter().zip(&tree) {
            assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
        }
        p.ranks(&s, &mut scratch, &mut linear_ranks);
        p.tree_totals(&s, &mut scratch);
        let mut by_tree: Vec<(usize, f64)> = p
            .last_totals(&scratch)
            .iter()
            .copied()
            .enumerate()
            .collect();
        by_tree.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (pos, (u, _)) in by_tree.iter().enumerate() {
            tree_ranks[*u] = pos as u32 + 1;
        }
        let mismatched = linear_ranks
            .iter()
            .zip(&tree_ranks)
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(mismatched, 0, "run {r}");
    }
    // Geometric means are not linear: the tree computes them.
    let mut s = p.nominal().clone();
    s.agg.iter_mut().for_each(|a| *a = Agg::Geometric);
    assert!(!p.linear_totals(&s, &mut scratch));
    // The 2015 index has capped bonus items: always the tree.
    let (_, p2015) = plan_of("examples/smart-city-2015/index.cix");
    let mut scratch = p2015.scratch();
    assert!(!p2015.linear_totals(p2015.nominal(), &mut scratch));
}
