//! Applying a child spec to the tree of the spec it extends: inherited items, replaced items,
//! and the change statements in order. Every problem is a located error in the child file.

use std::collections::HashMap;
use std::path::Path;

use crate::codes;
use crate::diag::{Diag, Diags};
use crate::source::{Source, Span, Spanned};
use crate::suggest::did_you_mean;
use crate::syntax::ast::{Change, IndicatorDecl, Item, Name, NodeKind, Spec};

use super::{follow, Log};

pub(super) fn verb(c: &Change) -> &'static str {
    match c {
        Change::Add { .. } => "add",
        Change::Remove { .. } => "remove",
        Change::Rename { .. } => "rename",
        Change::Move { .. } => "move",
        Change::Set { .. } => "set",
    }
}

/// Where an indicator sits: the index of its item, then child indices.
type NodePath = Vec<usize>;

struct Merger<'a> {
    items: Vec<Item>,
    source: &'a Source,
    diags: &'a mut Diags,
    log: &'a mut Log,
    /// Names that an earlier change of this child removed or renamed away, and where.
    gone: HashMap<String, (Span, &'static str)>,
}

pub(super) fn apply(
    parent: Spec,
    child: Spec,
    source: &Source,
    log: &mut Log,
    diags: &mut Diags,
) -> Spec {
    let mut items = parent.items;
    // An inherited data path is relative to the parent's folder: make it relative to the child's.
    if let Some(ext) = &child.extends {
        let dir = Path::new(&ext.node).parent().unwrap_or(Path::new(""));
        for item in &mut items {
            if let Item::Data { path, .. } = item {
                if Path::new(&path.node).is_relative() {
                    path.node = dir.join(&path.node).to_string_lossy().into_owned();
                }
            }
        }
    }
    let mut m = Merger {
        items,
        source,
        diags,
        log,
        gone: HashMap::new(),
    };
    for item in child.items {
        m.item(item);
    }
    Spec {
        extends: None,
        name: child.name,
        items: m.items,
    }
}

fn same_kind(a: &Item, b: &Item) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn find_in(decls: &[IndicatorDecl], name: &str, path: &mut NodePath) -> bool {
    for (i, d) in decls.iter().enumerate() {
        path.push(i);
        if d.name.node == name || find_in(&d.children, name, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn all_names(d: &IndicatorDecl, out: &mut Vec<String>) {
    out.push(d.name.node.clone());
    for c in &d.children {
        all_names(c, out);
    }
}

fn set_kind(d: &mut IndicatorDecl, kind: NodeKind) {
    d.kind = kind;
    for c in &mut d.children {
        set_kind(c, kind);
    }
}

impl Merger<'_> {
    fn item(&mut self, item: Item) {
        match item {
            Item::Edition { .. }
            | Item::Data { .. }
            | Item::Scale(_)
            | Item::Quartiles(_)
            | Item::Weights(_)
            | Item::Levels { .. }
            | Item::Total { .. }
            | Item::Uncertainty(_)
            | Item::Attributes(_) => {
                if let Some(slot) = self.items.iter_mut().find(|i| same_kind(i, &item)) {
                    *slot = item;
                } else {
                    self.items.push(item);
                }
            }
            Item::Indicator(decl) => {
                if self.exists(&decl.name) {
                    return;
                }
                let at = self.after_last_indicator();
                self.items.insert(at, Item::Indicator(decl));
            }
            Item::Group(ref g) => self.replace_named(&g.name.node.clone(), item),
            Item::Tiers(ref t) => self.replace_named(&t.name.node.clone(), item),
            Item::Report(ref r) => self.replace_named(&r.name.node.clone(), item),
            Item::Ratio(ref r) => self.replace_named(&r.name.node.clone(), item),
            Item::Change(c) => self.change(c),
            // A sample replaces the inherited one; methods for a group replace that group's.
            Item::Grouping(ref g) => {
                let key = crate::syntax::grouping::replaces(g);
                let slot = self.items.iter_mut().find(
                    |i| matches!(i, Item::Grouping(old) if crate::syntax::grouping::replaces(old) == key),
                );
                match slot {
                    Some(s) => *s = item,
                    None => self.items.push(item),
                }
            }
            // An index-level scoring default replaces the inherited one of the same keyword.
            Item::Clause(ref c) => {
                let keyword = c.node.keyword();
                let slot = self
                    .items
                    .iter_mut()
                    .find(|i| matches!(i, Item::Clause(old) if old.node.keyword() == keyword));
                match slot {
                    Some(s) => *s = item,
                    None => self.items.push(item),
                }
            }
        }
    }

    /// A group, tiers or report: one with an inherited name replaces it in place.
    fn replace_named(&mut self, name: &str, item: Item) {
        let slot = self
            .items
            .iter_mut()
            .find(|i| same_kind(i, &item) && item_name(i) == Some(name));
        match slot {
            Some(s) => *s = item,
            None => self.items.push(item),
        }
    }

    fn total_name(&self) -> Option<&str> {
        self.items.iter().find_map(|i| match i {
            Item::Total { name, .. } => Some(name.node.as_str()),
            _ => None,
        })
    }

    fn top_decls(&self) -> Vec<(usize, &IndicatorDecl)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| match it {
                Item::Indicator(d) => Some((i, d)),
                _ => None,
            })
            .collect()
    }

    fn find(&self, name: &str) -> Option<NodePath> {
        for (i, d) in self.top_decls() {
            let mut path = vec![i];
            if d.name.node == name || find_in(&d.children, name, &mut path) {
                return Some(path);
            }
        }
        None
    }

    fn get_mut(&mut self, path: &[usize]) -> Option<&mut IndicatorDecl> {
        let (first, rest) = path.split_first()?;
        let Item::Indicator(d) = self.items.get_mut(*first)? else {
            return None;
        };
        let mut d = d;
        for &i in rest {
            d = d.children.get_mut(i)?;
        }
        Some(d)
    }

    fn take(&mut self, path: &[usize]) -> Option<IndicatorDecl> {
        match path {
            [i] => match self.items.remove(*i) {
                Item::Indicator(d) => Some(d),
                other => {
                    self.items.insert(*i, other);
                    None
                }
            },
            [init @ .., last] => {
                let parent = self.get_mut(init)?;
                (*last < parent.children.len()).then(|| parent.children.remove(*last))
            }
            [] => None,
        }
    }

    fn indicator_names(&self) -> Vec<String> {
        let mut v = Vec::new();
        for (_, d) in self.top_decls() {
            all_names(d, &mut v);
        }
        v
    }

    /// A name that an added or renamed indicator would duplicate: an error, `true`.
    fn exists(&mut self, name: &Spanned<String>) -> bool {
        let taken =
            self.find(&name.node).is_some() || self.total_name() == Some(name.node.as_str());
        if taken {
            self.diags.push(
                Diag::error(codes::E503, t!("edition.e503", name = name.node))
                    .in_source(self.source)
                    .label(name.span, t!("edition.already_inherited"))
                    .help(t!("edition.e503_help", name = name.node)),
            );
        }
        taken
    }

    /// Look up an indicator a change names; a located error when there is none.
    fn lookup(&mut self, name: &Spanned<String>, verb: &str) -> Option<NodePath> {
        if let Some(p) = self.find(&name.node) {
            return Some(p);
        }
        self.unknown(name, verb, &[]);
        None
    }

    fn unknown(&mut self, name: &Spanned<String>, verb: &str, extra: &[String]) {
        if let Some((span, what)) = self.gone.get(&name.node).copied() {
            self.diags.push(
                Diag::error(
                    codes::E505,
                    if what == "removed" {
                        t!("edition.e505_removed", verb = verb, name = name.node)
                    } else {
                        t!("edition.e505_renamed", verb = verb, name = name.node)
                    },
                )
                .in_source(self.source)
                .label(name.span, t!("edition.no_longer_exists"))
                .label(
                    span,
                    if what == "removed" {
                        t!("edition.removed_here")
                    } else {
                        t!("edition.renamed_here")
                    },
                )
                .help(t!("edition.e505_help")),
            );
            return;
        }
        let mut names = self.indicator_names();
        names.extend(extra.iter().cloned());
        let help = did_you_mean(&name.node, names.iter().map(String::as_str))
            .unwrap_or_else(|| t!("edition.e502_help").into_owned());
        self.diags.push(
            Diag::error(
                codes::E502,
                t!("edition.e502", verb = verb, name = name.node),
            )
            .in_source(self.source)
            .label(name.span, t!("edition.unknown_here"))
            .help(help),
        );
    }

    /// The parent an `add` or `move` puts an indicator under: `None` for the top level (the
    /// total's name), `Some(path)` for an indicator; `Err` after an error.
    fn target(&mut self, parent: &Spanned<String>, verb: &str) -> Result<Option<NodePath>, ()> {
        if self.total_name() == Some(parent.node.as_str()) {
            return Ok(None);
        }
        match self.find(&parent.node) {
            Some(p) => Ok(Some(p)),
            None => {
                let total: Vec<String> =
                    self.total_name().map(str::to_string).into_iter().collect();
                self.unknown(parent, verb, &total);
                Err(())
            }
        }
    }

    fn put(&mut self, mut decl: IndicatorDecl, parent: Option<NodePath>) {
        match parent {
            None => {
                let at = self.after_last_indicator();
                self.items.insert(at, Item::Indicator(decl));
            }
            Some(p) => {
                if let Some(pd) = self.get_mut(&p) {
                    set_kind(&mut decl, pd.kind);
                    pd.children.push(decl);
                }
            }
        }
    }

    /// Record that a change altered the children or weight of an indicator (`None`: of the
    /// top level, so the total's maximum).
    fn touched(&mut self, path: Option<&NodePath>, span: Span) {
        let name = match path {
            Some(p) => self.get_mut(p).map(|d| d.name.node.clone()),
            None => self.total_name().map(str::to_string),
        };
        if let Some(name) = name {
            self.log.touched.push((name, span));
        }
    }

    fn parent_of(path: &NodePath) -> Option<NodePath> {
        path.split_last()
            .filter(|(_, parent)| !parent.is_empty())
            .map(|(_, parent)| parent.to_vec())
    }

    /// Where a new top-level indicator goes: after the last one.
    fn after_last_indicator(&self) -> usize {
        self.items
            .iter()
            .rposition(|i| matches!(i, Item::Indicator(_)))
            .map_or(self.items.len(), |p| p.saturating_add(1))
    }

    fn change(&mut self, c: Spanned<Change>) {
        let span = c.span;
        match c.node {
            Change::Add { decl, parent, .. } => self.add(decl, &parent, span),
            Change::Remove { name, reason } => self.remove(&name, reason, span),
            Change::Rename { old, new, reason } => self.rename(&old, &new, reason),
            Change::Move { name, parent, .. } => self.move_under(&name, &parent, span),
            Change::Set {
                name,
                weight,
                inferred,
                description,
                block,
                ..
            } => {
                let Some(path) = self.lookup(&name, "set") else {
                    return;
                };
                let changed_weight = weight.is_some();
                if let Some(d) = self.get_mut(&path) {
                    if let Some(w) = weight {
                        d.weight = w;
                        d.name.span = name.span;
                        d.inferred = None;
                    }
                    if inferred.is_some() {
                        d.inferred = inferred;
                    }
                    if description.is_some() {
                        d.description = description;
                    }
                    if let Some(b) = block {
                        set_block(d, b);
                    }
                }
                if changed_weight {
                    let parent = Self::parent_of(&path);
                    self.touched(parent.as_ref(), span);
                    self.touched(Some(&path), span);
                }
            }
        }
    }

    /// `add NAME WEIGHT … to PARENT`
    fn add(&mut self, decl: IndicatorDecl, parent: &Name, span: Span) {
        if self.exists(&decl.name) {
            return;
        }
        let Ok(target) = self.target(parent, "add") else {
            return;
        };
        self.touched(target.as_ref(), span);
        self.put(decl, target);
    }

    /// `remove NAME`: an indicator (and what shows it), or a group, tiers or report.
    fn remove(&mut self, name: &Name, reason: Option<Spanned<String>>, span: Span) {
        if let Some(path) = self.find(&name.node) {
            let parent = Self::parent_of(&path);
            self.touched(parent.as_ref(), span);
            if let Some(d) = self.take(&path) {
                let mut removed = Vec::new();
                all_names(&d, &mut removed);
                follow::drop_from_reports(&mut self.items, &removed);
            }
            self.gone.insert(name.node.clone(), (name.span, "removed"));
            self.log
                .removals
                .push((name.node.clone(), reason.map(|r| r.node)));
            return;
        }
        if let Some(i) = self
            .items
            .iter()
            .position(|i| !matches!(i, Item::Indicator(_)) && item_name(i) == Some(&name.node))
        {
            self.items.remove(i);
            self.gone.insert(name.node.clone(), (name.span, "removed"));
            return;
        }
        let others: Vec<String> = self
            .items
            .iter()
            .filter_map(item_name)
            .map(str::to_string)
            .collect();
        self.unknown(name, "remove", &others);
    }

    /// `rename OLD -> NEW`: an indicator (its data keep their column; reports follow), or a
    /// group, tiers or report.
    fn rename(&mut self, old: &Name, new: &Name, reason: Option<Spanned<String>>) {
        if let Some(path) = self.find(&old.node) {
            if self.exists(new) {
                return;
            }
            if let Some(d) = self.get_mut(&path) {
                let leaf = d.children.is_empty();
                if leaf && d.from.is_none() && d.derived.is_none() {
                    // The data keep their column: a rename changes the name only.
                    d.from = Some(Spanned::new(old.node.clone(), old.span));
                }
                d.name = new.clone();
                d.weight.span = new.span;
            }
            follow::rename_in_reports(&mut self.items, &old.node, &new.node);
            self.gone.insert(old.node.clone(), (old.span, "renamed"));
            self.log
                .renames
                .push((old.node.clone(), new.node.clone(), reason.map(|r| r.node)));
            return;
        }
        if let Some(it) = self
            .items
            .iter_mut()
            .find(|i| !matches!(i, Item::Indicator(_)) && item_name(i) == Some(&old.node))
        {
            match it {
                Item::Group(g) => g.name = new.clone(),
                Item::Tiers(t) => t.name = new.clone(),
                Item::Report(r) => r.name = new.clone(),
                _ => {}
            }
            self.gone.insert(old.node.clone(), (old.span, "renamed"));
            return;
        }
        self.unknown(old, "rename", &[]);
    }

    /// `move NAME to PARENT`
    fn move_under(&mut self, name: &Name, parent: &Name, span: Span) {
        let Some(path) = self.lookup(name, "move") else {
            return;
        };
        let Ok(target) = self.target(parent, "move") else {
            return;
        };
        if target.as_ref().is_some_and(|t| t.starts_with(&path)) {
            self.diags.push(
                Diag::error(
                    codes::E507,
                    t!("edition.e507", name = name.node, parent = parent.node),
                )
                .in_source(self.source)
                .label(parent.span, t!("edition.part_of_moved"))
                .help(t!("edition.e507_help")),
            );
            return;
        }
        let old_parent = Self::parent_of(&path);
        self.touched(old_parent.as_ref(), span);
        let Some(decl) = self.take(&path) else {
            return;
        };
        // Paths after the removed one may have shifted: look the target up again.
        let target = match target {
            None => None,
            Some(_) => self.find(&parent.node),
        };
        self.touched(target.as_ref(), span);
        self.put(decl, target);
    }
}

/// The block of a `set`: a new column or description, scoring clauses that replace the
/// inherited ones of the same keyword, new children.
fn set_block(d: &mut IndicatorDecl, b: IndicatorDecl) {
    if b.from.is_some() {
        d.from = b.from;
        d.derived = None;
    }
    if b.derived.is_some() {
        d.derived = b.derived;
        d.from = None;
    }
    if b.description.is_some() {
        d.description = b.description;
    }
    for c in b.clauses {
        let keyword = c.node.keyword();
        match d.clauses.iter_mut().find(|o| o.node.keyword() == keyword) {
            Some(slot) => *slot = c,
            None => d.clauses.push(c),
        }
    }
    if !b.children.is_empty() {
        let kind = d.kind;
        d.children = b.children;
        for ch in &mut d.children {
            set_kind(ch, kind);
        }
    }
}

fn item_name(i: &Item) -> Option<&str> {
    match i {
        Item::Group(g) => Some(&g.name.node),
        Item::Tiers(t) => Some(&t.name.node),
        Item::Report(r) => Some(&r.name.node),
        Item::Ratio(r) => Some(&r.name.node),
        Item::Indicator(d) => Some(&d.name.node),
        _ => None,
    }
}
