//! The errors of chapter 6, located and coded.

const CSV: &str = "国家,x,y\nA,1,2\nB,3,4\nC,0,5\n";

fn error_of(name: &str, body: &str) -> String {
    let spec = format!("index \"错\" {{\n  data \"d.csv\" key 国家\n{body}\n  total 总分\n}}\n");
    match crate::load_text(name, &spec, CSV) {
        Ok(_) => panic!("{name}: no error"),
        Err(e) => e,
    }
}

#[test]
fn a_reference_unit_not_in_the_data_says_did_you_mean() {
    let e = error_of(
        "ref",
        "  indicator x 10 { score reference B1 }\n  indicator y 10",
    );
    assert!(
        e.contains("E440") && e.contains("`B1`") && e.contains("did you mean `B`"),
        "{e}"
    );
}

#[test]
fn a_reference_unit_with_zero_is_a_cell_error() {
    let e = error_of(
        "ref0",
        "  indicator x 10 { score reference C }\n  indicator y 10",
    );
    assert!(
        e.contains("E440") && e.contains("reference unit `C` has 0"),
        "{e}"
    );
    assert!(e.contains("d.csv:4"), "located at the cell: {e}");
}

#[test]
fn a_target_at_the_sample_minimum_is_an_error() {
    let e = error_of(
        "target",
        "  indicator x 10 { score target 0 }\n  indicator y 10",
    );
    assert!(
        e.contains("E440") && e.contains("the target 0 equals the lowest value"),
        "{e}"
    );
}

#[test]
fn power_zero_and_harmonic_over_zero() {
    let e = error_of(
        "power0",
        "  indicator 甲 20 { aggregate power 0  x 10  y 10 }",
    );
    assert!(
        e.contains("E440") && e.contains("power other than 0"),
        "{e}"
    );
    let e = error_of(
        "harmonic0",
        "  indicator 甲 20 { aggregate harmonic  x 10 { score minmax }  y 10 }",
    );
    assert!(
        e.contains("E441") && e.contains("harmonic mean of `甲` is undefined"),
        "{e}"
    );
}

#[test]
fn relative_weights_on_a_leaf_are_misplaced() {
    let e = error_of(
        "relative-leaf",
        "  indicator x 10 { weights relative }\n  indicator y 10",
    );
    assert!(e.contains("E401") && e.contains("is a leaf"), "{e}");
}
