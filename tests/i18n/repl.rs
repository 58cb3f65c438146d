//! The REPL's `:help` in both languages, through a pipe.

use crate::common::cix;

fn help(lang: &str) -> String {
    let out = cix()
        .args(["--lang", lang, "repl", "examples/smart-city-2015/index.cix"])
        .write_stdin(":help\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_through_a_pipe_in_chinese_and_in_english() {
    let zh = help("zh");
    assert!(zh.contains("查询：") && zh.contains("命令："), "{zh}");
    assert!(
        zh.contains("退出，亦可按 Ctrl-D（亦可写 :q、:exit）"),
        "{zh}"
    );
    let en = help("en");
    assert!(
        en.contains("queries:") && en.contains("leave (Ctrl-D does too) (also :q, :exit)"),
        "{en}"
    );
    insta::assert_snapshot!("repl_help_zh", zh);
}
