//! clap's usage errors in the session's words (branch zh-rest): E704 with the offending argument.

use crate::common::cix;

fn stderr(args: &[&str]) -> String {
    let out = cix().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "cix {args:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn usage_errors_are_e704_in_chinese_with_the_argument() {
    let cases = [
        (
            vec!["--lang", "zh", "check", "--bogus"],
            "多余的参数「--bogus」",
        ),
        (vec!["--lang", "zh", "bogus"], "未知命令「bogus」"),
        (vec!["--lang", "zh", "check"], "缺少必需的参数：<SPEC>"),
        (
            vec!["--lang", "zh", "query", "a.cix", "q", "--format", "xml"],
            "的值「xml」无效",
        ),
    ];
    for (args, said) in cases {
        let err = stderr(&args);
        assert!(err.starts_with("E704"), "{err}");
        assert!(err.contains(said), "{err}");
        assert!(
            !err.contains("unexpected") && !err.contains("Usage"),
            "{err}"
        );
    }
    let err = stderr(&["--lang", "zh", "check", "--bogus"]);
    assert!(err.contains("用法：cix check"), "{err}");
    let en = stderr(&["--lang", "en", "check", "--bogus"]);
    assert!(en.contains("unexpected argument `--bogus` found"), "{en}");
    assert!(en.contains("usage: cix check"), "{en}");
}
