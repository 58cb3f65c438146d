//! Claims files: the grammar (full-width forms, quotes, comments, `%` precision, `~ ± tol`),
//! located errors, and the verdict rules.

use cix::audit::{self, Verdict};
use cix::source::Source;
use cix::syntax::parse_claims;
use cix::syntax::scalar::ClaimOp;
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::y2015;

fn verdicts(text: &str) -> Vec<(String, Verdict)> {
    let source = Source::new("claims.cix", text.to_string());
    let claims = parse_claims(&source).unwrap();
    let l = y2015();
    audit::audit(&l.model, &l.results, l.bounds.as_ref(), claims, &source)
        .into_iter()
        .map(|c| (c.claim.id.node, c.verdict))
        .collect()
}

#[test]
fn claims_parse_with_full_width_forms_and_comments() {
    let text = "# a comment\nS1 \"各城市平均得分为40.05分\": mean 总分 = 40.05  # trailing\n\
                S2 “华南”：rate 总分 in 华南 ＝ 44.15％\nS3: count where 总分 >= 60 ≥ 12\n\
                S4: share where 总分 >= 40 ～ 50% ± 15%\nS5: max 总分 ≤ 80.21\n";
    let source = Source::new("c", text.to_string());
    let claims = parse_claims(&source).unwrap();
    assert_eq!(claims.len(), 5);
    assert_eq!(claims[0].quote.as_deref(), Some("各城市平均得分为40.05分"));
    assert_eq!(claims[0].text, "mean 总分 = 40.05");
    assert_eq!(claims[1].quote.as_deref(), Some("华南"));
    let s = &claims[1].stated.node;
    assert!(s.percent);
    assert_eq!(s.value, Decimal::from_str("0.4415").unwrap());
    assert_eq!(s.decimals, 4);
    assert_eq!(claims[2].op, ClaimOp::Ge);
    assert_eq!(claims[3].op, ClaimOp::About);
    assert_eq!(
        claims[3].tolerance.as_ref().unwrap().node.value,
        Decimal::from_str("0.15").unwrap()
    );
    assert_eq!(claims[4].op, ClaimOp::Le);
}

#[test]
fn verdict_rules() {
    let got = verdicts(
        "a: mean 总分 = 40.05\n\
         b: mean 总分 = 40.1\n\
         c: mean 总分 = 40.10\n\
         d: mean 总分 = 41\n\
         e: mean 总分 > 40.1\n\
         f: mean 总分 > 40.2\n\
         g: share where 总分 >= 40 ~ 45%\n\
         h: share where 总分 >= 40 ~ 45% ± 3%\n\
         i: share where 总分 >= 50 and 总分 < 60 = 11%\n\
         j: share where 总分 >= 50 and 总分 < 60 = 10%\n\
         k: count level 2 = 15\n\
         l: mean 总份 = 1\n\
         a: count = 151\n",
    );
    let want = [
        ("a", Verdict::Match),
        // 40.0515 → 40.1 at one decimal.
        ("b", Verdict::Match),
        // 40.10 means two decimals: 40.05 ≠ 40.10, and [39.97, 40.14] reaches 40.095.
        ("c", Verdict::Rounding),
        ("d", Verdict::Mismatch),
        // 40.0515 > 40.1 is false, but the high end 40.136 is above.
        ("e", Verdict::Rounding),
        ("f", Verdict::Mismatch),
        // 61 of 151 = 40.4% (60 to 62 possible): within 15% of 45% (38.25–51.75), not within ± 3%.
        ("g", Verdict::Match),
        ("h", Verdict::Mismatch),
        // 16 of 151 = 10.6% → 11%; 17 of 151 is possible, 15 is not.
        ("i", Verdict::Match),
        ("j", Verdict::Mismatch),
        ("k", Verdict::Mismatch),
        ("l", Verdict::Error),
        // An ID given twice (E902).
        ("a", Verdict::Error),
    ];
    let want: Vec<(String, Verdict)> = want.iter().map(|(i, v)| (i.to_string(), *v)).collect();
    assert_eq!(got, want);
}

#[test]
fn a_syntax_error_is_located_with_did_you_mean() {
    let source = Source::new(
        "claims.cix",
        "S1: mean 总分 = 40.05\nS2: maen 总分 = 3\n".to_string(),
    );
    let e = parse_claims(&source).unwrap_err();
    assert_eq!(e.code.id, "E901");
    let text = cix::diag::render_plain(&[e]);
    assert!(text.contains("claims.cix:2:"), "{text}");
    let source = Source::new("claims.cix", "S1 mean 总分 = 40.05\n".to_string());
    assert_eq!(parse_claims(&source).unwrap_err().code.id, "E901");
    // An unknown name: the check's own code, with did you mean, located in the claims file.
    let source = Source::new("claims.cix", "S1: rate 总分 in 华冬 = 40%\n".to_string());
    let claims = parse_claims(&source).unwrap();
    let l = y2015();
    let c = audit::audit(&l.model, &l.results, l.bounds.as_ref(), claims, &source);
    let text = cix::diag::render_plain(&c[0].error.as_ref().unwrap().0);
    assert!(
        text.contains("claims.cix:1:16") && text.contains("华东"),
        "{text}"
    );
}

#[test]
fn the_manuals_claims_print_what_it_shows() {
    let md = std::fs::read_to_string("docs/language.md").unwrap();
    let bs = crate::common::blocks(&md);
    let mut n = 0;
    for (i, (info, body, line)) in bs.iter().enumerate() {
        if info != "cix-claims" {
            continue;
        }
        n += 1;
        let (next, expected, _) = &bs[i + 1];
        assert_eq!(
            next, "text",
            "claims at line {line} need a ```text block after them"
        );
        let source = Source::new(format!("docs/language.md:{line}"), body.clone());
        let claims = parse_claims(&source).unwrap();
        let l = y2015();
        let checked = audit::audit(&l.model, &l.results, l.bounds.as_ref(), claims, &source);
        let got = cix::report::render(&audit::table(&checked), cix::report::Format::Table);
        assert_eq!(&got, expected, "docs/language.md line {line}");
    }
    assert!(n >= 1);
}

#[test]
fn every_prefix_of_a_claims_file_parses_or_fails_cleanly() {
    // Never a panic: each prefix parses (and is audited) or is a located error.
    let text = "# c\nS1 \"引\": mean 总分 in 华东 where 总分 >= 40 and 区域 != 华南 = 45.2\n\
                S2：round(rate 总分 in 省会, 4) * 100 - (count level 2 + weight 加分项) ≥ 1％\n\
                S3: count 省份 where 行政级别 != 直辖市 where mean 总分 < 40.05 ~ 20 ± 2\n\
                S4: corr 智慧服务, 智慧人群 in 华东 ＝ 0.5\nS5: rank of 杭州 by 智慧服务 in 华东 <= 3\n";
    let l = y2015();
    for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
        let source = Source::new("p", text[..i].to_string());
        match parse_claims(&source) {
            Ok(claims) => {
                let _ = audit::audit(&l.model, &l.results, l.bounds.as_ref(), claims, &source);
            }
            Err(e) => assert!(e.code.id == "E901" || e.code.id.starts_with("E0"), "{e:?}"),
        }
    }
}
