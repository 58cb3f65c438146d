//! Cronbach's α and the first principal component against tests/oracle/coherence_2015.py.

use crate::plan::plan_of;

#[test]
fn alpha_and_pca_agree_with_an_independent_computation() {
    let (l, _) = plan_of("examples/smart-city-2015/index.cix");
    let all = cix::robust::coherence::coherence(&l.model, &l.results);
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/oracle/coherence-2015.json").unwrap())
            .unwrap();
    for (name, want) in oracle.as_object().unwrap() {
        let id = l.model.node(name).unwrap();
        let c = all.iter().find(|c| c.node == id).unwrap();
        assert!(
            (c.alpha - want["alpha"].as_f64().unwrap()).abs() < 1e-9,
            "{name}"
        );
        assert!((c.eigenvalues[0] - want["lambda1"].as_f64().unwrap()).abs() < 1e-9);
        for (a, b) in c.loadings.iter().zip(want["loadings"].as_array().unwrap()) {
            assert!((a - b.as_f64().unwrap()).abs() < 1e-6, "{name}");
        }
        let k = c.children.len() as f64;
        assert!((c.eigenvalues.iter().sum::<f64>() - k).abs() < 1e-9);
    }
}
