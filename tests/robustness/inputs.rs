//! Nothing a user can type panics: every prefix of the 2015 spec and of each example query is
//! parsed, checked and (for queries) run; every error renders.

use std::path::Path;

#[test]
fn every_prefix_of_the_spec_gives_a_result_or_a_diagnostic() {
    let text = std::fs::read_to_string("examples/smart-city-2015/index.cix").unwrap();
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
    for cut in cuts {
        let source = cix::source::Source::new("prefix.cix", text[..cut].to_string());
        match cix::syntax::parse_spec(&source) {
            Ok(spec) => {
                let (_, diags) = cix::check::check(
                    &spec,
                    &source,
                    Path::new("examples/smart-city-2015"),
                    cix::check::Purpose::Check,
                );
                let _ = cix::diag::render_plain(&diags.0);
            }
            Err(d) => {
                // A syntax error (E001, or a more precise E0xx: an unclosed string, a bracket…).
                let rendered = cix::diag::render_plain(&[d]);
                assert!(rendered.trim_start().starts_with("E0"), "{rendered}");
            }
        }
    }
}

#[test]
fn every_prefix_of_every_query_gives_an_answer_or_a_diagnostic() {
    let loaded = cix::load(Path::new("examples/smart-city-2015/index.cix"), None).unwrap();
    let queries = [
        "top ten by 智慧服务 in 华南 show 智慧服务, 得分率",
        "mean 总分 by 省份 where 行政级别 != 直辖市 and 区域 in [华东, 华南] top 3",
        "histogram 总分 edges 20，30，40",
        "corr 智慧基础设施、智慧管理 with p",
        "where 区域 = 华东 or 智慧服务 >= 10 sort 城市 asc",
        "compare 杭州，宁波（",
        "rank of 杭州 by 智慧服务",
        "stats 总分 by 区域 quartiles inc",
        "“智慧服务” ］ 】 《",
    ];
    for q in queries {
        for (cut, _) in q.char_indices().chain(std::iter::once((q.len(), ' '))) {
            match cix::project::query(&loaded, &q[..cut]) {
                Ok(out) => {
                    for f in [
                        cix::report::Format::Table,
                        cix::report::Format::Csv,
                        cix::report::Format::Json,
                        cix::report::Format::Md,
                    ] {
                        let _ = cix::report::render(&out, f);
                    }
                }
                Err(d) => {
                    assert!(d.has_errors());
                    let _ = cix::diag::render_plain(&d.0);
                }
            }
        }
    }
}

#[test]
fn garbage_bytes_as_data() {
    let dir = crate::common::temp_dir("garbage");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("cities.csv"),
        [0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00, 0x81],
    )
    .unwrap();
    std::fs::copy("examples/smart-city-2015/index.cix", dir.join("index.cix")).unwrap();
    let err = cix::load(&dir.join("index.cix"), None).unwrap_err();
    let text = cix::diag::render_plain(&err.0);
    assert!(text.contains("E20"), "{text}");
    std::fs::write(dir.join("cities.csv"), "").unwrap();
    let err = cix::load(&dir.join("index.cix"), None).unwrap_err();
    assert!(cix::diag::render_plain(&err.0).contains("E202"));
    std::fs::remove_dir_all(dir).ok();
}

/// A diagnostic whose label lies past column 65,535 renders a window of its line (miette cannot
/// draw an underline that far: it panicked).
#[test]
fn a_label_past_column_65535_renders_a_window_of_the_line() {
    use cix::codes;
    use cix::diag::{render_plain, Diag};
    use cix::source::{Source, Span};
    let pad = "某".repeat(100_000);
    let text = format!("index \"t\" {{\n  indicator 甲 10 {{ {pad} 甲一 4 }}\n}}\n");
    let source = Source::new("wide.cix", text.clone());
    let start = text.find("甲一").unwrap();
    let far = Span::new(start, start + "甲一".len());
    let near = Span::new(text.find("甲 10").unwrap(), text.find("甲 10").unwrap() + 3);
    let whole = Span::new(near.start, start + 3);
    for labels in [vec![far], vec![far, near], vec![whole], vec![near, far]] {
        let mut d = Diag::error(codes::E001, "a label far out").in_source(&source);
        for s in &labels {
            d = d.label(*s, "here");
        }
        let out = render_plain(&[d]);
        assert!(out.contains("E001"), "{out}");
        assert!(out.chars().count() < 5_000, "the whole line was printed");
        if labels[0].start == far.start {
            // The column counts characters: 19 before the padding, 100,000 in it, a space.
            assert!(out.contains("wide.cix:2:100021"), "{out}");
            assert!(out.contains("甲一 4 }"), "{out}");
        }
    }
    // The same through the parser: an error at the end of a 100,000-character line.
    let spec = format!(
        "index \"t\" {{{} indicator 甲 10 {{ 甲一 4  甲二 }} }}",
        " ".repeat(100_000)
    );
    let source = Source::new("long.cix", spec);
    let d = cix::syntax::parse_spec(&source).unwrap_err();
    let out = render_plain(&[d]);
    assert!(out.contains("long.cix:1:1000"), "{out}");
}
