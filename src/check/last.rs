//! `missing last …` (language chapter 5, "Last known value"): where each leaf's earlier values
//! come from — the spec's earlier `years`, or a second table — resolved here into the model, so
//! that nothing after `check` looks a file up again. Every problem is reported at once.

use std::path::Path;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::model::Model;
use crate::rules::last::LastSource;
use crate::source::Span;

/// Resolve every leaf's `missing last`: the earlier table's path (which must exist), or the
/// spec's years. A clause written once at index level reaches every leaf but is reported once.
pub(super) fn resolve(model: &mut Model, spec_dir: &Path, diags: &mut Diags) {
    let has_years = model.grouping.series.years.is_some();
    // By position: spans compare equal whatever they cover (ASTs compare without them).
    let mut reported: Vec<(usize, usize)> = Vec::new();
    let source = model.source.clone();
    for node in &mut model.nodes {
        let categorical = node
            .scoring
            .rule
            .as_ref()
            .is_some_and(|r| r.node.method.is_categorical());
        let derived = node.derived.is_some();
        let name = node.name.clone();
        let Some(last) = node.scoring.last.as_mut() else {
            continue;
        };
        let mut found = Diags::new();
        if categorical {
            found.push(cannot(
                &source,
                last.span,
                t!("check.e139_categories", name = name),
                t!("check.e139_categories_help"),
            ));
        }
        if let Some(w) = &last.within {
            if w.node == 0 {
                found.push(
                    Diag::error(codes::E139, t!("check.e139_within_0"))
                        .in_source(&source)
                        .label(w.span, t!("check.e139_within_0_label"))
                        .help(t!("check.e139_within_0_help")),
                );
            } else if !has_years || last.from.is_some() {
                found.push(
                    Diag::error(codes::E137, t!("check.e137", name = name))
                        .in_source(&source)
                        .label(w.span, t!("check.e137_label"))
                        .help(t!("check.e137_help")),
                );
            }
        }
        last.source = match &last.from {
            Some(file) => {
                let path = spec_dir.join(&file.node);
                if !path.is_file() {
                    found.push(unknown_file(&source, file, spec_dir));
                }
                if derived {
                    found.push(cannot(
                        &source,
                        file.span,
                        t!("check.e139_derived", name = name),
                        t!("check.e139_help"),
                    ));
                }
                Some(LastSource::File(path))
            }
            None if has_years => Some(LastSource::Years),
            None => {
                found.push(
                    Diag::error(codes::E136, t!("check.e136", name = name))
                        .in_source(&source)
                        .label(last.span, t!("check.e136_label"))
                        .help(t!("check.e136_help")),
                );
                None
            }
        };
        if found.has_errors() {
            last.source = None;
        }
        let at = (last.span.start, last.span.end);
        if !reported.contains(&at) {
            reported.push(at);
            diags.extend(found);
        }
    }
}

/// E139 at `span`.
fn cannot(
    source: &crate::source::Source,
    span: Span,
    msg: impl Into<String>,
    help: impl Into<String>,
) -> Diag {
    Diag::error(codes::E139, msg.into())
        .in_source(source)
        .label(span, t!("check.e139_label"))
        .help(help.into())
}

/// E138: the earlier table does not exist; "did you mean" over the files beside the spec.
fn unknown_file(
    source: &crate::source::Source,
    file: &crate::source::Spanned<String>,
    spec_dir: &Path,
) -> Diag {
    // The folder's first thousand names: a spec's folder is small, a huge one stays bounded.
    let names: Vec<String> = std::fs::read_dir(if spec_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        spec_dir
    })
    .map(|dir| {
        dir.filter_map(Result::ok)
            .take(1000)
            .filter_map(|e| e.file_name().into_string().ok())
            .collect()
    })
    .unwrap_or_default();
    Diag::error(codes::E138, t!("check.e138", file = file.node))
        .in_source(source)
        .label(file.span, t!("check.e138_label"))
        .help(
            crate::suggest::did_you_mean(&file.node, names.iter().map(String::as_str))
                .unwrap_or_else(|| t!("check.e138_help").into_owned()),
        )
}
