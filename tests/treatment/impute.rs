//! Imputation: `missing median`, `missing median per ATTR` (the attribute resolved by check),
//! and the marks on imputed cells.

fn load(missing: &str) -> cix::Loaded {
    let dir = crate::common::temp_dir(&format!("impute-{}", missing.replace(' ', "-")));
    // x by region: 东 1, 2, 10, —; 西 4, 6, —. Medians: all 1, 2, 4, 6, 10 → 4; 东 → 2; 西 → 5.
    std::fs::write(
        dir.join("d.csv"),
        "unit,region,x\na,东,1\nb,东,2\nc,东,10\nd,东,\ne,西,4\nf,西,6\ng,西,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("t.cix"),
        format!("index \"t\" {{\n  data \"d.csv\" key unit\n  attributes region\n  indicator x 10 {{ score given 0-10 missing {missing} }}\n  total 总分\n}}\n"),
    )
    .unwrap();
    match cix::load(&dir.join("t.cix"), None) {
        Ok(l) => l,
        Err(e) => panic!("{}", cix::diag::render_plain(&e.0)),
    }
}

fn score(l: &cix::Loaded, u: &str) -> String {
    let x = l.model.node("x").unwrap();
    l.results
        .score(l.results.unit(u).unwrap(), x)
        .unwrap()
        .normalize()
        .to_string()
}

#[test]
fn median_of_every_unit() {
    let l = load("median");
    assert_eq!((score(&l, "d"), score(&l, "g")), ("4".into(), "4".into()));
}

#[test]
fn median_per_attribute() {
    let l = load("median per region");
    assert_eq!((score(&l, "d"), score(&l, "g")), ("2".into(), "5".into()));
    // check resolved the attribute: scoring reads its index.
    let x = l.model.node("x").unwrap();
    assert_eq!(l.model.nodes[x].scoring.impute_per, Some(0));
}

#[test]
fn mean_per_attribute_still_works() {
    // 东: (1 + 2 + 10) / 3 = 13/3; 西: 5.
    let l = load("mean per region");
    assert_eq!(score(&l, "g"), "5");
    assert!(score(&l, "d").starts_with("4.333333"));
}

#[test]
fn unknown_attribute_has_did_you_mean() {
    let dir = crate::common::temp_dir("impute-unknown");
    std::fs::write(dir.join("d.csv"), "unit,region,x\na,东,1\nb,东,\n").unwrap();
    std::fs::write(
        dir.join("t.cix"),
        "index \"t\" {\n  data \"d.csv\" key unit\n  attributes region\n  indicator x 10 { missing median per regoin }\n  total 总分\n}\n",
    )
    .unwrap();
    let e = cix::load(&dir.join("t.cix"), None).err().unwrap();
    let text = cix::diag::render_plain(&e.0);
    assert!(text.contains("E104") && text.contains("region"), "{text}");
}

#[test]
fn imputed_cells_are_marked() {
    let l = load("median per region");
    let out =
        cix::explain::explain(&l.model, &l.dataset, &l.results, &l.scoring, "g", None).unwrap();
    let text = format!("{:?}", out.rows);
    assert!(
        text.contains("missing → median of its region (5)"),
        "{text}"
    );
    assert_eq!(
        l.results
            .inputs
            .imputed(l.results.unit("g").unwrap(), l.model.node("x").unwrap()),
        Some("median per region")
    );
}
