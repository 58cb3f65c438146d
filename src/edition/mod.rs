//! Editions: a spec that `extends` another is resolved into one syntax tree before `check`
//! ([`resolve`]); the change log between two editions ([`diff`]); canonical formatting
//! ([`fmt`]). Two editions over the same data are compared by the query stage
//! (`query::editions`), since that reads evaluated results.
//!
//! Every file of an `extends` chain is laid into one layered [`Source`] (the spec itself at
//! offset 0, then its parent, …), and each file is parsed at its own offset, so the merged tree's
//! spans index one text and a diagnostic shows each label in the file it came from.

pub mod diff;
mod diff_groups;
pub mod fmt;
mod follow;
mod merge;

use std::path::{Path, PathBuf};

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::source::{Source, Span};
use crate::syntax::ast::{Item, Spec};
use crate::syntax::parse_spec;

/// A spec with everything it extends merged in.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub spec: Spec,
    /// The spec's own source, or a layered source over the whole chain.
    pub source: Source,
    pub log: Log,
}

/// What the change statements of a chain declared, in order: `cix diff` uses the renames and
/// the reasons; `check` the places that changed a parent's children or weight.
#[derive(Clone, Debug, Default)]
pub struct Log {
    /// (old, new, reason)
    pub renames: Vec<(String, String, Option<String>)>,
    /// (name, reason)
    pub removals: Vec<(String, Option<String>)>,
    /// (indicator whose children or weight changed, the change statement)
    pub touched: Vec<(String, Span)>,
}

const MAX_CHAIN: usize = 32;

/// Read a spec and every spec it extends, and merge them into one tree.
pub fn resolve(path: &Path) -> Result<Resolved, Diags> {
    let own = crate::input::read_source(path)?;
    let spec = parse_spec(&own).map_err(Diags::from)?;
    if spec.extends.is_none() {
        let diags = changes_without_parent(&spec, &own);
        if diags.has_errors() {
            return Err(diags);
        }
        return Ok(Resolved {
            spec,
            source: own,
            log: Log::default(),
        });
    }
    let chain = read_chain(path, own, spec)?;
    let files: Vec<Source> = chain.iter().map(|c| c.1.clone()).collect();
    let (layered, bases) = Source::layered(&files);
    let mut specs = Vec::new();
    for ((_, src, spec), base) in chain.into_iter().zip(bases) {
        if base == 0 {
            specs.push(spec);
        } else {
            // Parse again behind `base` spaces, so that its spans index the layered text.
            let padded = Source::new(src.name(), format!("{}{}", " ".repeat(base), src.text()));
            specs.push(parse_spec(&padded).map_err(Diags::from)?);
        }
    }
    let mut diags = Diags::new();
    let mut log = Log::default();
    let mut merged = specs.pop().ok_or_else(Diags::new)?;
    while let Some(child) = specs.pop() {
        merged = merge::apply(merged, child, &layered, &mut log, &mut diags);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Resolved {
        spec: merged,
        source: layered,
        log,
    })
}

/// E506 for each change statement of a spec that extends nothing.
fn changes_without_parent(spec: &Spec, own: &Source) -> Diags {
    let mut diags = Diags::new();
    for item in &spec.items {
        if let Item::Change(c) = item {
            diags.push(
                Diag::error(codes::E506, t!("edition.e506", verb = merge::verb(&c.node)))
                    .in_source(own)
                    .label(c.span, t!("edition.nothing_to_change"))
                    .help(t!("edition.e506_help")),
            );
        }
    }
    diags
}

/// A spec and every spec it extends, child first, each read and parsed on its own.
fn read_chain(path: &Path, own: Source, spec: Spec) -> Result<Vec<(PathBuf, Source, Spec)>, Diags> {
    let mut chain: Vec<(PathBuf, Source, Spec)> = vec![(path.to_path_buf(), own, spec)];
    let mut seen: Vec<PathBuf> = vec![canonical(path)];
    while let Some((
        cur_path,
        cur_src,
        Spec {
            extends: Some(ext), ..
        },
    )) = chain.last()
    {
        let ext = ext.clone();
        let dir = cur_path.parent().map(Path::to_path_buf).unwrap_or_default();
        let parent_path = dir.join(&ext.node);
        let at = |d: Diag| {
            Diag::error(
                codes::E501,
                t!("edition.e501", path = ext.node, reason = d.message),
            )
            .in_source(cur_src)
            .label(ext.span, t!("edition.extended_here"))
            .help(t!("edition.e501_help"))
        };
        let src = crate::input::read_source(&parent_path).map_err(|d| Diags::from(at(d)))?;
        let canon = canonical(&parent_path);
        if seen.contains(&canon) || chain.len() >= MAX_CHAIN {
            return Err(
                Diag::error(codes::E504, t!("edition.e504", path = ext.node))
                    .in_source(cur_src)
                    .label(ext.span, t!("edition.closes_cycle"))
                    .help(t!("edition.e504_help"))
                    .into(),
            );
        }
        seen.push(canon);
        let spec = match parse_spec(&src) {
            Ok(s) => s,
            Err(d) => {
                let mut diags = Diags::from(d);
                diags.push(
                    Diag::error(codes::E501, t!("edition.e501_syntax", path = ext.node))
                        .in_source(cur_src)
                        .label(ext.span, t!("edition.extended_here"))
                        .help(t!("edition.e501_syntax_help")),
                );
                return Err(diags);
            }
        };
        chain.push((parent_path, src, spec));
    }

    Ok(chain)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Provenance notes for a table that prints weights (满分): one per inferred weight among
/// `nodes`, saying why it is a guess.
pub fn inferred_notes(
    model: &crate::model::Model,
    nodes: impl IntoIterator<Item = crate::model::NodeId>,
) -> Vec<String> {
    nodes
        .into_iter()
        .filter_map(|id| {
            let n = model.nodes.get(id)?;
            let why = n.inferred.as_ref()?;
            let max = n.max.normalize().to_string();
            Some(if why.is_empty() {
                t!("edition.inferred_max_no_reason", name = &n.name, max = max).into_owned()
            } else {
                t!("edition.inferred_max", name = &n.name, max = max, why = why).into_owned()
            })
        })
        .collect()
}

/// A spec with `changes` applied to it as if a child spec stated them (the methods of a group,
/// language chapter 7): the same merge, the same located errors. Groupings are left out of the
/// result, so checking it does not recurse.
pub fn with_changes(
    spec: &Spec,
    changes: &[crate::source::Spanned<crate::syntax::ast::Change>],
    source: &Source,
) -> (Spec, Log, Diags) {
    let base = Spec {
        extends: None,
        name: spec.name.clone(),
        items: spec
            .items
            .iter()
            .filter(|i| !matches!(i, Item::Grouping(_)))
            .cloned()
            .collect(),
    };
    let child = Spec {
        extends: None,
        name: spec.name.clone(),
        items: changes.iter().cloned().map(Item::Change).collect(),
    };
    let mut log = Log::default();
    let mut diags = Diags::new();
    let merged = merge::apply(base, child, source, &mut log, &mut diags);
    (merged, log, diags)
}

#[cfg(test)]
mod tests {
    use crate::diag::{render_plain, Diag};
    use crate::source::{Source, Span};

    #[test]
    fn a_layered_source_locates_and_renders_each_file() {
        let child = Source::new("child.cix", "set 甲 5\n");
        let parent = Source::new("parent.cix", "# base\nindicator 甲 10\n");
        let (layered, bases) = Source::layered(&[child, parent]);
        assert_eq!(bases, vec![0, "set 甲 5\n".len() + 1]);
        let parent_at = bases[1] + "# base\nindicator ".len();
        assert_eq!(layered.name_at(0), "child.cix");
        assert_eq!(layered.name_at(parent_at), "parent.cix");
        assert_eq!(layered.line_col(parent_at), (2, 11));
        let d = Diag::error(crate::codes::E502, "x")
            .in_source(&layered)
            .label(Span::new(4, 7), "in the child")
            .label(Span::new(parent_at, parent_at + 3), "in the parent");
        assert_eq!(d.location().as_deref(), Some("child.cix:1:5"));
        let text = render_plain(&[d]);
        assert!(text.contains("[child.cix:1:5]"), "{text}");
        assert!(text.contains("[parent.cix:2:11]"), "{text}");
        assert!(text.contains("2 │ indicator 甲 10"), "{text}");
    }
}
