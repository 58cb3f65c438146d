//! Imputation per declared group (`missing mean|median per GROUP`): the group resolved by check,
//! members filled from the group's observed values, a unit outside the group from every unit's,
//! and the errors (unknown name with "did you mean", a group chosen by scores).

fn spec(missing: &str, groups: &str) -> Result<cix::Loaded, String> {
    let dir = crate::common::temp_dir(&format!(
        "impute-more-{}",
        missing.replace(' ', "-").replace(['[', ']', ','], "")
    ));
    // x: a 1, b 2, c 10, d —, e 4, f 6, g —, h 7.
    // 沿海 = [a, b, c, d]: mean (1 + 2 + 10) / 3 = 13/3, median 2.
    // 西部 = region in [西]: e, f, g (4, 6, —): mean 5, median 5.
    // every unit: 1, 2, 4, 6, 7, 10: mean 30/6 = 5, median (4 + 6) / 2 = 5.
    std::fs::write(
        dir.join("d.csv"),
        "unit,region,x\na,东,1\nb,东,2\nc,东,10\nd,东,\ne,西,4\nf,西,6\ng,西,\nh,南,7\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("t.cix"),
        format!("index \"t\" {{\n  data \"d.csv\" key unit\n  attributes region\n  indicator x 10 {{ score given 0-10 missing {missing} }}\n  total 总分\n{groups}}}\n"),
    )
    .unwrap();
    cix::load(&dir.join("t.cix"), None).map_err(|e| cix::diag::render_plain(&e.0))
}

const GROUPS: &str = "  group 沿海 = [a, b, c, d]\n  group 西部 = region in [西]\n";

fn score(l: &cix::Loaded, u: &str) -> String {
    let x = l.model.node("x").unwrap();
    l.results
        .score(l.results.unit(u).unwrap(), x)
        .unwrap()
        .normalize()
        .to_string()
}

#[test]
fn mean_per_declared_list_group() {
    let l = spec("mean per 沿海", GROUPS).unwrap();
    let x = l.model.node("x").unwrap();
    // Resolved by check into the group's index; no attribute.
    assert_eq!(l.model.nodes[x].scoring.impute_group, Some(0));
    assert_eq!(l.model.nodes[x].scoring.impute_per, None);
    assert!(score(&l, "d").starts_with("4.333333"), "{}", score(&l, "d"));
    // g is not in 沿海: the mean of every unit, 30 / 6 = 5.
    assert_eq!(score(&l, "g"), "5");
}

#[test]
fn median_per_group_chosen_by_attributes() {
    let l = spec("median per 西部", GROUPS).unwrap();
    let x = l.model.node("x").unwrap();
    assert_eq!(l.model.nodes[x].scoring.impute_group, Some(1));
    // g is in 西部: median of 4, 6 = 5; d is not: median of every unit = 5 too, so check
    // the note says which pool was used.
    assert_eq!(score(&l, "g"), "5");
    let g = cix::explain::explain(&l.model, &l.dataset, &l.results, &l.scoring, "g", None).unwrap();
    let text = format!("{:?}", g.rows);
    assert!(text.contains("missing → median of 西部 (5)"), "{text}");
    let d = cix::explain::explain(&l.model, &l.dataset, &l.results, &l.scoring, "d", None).unwrap();
    let text = format!("{:?}", d.rows);
    assert!(
        text.contains("missing → sample median (5), as it is not in 西部"),
        "{text}"
    );
    assert_eq!(
        l.results.inputs.imputed(l.results.unit("g").unwrap(), x),
        Some("median per 西部")
    );
}

#[test]
fn median_per_list_group_differs_from_overall() {
    // 沿海's median is 2, every unit's 5.
    let l = spec("median per 沿海", GROUPS).unwrap();
    assert_eq!((score(&l, "d"), score(&l, "g")), ("2".into(), "5".into()));
}

#[test]
fn attribute_wins_over_nothing_and_still_works() {
    let l = spec("mean per region", GROUPS).unwrap();
    let x = l.model.node("x").unwrap();
    assert_eq!(l.model.nodes[x].scoring.impute_per, Some(0));
    assert_eq!(l.model.nodes[x].scoring.impute_group, None);
    assert_eq!(score(&l, "g"), "5");
}

#[test]
fn unknown_group_has_did_you_mean() {
    let text = spec("mean per 沿海地区", GROUPS).err().unwrap();
    assert!(
        text.contains("E104")
            && text.contains("unknown attribute or group")
            && text.contains("沿海"),
        "{text}"
    );
}

#[test]
fn group_chosen_by_scores_is_refused() {
    let text = spec(
        "mean per 高分",
        &format!("{GROUPS}  group 高分 = 总分 >= 5\n"),
    )
    .err()
    .unwrap();
    assert!(text.contains("E423") && text.contains("高分"), "{text}");
}

#[test]
fn empty_group_pool_is_a_located_error() {
    // Every member of 空 is missing: nothing to take the mean of.
    let text = spec("mean per 空", "  group 空 = [d, g]\n").err().unwrap();
    assert!(
        text.contains("E407") && text.contains("no other unit of 空 has a value"),
        "{text}"
    );
}
