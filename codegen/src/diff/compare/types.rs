//! Schemas: structs and their fields, enums, unions and aliases, with renames.

use std::collections::BTreeMap;

use super::values::{Effect, wire};
use super::{Diff, OPTION, UNCHECKED, item_kind, kind_name, show_value};
use crate::diff::{Impact, Level};
use crate::model::{Constraints, Direction, EnumValue, Field, Struct, TypeDef, TypeKind};
use crate::rust;
use crate::spec::pointer::join;

impl Diff<'_> {
    pub(super) fn types(&mut self) {
        for (old, new) in self.renames.clone() {
            let ops = self.users_of(&new);
            self.at = self
                .new
                .type_def(&new)
                .map(|t| t.pointer.clone())
                .unwrap_or_default();
            self.push(
                (Level::NonBreaking, Impact::Major),
                &ops,
                format!("schema {old}"),
                format!("renamed to {new}"),
            )
            .why = Some("the same schema under another name; nothing changes on the wire".into());
            self.rust_item(
                format!("types::{old}"),
                Impact::Major,
                Some(format!("types::{old}")),
                Some(format!("types::{new}")),
            );
        }
        for t in &self.old.types {
            if !self.renames.contains_key(&t.name) && self.new.type_def(&t.name).is_none() {
                self.rust_item(
                    format!("types::{}", t.name),
                    Impact::Major,
                    Some(item_kind(t)),
                    None,
                );
            }
        }
        let renamed_to: BTreeMap<String, String> = self
            .renames
            .iter()
            .map(|(o, n)| (n.clone(), o.clone()))
            .collect();
        for t in &self.new.types {
            let old = renamed_to.get(&t.name).unwrap_or(&t.name);
            match self.old.type_def(old) {
                Some(old) => self.type_def(old, t),
                None => self.rust_item(
                    format!("types::{}", t.name),
                    Impact::Minor,
                    None,
                    Some(item_kind(t)),
                ),
            }
        }
    }

    fn type_def(&mut self, old: &TypeDef, new: &TypeDef) {
        self.at = new.pointer.clone();
        let ops = self.users_of(&new.name);
        let direction = old.direction.join(new.direction);
        if old.docs != new.docs {
            self.push(
                (Level::Documentation, Impact::None),
                &ops,
                &new.name,
                "description changed",
            );
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.fields(new, direction, a, b, &ops);
                self.value_rules(
                    direction,
                    &ops,
                    &new.name,
                    (&Constraints::default(), &old.facts),
                    (&Constraints::default(), &new.facts),
                );
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                self.enum_values(old, new, direction, a, b, &ops)
            }
            (TypeKind::Tagged { variants: a, .. }, TypeKind::Tagged { variants: b, .. }) => {
                let key = |v: &crate::model::TaggedVariant| (v.tag_value.clone(), v.ident.clone());
                let a: Vec<(String, String)> = a.iter().map(key).collect();
                let b: Vec<(String, String)> = b.iter().map(key).collect();
                // Every tagged union keeps an unknown tag: adding a variant adds to it.
                self.variants(&new.name, direction, true, &a, &b, &ops);
            }
            (TypeKind::Untagged(a), TypeKind::Untagged(b)) => {
                let a: Vec<(String, String)> = a
                    .iter()
                    .map(|v| (rust::type_name(&self.renamed(&v.ty)), v.ident.clone()))
                    .collect();
                let b: Vec<(String, String)> = b
                    .iter()
                    .map(|v| (rust::type_name(&v.ty), v.ident.clone()))
                    .collect();
                let open = new.direction.receives() && old.direction.receives();
                self.variants(&new.name, direction, open, &a, &b, &ops);
            }
            (
                TypeKind::Alias {
                    ty: a,
                    constraints: ca,
                },
                TypeKind::Alias {
                    ty: b,
                    constraints: cb,
                },
            ) => {
                if self.renamed(a) != *b {
                    let (a, b) = (rust::type_name(a), rust::type_name(b));
                    self.push(
                        (Level::Breaking, Impact::Major),
                        &ops,
                        &new.name,
                        format!("type {a} → {b}"),
                    );
                    self.rust_item(
                        format!("types::{}", new.name),
                        Impact::Major,
                        Some(a),
                        Some(b),
                    );
                }
                self.value_rules(
                    direction,
                    &ops,
                    &new.name,
                    (ca, &old.facts),
                    (cb, &new.facts),
                );
            }
            (TypeKind::Untagged(_), TypeKind::Tagged { tag, .. }) => {
                self.push(
                    (Level::NonBreaking, Impact::Major),
                    &ops,
                    &new.name,
                    format!("union → tagged union (discriminator {tag})"),
                )
                .why = Some(format!(
                    "the same payloads, now told apart by the property `{tag}`"
                ));
                self.kind_item(old, new);
            }
            _ => {
                self.push(
                    (Level::Breaking, Impact::Major),
                    &ops,
                    &new.name,
                    format!("{} → {}", kind_name(&old.kind), kind_name(&new.kind)),
                );
                self.kind_item(old, new);
            }
        }
    }

    fn kind_item(&mut self, old: &TypeDef, new: &TypeDef) {
        self.rust_item(
            format!("types::{}", new.name),
            Impact::Major,
            Some(item_kind(old)),
            Some(item_kind(new)),
        );
    }

    fn fields(
        &mut self,
        owner: &TypeDef,
        direction: Direction,
        old: &Struct,
        new: &Struct,
        ops: &[String],
    ) {
        let name = owner.name.as_str();
        let is_tag = |wire: &str| self.tags.contains(&(name.to_owned(), wire.to_owned()));
        let removed: Vec<&Field> = old
            .fields
            .iter()
            .filter(|f| !new.fields.iter().any(|n| n.wire == f.wire) && !is_tag(&f.wire))
            .collect();
        let mut added: Vec<&Field> = new
            .fields
            .iter()
            .filter(|f| !old.fields.iter().any(|o| o.wire == f.wire) && !is_tag(&f.wire))
            .collect();
        for f in removed {
            self.at = owner.pointer.clone();
            if let Some(i) = added.iter().position(|g| self.same_field(f, g)) {
                let g = added.remove(i);
                self.push(
                    (Level::Breaking, Impact::Major),
                    ops,
                    format!("{name}.{}", f.wire),
                    format!("renamed to {}", g.wire),
                )
                .why = Some("the same property under another wire name".into());
                self.rust_item(
                    format!("types::{name}::{}", f.ident),
                    Impact::Major,
                    Some(format!("pub {}: {}", f.ident, rust::field_type(f))),
                    Some(format!("pub {}: {}", g.ident, rust::field_type(g))),
                );
                continue;
            }
            let request = if new.closed {
                (Level::Breaking, "the server refuses unknown properties")
            } else {
                (Level::PossiblyBreaking, "the server no longer reads it")
            };
            let response = if f.required {
                (Level::Breaking, "answers no longer carry it")
            } else {
                (Level::PossiblyBreaking, "answers no longer carry it")
            };
            let (level, why) = match direction {
                Direction::Request => request,
                Direction::Response => response,
                Direction::Both => request.min(response),
            };
            self.push(
                (level, Impact::Major),
                ops,
                format!("{name}.{}", f.wire),
                "removed",
            )
            .why = Some(why.into());
            self.rust_item(
                format!("types::{name}::{}", f.ident),
                Impact::Major,
                Some(format!("pub {}: {}", f.ident, rust::field_type(f))),
                None,
            );
        }
        for f in added {
            self.at = join(&join(&owner.pointer, "properties"), &f.wire);
            let (what, effect) = if f.required {
                ("required field added", Effect::Narrows)
            } else {
                ("optional field added", Effect::Widens)
            };
            // A property an answer gains is new data, never something a client must handle.
            let level = match direction {
                Direction::Response => Level::NonBreaking,
                _ => wire(Direction::Request, effect),
            };
            let change = self.push(
                (level, Impact::Minor),
                ops,
                format!("{name}.{}", f.wire),
                what,
            );
            if f.required && f.default.is_some() && direction.sends() {
                change.why = Some("a default does not make a required property optional".into());
            }
            self.rust_item(
                format!("types::{name}::{}", f.ident),
                Impact::Minor,
                None,
                Some(format!("pub {}: {}", f.ident, rust::field_type(f))),
            );
        }
        for f in &new.fields {
            if let Some(o) = old.fields.iter().find(|o| o.wire == f.wire) {
                self.at = join(&join(&owner.pointer, "properties"), &f.wire);
                self.field(name, direction, o, f, ops);
            }
        }
        self.at = owner.pointer.clone();
        if old.closed != new.closed {
            let effect = if new.closed {
                Effect::Narrows
            } else {
                Effect::Widens
            };
            // A received struct keeps unknown members in `additional` unless the object is closed.
            let rust = match (owner.direction.receives(), new.closed) {
                (false, _) => Impact::None,
                (true, true) => Impact::Major,
                (true, false) => Impact::Minor,
            };
            self.push(
                (wire(direction, effect), rust),
                ops,
                name,
                format!(
                    "additionalProperties false: {} → {}",
                    old.closed, new.closed
                ),
            );
            if rust != Impact::None {
                let field = "pub additional: serde_json::Map<String, serde_json::Value>".to_owned();
                let (before, after) = if new.closed {
                    (Some(field), None)
                } else {
                    (None, Some(field))
                };
                self.rust_item(format!("types::{name}::additional"), rust, before, after);
            }
        }
        if format!("{:?}", old.rules) != format!("{:?}", new.rules) {
            let change = self.push(
                (wire(direction, Effect::Unknown), Impact::None),
                ops,
                name,
                "conditional rules (if/then/else) changed",
            );
            change.why = Some("conditional requirements decide which values are valid".into());
            if direction == Direction::Response {
                change.tolerated = Some(UNCHECKED.into());
            }
        }
    }

    /// Two fields that differ only in name: the same type, presence, constraints and docs.
    fn same_field(&self, old: &Field, new: &Field) -> bool {
        self.renamed(&old.ty) == new.ty
            && (old.required, old.nullable, old.defaulted)
                == (new.required, new.nullable, new.defaulted)
            && old.default == new.default
            && old.constraints == new.constraints
            && old.facts == new.facts
            && old.docs == new.docs
    }

    fn field(
        &mut self,
        owner: &str,
        direction: Direction,
        old: &Field,
        new: &Field,
        ops: &[String],
    ) {
        let subject = format!("{owner}.{}", new.wire);
        let renamed_old = Field {
            ty: self.renamed(&old.ty),
            ..old.clone()
        };
        let (old_rust, new_rust) = (rust::field_type(&renamed_old), rust::field_type(new));
        let rust = if old_rust != new_rust {
            Impact::Major
        } else {
            Impact::None
        };
        if renamed_old.ty != new.ty {
            self.push(
                (Level::Breaking, rust),
                ops,
                &subject,
                format!(
                    "type {} → {}",
                    rust::type_name(&old.ty),
                    rust::type_name(&new.ty)
                ),
            );
        }
        // Presence: a required property that may now be absent (or null) widens what a client
        // receives and narrows nothing it sends.
        for (what, was, is) in [
            ("required", old.required, new.required),
            ("nullable", !old.nullable, !new.nullable),
        ] {
            if was == is {
                continue;
            }
            let effect = if is { Effect::Narrows } else { Effect::Widens };
            let shown = if what == "required" {
                format!("required {was} → {is}")
            } else {
                format!("nullable {} → {}", !was, !is)
            };
            let level = wire(direction, effect);
            let change = self.push((level, rust), ops, &subject, shown);
            if what == "required" && is && direction.sends() {
                change.why = Some("clients must send it".into());
            }
            if direction.receives() && effect == Effect::Widens && rust == Impact::None {
                change.tolerated = Some(OPTION.into());
            }
        }
        if old.default != new.default {
            let level = if direction.sends() {
                Level::Breaking
            } else {
                Level::NonBreaking
            };
            self.push(
                (level, rust),
                ops,
                &subject,
                format!(
                    "default {} → {}",
                    show_value(&old.default),
                    show_value(&new.default)
                ),
            )
            .why = Some(if direction.sends() {
                "the server assumes another value when the field is left out".into()
            } else {
                "an absent field reads as another value".into()
            });
        }
        self.value_rules(
            direction,
            ops,
            &subject,
            (&old.constraints, &old.facts),
            (&new.constraints, &new.facts),
        );
        if old.docs != new.docs {
            self.push(
                (Level::Documentation, Impact::None),
                ops,
                &subject,
                "description changed",
            );
        }
        if old_rust != new_rust {
            self.rust_item(
                format!("types::{owner}::{}", new.ident),
                Impact::Major,
                Some(format!("pub {}: {old_rust}", old.ident)),
                Some(format!("pub {}: {new_rust}", new.ident)),
            );
        }
    }

    fn enum_values(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        direction: Direction,
        old: &[EnumValue],
        new: &[EnumValue],
        ops: &[String],
    ) {
        let owner = new_def.name.as_str();
        // Received enums keep unknown values in a variant of their own and are non-exhaustive;
        // an enum only sent is a closed, exhaustive list.
        let open = old_def.direction.receives() && new_def.direction.receives();
        for v in old.iter().filter(|v| !new.iter().any(|n| n.wire == v.wire)) {
            let change = self.push(
                (wire(direction, Effect::Narrows), Impact::Major),
                ops,
                owner,
                format!("enum value {:?} removed", v.wire),
            );
            if direction.sends() {
                change.why = Some("clients can no longer send it".into());
            }
            self.rust_item(
                format!("types::{owner}::{}", v.ident),
                Impact::Major,
                Some(v.ident.clone()),
                None,
            );
        }
        for v in new.iter().filter(|v| !old.iter().any(|o| o.wire == v.wire)) {
            let rust = if open { Impact::Minor } else { Impact::Major };
            // A list declared to grow (`x-extensible-enum`) tells clients to expect new values.
            let level = if new_def.extensible && old_def.extensible {
                Level::NonBreaking
            } else {
                wire(direction, Effect::Widens)
            };
            let change = self.push(
                (level, rust),
                ops,
                owner,
                format!("enum value {:?} added", v.wire),
            );
            if direction.receives() && level != Level::NonBreaking {
                change.tolerated =
                    Some("our response enums keep a value they do not know in `Unknown`".into());
            }
            self.rust_item(
                format!("types::{owner}::{}", v.ident),
                rust,
                None,
                Some(v.ident.clone()),
            );
        }
        if old_def.extensible != new_def.extensible {
            let effect = if new_def.extensible {
                Effect::Widens
            } else {
                Effect::Narrows
            };
            // Only an enum that is never received changes shape: it gains or loses `Unknown`.
            let rust = if open { Impact::None } else { Impact::Major };
            self.push(
                (wire(direction, effect), rust),
                ops,
                owner,
                format!(
                    "x-extensible-enum {} → {}",
                    old_def.extensible, new_def.extensible
                ),
            )
            .why = Some("whether values outside the list are valid".into());
        }
        for v in new {
            if let Some(o) = old.iter().find(|o| o.wire == v.wire) {
                if o.docs != v.docs {
                    self.push(
                        (Level::Documentation, Impact::None),
                        ops,
                        owner,
                        format!("enum value {:?} description changed", v.wire),
                    );
                }
            }
        }
    }

    /// Union variants as (what tells them apart, Rust ident); `open` when the union keeps
    /// shapes it does not know (and is non-exhaustive).
    fn variants(
        &mut self,
        owner: &str,
        direction: Direction,
        open: bool,
        old: &[(String, String)],
        new: &[(String, String)],
        ops: &[String],
    ) {
        for (key, ident) in old.iter().filter(|v| !new.contains(v)) {
            self.push(
                (wire(direction, Effect::Narrows), Impact::Major),
                ops,
                owner,
                format!("variant {key} removed"),
            );
            self.rust_item(
                format!("types::{owner}::{ident}"),
                Impact::Major,
                Some(ident.clone()),
                None,
            );
        }
        for (key, ident) in new.iter().filter(|v| !old.contains(v)) {
            let rust = if open { Impact::Minor } else { Impact::Major };
            let level = wire(direction, Effect::Widens);
            let change = self.push((level, rust), ops, owner, format!("variant {key} added"));
            if direction.receives() && level != Level::NonBreaking {
                change.tolerated = Some("unknown shapes are kept in the catch-all variant".into());
            }
            self.rust_item(
                format!("types::{owner}::{ident}"),
                rust,
                None,
                Some(ident.clone()),
            );
        }
    }
}
