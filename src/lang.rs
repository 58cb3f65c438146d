//! The language cix speaks: English or Simplified Chinese.
//!
//! Every human-facing text lives in a catalogue under `locales/` (one YAML file per stage, each
//! key with its `en` and `zh-CN` text side by side, read by rust-i18n at compile time) and is
//! looked up with `t!("stage.what", name = …)` in the library, or [`text`] from the binary.
//! The language is chosen once at start-up ([`init`]): `--lang zh|en`, else `CIX_LANG`, else
//! the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`; `zh*` is Chinese), else English.

use std::ffi::OsString;

use crate::codes;
use crate::diag::Diag;

/// A language cix speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The catalogues' locale name.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The value `--lang` and `CIX_LANG` take: `zh` or `en` (and the locale names themselves).
    pub fn parse(value: &str) -> Option<Lang> {
        match value.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "zh" | "zh-cn" | "zh_cn" | "chinese" | "中文" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// A POSIX locale (`zh_CN.UTF-8`, `en_US`, `C`): Chinese when it starts with `zh`.
    fn of_locale(value: &str) -> Lang {
        if value.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// The language asked for: `--lang` among the arguments (read before clap parses them, so that
/// `--help` is in that language), else `CIX_LANG`, else the first non-empty of `LC_ALL`,
/// `LC_MESSAGES` and `LANG`, else English. `env` reads a variable. An unknown `--lang` or
/// `CIX_LANG` value is E020.
pub fn detect(args: &[OsString], env: impl Fn(&str) -> Option<String>) -> Result<Lang, Diag> {
    if let Some(value) = flag_value(args) {
        return Lang::parse(&value).ok_or_else(|| invalid("--lang", &value, "lang.flag_help"));
    }
    if let Some(value) = env("CIX_LANG").filter(|v| !v.is_empty()) {
        return Lang::parse(&value).ok_or_else(|| invalid("CIX_LANG", &value, "lang.env_help"));
    }
    Ok(of_environment(env))
}

/// POSIX: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty decides the
/// messages' language.
fn of_environment(env: impl Fn(&str) -> Option<String>) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| env(name).filter(|v| !v.is_empty()))
        .map_or(Lang::En, |v| Lang::of_locale(&v))
}

/// The value of the last `--lang X` or `--lang=X` before a `--` (clap keeps the last too).
fn flag_value(args: &[OsString]) -> Option<String> {
    let mut found = None;
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            found = Some(args.next().map(|v| v.into_owned()).unwrap_or_default());
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            found = Some(value.to_string());
        }
    }
    found
}

fn invalid(what: &str, value: &str, help: &str) -> Diag {
    Diag::error(
        codes::E020,
        t!("lang.invalid", what = what, value = value).into_owned(),
    )
    .help(text(help, &[]))
}

/// Detect the language from the process's arguments and environment and speak it from now on.
/// On an unknown `--lang` or `CIX_LANG` value the error is returned, in the locale's language.
pub fn init(args: &[OsString]) -> Result<Lang, Diag> {
    let env = |name: &str| std::env::var(name).ok();
    match detect(args, env) {
        Ok(lang) => {
            set(lang);
            Ok(lang)
        }
        Err(_) => {
            set(of_environment(env));
            detect(args, env)
        }
    }
}

/// Speak `lang` from now on (the whole process: every thread).
pub fn set(lang: Lang) {
    rust_i18n::set_locale(lang.locale());
}

/// What `make` says in English and in the language spoken now (one call when that is English):
/// a cell's words for CSV and JSON (the machine contract) beside the words tables print.
pub fn both<T: Clone>(make: impl Fn() -> T) -> (T, T) {
    let now = current();
    let shown = make();
    if now == Lang::En {
        return (shown.clone(), shown);
    }
    set(Lang::En);
    let english = make();
    set(now);
    (english, shown)
}

/// The language spoken now.
pub fn current() -> Lang {
    if rust_i18n::locale().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// A catalogue text in the current language, for code outside this crate (the binary); its
/// `%{name}` placeholders filled from `args`.
pub fn text(key: &str, args: &[(&str, &str)]) -> String {
    let template = t!(key);
    let (names, values): (Vec<&str>, Vec<String>) =
        args.iter().map(|(n, v)| (*n, (*v).to_string())).unzip();
    rust_i18n::replace_patterns(&template, &names, &values)
}

/// A user's name quoted as the current language quotes names: `` `name` `` in English,
/// 「name」 in Chinese.
pub fn quote(name: &str) -> String {
    match current() {
        Lang::En => format!("`{name}`"),
        Lang::Zh => format!("「{name}」"),
    }
}

/// Names quoted and listed: `` `a`, `b` `` in English, 「a」、「b」 in Chinese.
pub fn quote_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let sep = match current() {
        Lang::En => ", ",
        Lang::Zh => "、",
    };
    names.into_iter().map(quote).collect::<Vec<_>>().join(sep)
}

/// What separates the items of a list of names or values in a sentence: `, ` in English, `、`
/// in Chinese.
pub fn list_separator() -> &'static str {
    match current() {
        Lang::En => ", ",
        Lang::Zh => "、",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn flag_then_cix_lang_then_locale() {
        let zh = [("LANG", "zh_CN.UTF-8")];
        assert_eq!(
            detect(&args(&["cix", "check"]), env(&zh)).ok(),
            Some(Lang::Zh)
        );
        let flag = args(&["cix", "--lang", "en", "check"]);
        assert_eq!(detect(&flag, env(&zh)).ok(), Some(Lang::En));
        let both = [("CIX_LANG", "en"), ("LANG", "zh_CN.UTF-8")];
        assert_eq!(detect(&args(&["cix"]), env(&both)).ok(), Some(Lang::En));
        let eq = args(&["cix", "check", "--lang=zh"]);
        assert_eq!(detect(&eq, env(&[])).ok(), Some(Lang::Zh));
        assert_eq!(detect(&args(&["cix"]), env(&[])).ok(), Some(Lang::En));
    }

    #[test]
    fn empty_locale_variables_are_skipped() {
        let vars = [("LC_ALL", ""), ("LC_MESSAGES", "zh_TW"), ("LANG", "en_US")];
        assert_eq!(detect(&args(&["cix"]), env(&vars)).ok(), Some(Lang::Zh));
        let vars = [("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")];
        assert_eq!(detect(&args(&["cix"]), env(&vars)).ok(), Some(Lang::En));
    }

    #[test]
    fn unknown_values_are_e020() {
        let bad = detect(&args(&["cix", "--lang", "fr"]), env(&[]));
        assert_eq!(bad.err().map(|d| d.code), Some(codes::E020));
        let bad = detect(&args(&["cix"]), env(&[("CIX_LANG", "klingon")]));
        assert_eq!(bad.err().map(|d| d.code), Some(codes::E020));
        let missing = detect(&args(&["cix", "--lang"]), env(&[]));
        assert_eq!(missing.err().map(|d| d.code), Some(codes::E020));
    }

    #[test]
    fn after_double_dash_is_not_a_flag() {
        let a = args(&["cix", "query", "s.cix", "--", "--lang", "zh"]);
        assert_eq!(detect(&a, env(&[])).ok(), Some(Lang::En));
    }
}
