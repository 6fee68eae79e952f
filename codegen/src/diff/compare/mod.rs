//! The rules: two models (and, for examples and errata, two documents) to changes, each with its
//! wire verdict (`Level`) and its Rust API verdict (`Impact`). `operations` holds the rules of
//! servers, security, operations, parameters, bodies and answers; `types` those of schemas;
//! `values` turns constraint and fact changes into effects on the set of valid values.

mod operations;
mod types;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::rust;

use super::{Change, Impact, Level, RustChange, Side};
use crate::model::{Api, Scheme, Ty, TypeDef, TypeKind};

const UNCHECKED: &str = "answers are never checked against constraints";
const OPTION: &str = "already an Option: absent and null read as None";

/// Old type names and the new names of the same schemas.
type Renames = BTreeMap<String, String>;

struct Diff<'a> {
    old: &'a Api,
    new: &'a Api,
    /// Type name → the operations whose requests or answers hold it (old and new models).
    users: BTreeMap<String, BTreeSet<String>>,
    renames: Renames,
    /// (variant struct, tag property) of every tagged union, old and new: a tag property moving
    /// between a struct and its union is not a field added or removed.
    tags: BTreeSet<(String, String)>,
    /// The spec pointer the rule being run is about, given to each change it records.
    at: String,
    changes: Vec<Change>,
    rust: Vec<RustChange>,
}

pub(super) fn apis(old: &Side, new: &Side) -> (Vec<Change>, Vec<RustChange>) {
    let mut users = BTreeMap::new();
    for api in [&old.api, &new.api] {
        type_users(api, &mut users);
    }
    let mut d = Diff {
        old: &old.api,
        new: &new.api,
        users,
        renames: renamed_types(&old.api, &new.api),
        tags: tag_properties(&old.api)
            .chain(tag_properties(&new.api))
            .collect(),
        at: String::new(),
        changes: Vec::new(),
        rust: Vec::new(),
    };
    d.servers();
    d.security();
    d.operations();
    d.types();
    documents(&old.api, &new.api, &mut d.changes);
    (d.changes, d.rust)
}

impl Diff<'_> {
    /// Records a change with its two verdicts; the returned change takes `why`, `tolerated`.
    fn push(
        &mut self,
        (level, rust): (Level, Impact),
        ops: &[String],
        subject: impl Into<String>,
        change: impl Into<String>,
    ) -> &mut Change {
        self.changes.push(Change {
            level,
            rust,
            operations: ops.to_vec(),
            subject: subject.into(),
            change: change.into(),
            why: None,
            tolerated: None,
            pointer: (!self.at.is_empty()).then(|| self.at.clone()),
            line: None,
        });
        self.changes.last_mut().expect("just pushed")
    }

    fn rust_item(
        &mut self,
        item: impl Into<String>,
        impact: Impact,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.rust.push(RustChange {
            item: item.into(),
            impact,
            old,
            new,
        });
    }

    fn users_of(&self, type_name: &str) -> Vec<String> {
        self.users
            .get(type_name)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// `old` with renamed types under their new names, to compare with a type of the new side.
    fn renamed(&self, old: &Ty) -> Ty {
        match old {
            Ty::Named(n) => Ty::Named(self.renames.get(n).unwrap_or(n).clone()),
            Ty::Vec(inner) => Ty::Vec(Box::new(self.renamed(inner))),
            Ty::Map(inner) => Ty::Map(Box::new(self.renamed(inner))),
            other => other.clone(),
        }
    }
}

/// Examples and errata, as the documents write them.
fn documents(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let examples = |api: &Api| -> BTreeMap<String, Value> {
        api.examples
            .iter()
            .map(|e| (e.example.pointer.clone(), e.example.value.clone()))
            .collect()
    };
    let (a, b) = (examples(old), examples(new));
    for (pointer, change) in changed_entries(&a, &b) {
        out.push(doc_change(format!("example {pointer}"), change));
    }
    let (a, b) = (errata(old), errata(new));
    for (key, change) in changed_entries(&a, &b) {
        out.push(doc_change(format!("erratum {key}"), change));
    }
}

fn doc_change(subject: String, change: &str) -> Change {
    Change {
        level: Level::Documentation,
        rust: Impact::None,
        operations: Vec::new(),
        subject,
        change: change.to_owned(),
        why: None,
        tolerated: None,
        pointer: None,
        line: None,
    }
}

fn changed_entries<'a>(
    old: &'a BTreeMap<String, Value>,
    new: &'a BTreeMap<String, Value>,
) -> Vec<(&'a str, &'static str)> {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|k| match (old.get(k), new.get(k)) {
            (None, Some(_)) => Some((k.as_str(), "added")),
            (Some(_), None) => Some((k.as_str(), "removed")),
            (Some(a), Some(b)) if a != b => Some((k.as_str(), "changed")),
            _ => None,
        })
        .collect()
}

/// Every `x-errata` entry, keyed by the pointer it is about and its kind.
fn errata(api: &Api) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for erratum in &api.errata {
        let mut key = format!("{} ({})", erratum.pointer, erratum.kind);
        while out.contains_key(&key) {
            key.push('\'');
        }
        out.insert(key, erratum.entry.clone());
    }
    out
}

/// Type name → operations whose parameters, body or answers reach it.
fn type_users(api: &Api, out: &mut BTreeMap<String, BTreeSet<String>>) {
    let types: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    for op in &api.operations {
        let mut stack: Vec<&Ty> = op.params.iter().map(|p| &p.ty).collect();
        stack.extend(op.body.iter().map(|b| &b.ty));
        stack.extend(op.responses.iter().filter_map(|r| r.ty.as_ref()));
        let mut seen = BTreeSet::new();
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::Vec(inner) | Ty::Map(inner) => stack.push(inner),
                Ty::Named(name) if seen.insert(name.clone()) => {
                    out.entry(name.clone()).or_default().insert(op.id.clone());
                    let Some(def) = types.get(name.as_str()) else {
                        continue;
                    };
                    match &def.kind {
                        TypeKind::Struct(s) => stack.extend(s.fields.iter().map(|f| &f.ty)),
                        TypeKind::Untagged(vs) => stack.extend(vs.iter().map(|v| &v.ty)),
                        TypeKind::Alias { ty, .. } => stack.push(ty),
                        TypeKind::Tagged { variants, .. } => {
                            for v in variants {
                                if let Some(t) = types.get(v.ty.as_str()) {
                                    seen.insert(t.name.clone());
                                    out.entry(t.name.clone()).or_default().insert(op.id.clone());
                                    if let TypeKind::Struct(s) = &t.kind {
                                        stack.extend(s.fields.iter().map(|f| &f.ty));
                                    }
                                }
                            }
                        }
                        TypeKind::Enum(_) => {}
                    }
                }
                _ => {}
            }
        }
    }
}

/// Schemas that disappear while an identical one (but for its name) appears: old name → new.
fn renamed_types(old: &Api, new: &Api) -> Renames {
    let gone: Vec<&TypeDef> = old
        .types
        .iter()
        .filter(|t| new.type_def(&t.name).is_none())
        .collect();
    let mut came: Vec<&TypeDef> = new
        .types
        .iter()
        .filter(|t| old.type_def(&t.name).is_none())
        .collect();
    let shape = |t: &TypeDef| {
        format!(
            "{:?} {:?} {:?} {} {}",
            t.kind, t.direction, t.facts, t.extensible, t.docs
        )
    };
    let mut out = Renames::new();
    for t in gone {
        if let Some(i) = came.iter().position(|c| shape(c) == shape(t)) {
            out.insert(t.name.clone(), came.remove(i).name.clone());
        }
    }
    out
}

/// (variant struct, tag property) of each tagged union.
fn tag_properties(api: &Api) -> impl Iterator<Item = (String, String)> + '_ {
    api.types.iter().flat_map(|t| match &t.kind {
        TypeKind::Tagged { tag, variants } => variants
            .iter()
            .map(|v| (v.ty.clone(), tag.clone()))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    })
}

/// A type as the generated module declares it: `pub struct Order`, `pub enum State`.
fn item_kind(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(_) => format!("pub struct {}", def.name),
        TypeKind::Alias { .. } => format!("pub type {}", def.name),
        TypeKind::Enum(_) => format!("pub enum {}", def.name),
        TypeKind::Tagged { tag, .. } => format!("pub enum {} (variants by `{tag}`)", def.name),
        TypeKind::Untagged(_) => format!("pub enum {} (variants by shape)", def.name),
    }
}

fn show_value(v: &Option<Value>) -> String {
    v.as_ref().map_or("none".to_owned(), Value::to_string)
}

fn opt_ty(ty: &Option<Ty>) -> String {
    ty.as_ref().map_or("no body".to_owned(), rust::type_name)
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Tagged { .. } => "tagged union",
        TypeKind::Untagged(_) => "union",
        TypeKind::Alias { .. } => "alias",
    }
}

/// Whether a scheme's credential travels differently: its wire form, where an issued token comes
/// from, or which credentials it reads (not whether `Credentials::new` asks for them).
fn travels_differently(new: &Scheme, old: &Scheme) -> bool {
    let names = |s: &Scheme| {
        s.credentials
            .iter()
            .map(|c| c.ident.clone())
            .collect::<Vec<_>>()
    };
    new.wire != old.wire || new.issued_by != old.issued_by || names(new) != names(old)
}
