//! Every code of the registry has a title in both languages, renders in both with the same code,
//! and is documented in both error catalogues.

use cix::codes::ALL;
use cix::lang::Lang;
use cix::Diag;

use crate::speaking;

#[test]
fn every_code_renders_in_both_languages() {
    for code in ALL {
        let en = speaking(Lang::En, || code.text());
        let zh = speaking(Lang::Zh, || code.text());
        assert_eq!(
            en, code.title,
            "locales/codes.yml: `codes.{}` en must be the registry's title",
            code.id
        );
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "locales/codes.yml: `codes.{}` needs a Chinese title (has `{zh}`)",
            code.id
        );
        for (lang, title) in [(Lang::En, &en), (Lang::Zh, &zh)] {
            let shown = speaking(lang, || {
                cix::diag::render_plain(&[Diag::error(*code, title.clone())])
            });
            assert!(shown.contains(code.id), "{shown}");
            assert!(shown.contains(title.as_str()), "{shown}");
        }
    }
}

#[test]
fn every_code_is_in_the_chinese_error_catalogue() {
    let md = std::fs::read_to_string("docs/zh/errors.md").unwrap();
    for code in ALL {
        let heading = format!("## {} {}", code.id, speaking(Lang::Zh, || code.text()));
        assert!(
            md.lines().any(|l| l == heading),
            "docs/zh/errors.md has no `{heading}` entry"
        );
    }
}
