//! Schemas to types. Only what operations reach becomes a type; each component schema becomes
//! at most one type, named after its key; inline schemas that need a name take it from where
//! they stand (`{Parent}{Field}`, `{Operation}Request`).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::naming::{field_ident, numbered, type_name, variant_name};
use super::{
    Constraints, Direction, Effect, EnumValue, Facts, Field, Rule, Struct, TaggedVariant, Ty,
    TypeDef, TypeKind, UntaggedVariant,
};
use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::{self, join};

/// Schema keywords that only constrain or describe; a schema made of these alone adds no shape.
const ANNOTATIONS: [&str; 6] = [
    "description",
    "title",
    "examples",
    "example",
    "x-errata",
    "deprecated",
];

pub struct Context<'a> {
    spec: &'a Spec,
    types: Vec<TypeDef>,
    by_name: HashMap<String, usize>,
    by_pointer: HashMap<String, String>,
    /// Types that are variants of a tagged union, with the tag property they leave out.
    tag_of: HashMap<String, String>,
    roots: Vec<(Ty, Direction)>,
    problems: Vec<Problem>,
}

impl<'a> Context<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        Context {
            spec,
            types: Vec::new(),
            by_name: HashMap::new(),
            by_pointer: HashMap::new(),
            tag_of: HashMap::new(),
            roots: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        let p = self.spec.problem(pointer, message);
        self.problems.push(p);
    }

    /// Records that `ty` travels in `direction` (a request body, parameter or answer).
    pub fn used(&mut self, ty: &Ty, direction: Direction) {
        self.roots.push((ty.clone(), direction));
    }

    /// The type of the schema at `at`; `hint` names it if it needs a name of its own.
    pub fn ty(&mut self, at: &str, schema: &Value, hint: &str) -> Ty {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return self.referenced(at, reference);
        }
        if let Some((member_at, member, _)) = wrapped(at, schema) {
            return self.ty(&member_at, member, hint);
        }
        let (types, _) = types_of(schema);
        if needs_name(schema, &types) {
            let name = self.unique(hint);
            return Ty::Named(self.define(at, schema, name));
        }
        if types.len() > 1 {
            // `type: [integer, string]`: one Rust type cannot hold both, JSON can.
            let numeric = types.iter().all(|t| t == "integer" || t == "number");
            return if numeric { Ty::Number } else { Ty::Json };
        }
        match types.first().map(String::as_str) {
            Some("string") => string_ty(schema),
            Some("integer") => Ty::Integer,
            Some("number") => Ty::Number,
            Some("boolean") => Ty::Boolean,
            Some("array") => {
                let item_hint = format!("{hint}Item");
                match schema.get("items") {
                    Some(items) => {
                        Ty::Vec(Box::new(self.ty(&join(at, "items"), items, &item_hint)))
                    }
                    None => Ty::Vec(Box::new(Ty::Json)),
                }
            }
            Some("object") => match map_values(schema) {
                Some(values) => {
                    let values_at = join(at, "additionalProperties");
                    Ty::Map(Box::new(self.ty(
                        &values_at,
                        values,
                        &format!("{hint}Value"),
                    )))
                }
                None => Ty::Object,
            },
            _ => Ty::Json,
        }
    }

    fn referenced(&mut self, at: &str, reference: &str) -> Ty {
        let Some(target) = pointer::from_local_ref(reference) else {
            self.problem(at, format!("cannot follow $ref {reference:?}"));
            return Ty::Json;
        };
        if let Some(name) = self.by_pointer.get(&target) {
            return Ty::Named(name.clone());
        }
        let Some(schema) = pointer::resolve(&self.spec.root, &target) else {
            self.problem(at, format!("$ref {reference:?} points at nothing"));
            return Ty::Json;
        };
        let key = target.rsplit('/').next().unwrap_or_default();
        let key = pointer::tokens(&format!("/{key}"))
            .and_then(|t| t.into_iter().next())
            .unwrap_or_default();
        let Some(name) = type_name(&key) else {
            self.problem(
                &target,
                format!("schema name {key:?} gives no Rust type name"),
            );
            return Ty::Json;
        };
        let name = self.unique(&name);
        Ty::Named(self.define(&target, schema, name))
    }

    /// A type name not yet taken, adding a number when needed. Names the generated module already
    /// uses unqualified (std's prelude, the derives, `Self`) get `Type` appended.
    fn unique(&self, wanted: &str) -> String {
        let wanted = type_name_in_module(wanted);
        numbered(&wanted, "", |n| self.by_name.contains_key(n))
    }

    fn define(&mut self, at: &str, schema: &Value, name: String) -> String {
        // Reserve first, so a schema that refers to itself ends.
        let index = self.types.len();
        self.by_name.insert(name.clone(), index);
        self.by_pointer.insert(at.to_owned(), name.clone());
        self.types.push(TypeDef {
            name: name.clone(),
            docs: describe(schema),
            pointer: at.to_owned(),
            direction: Direction::Response,
            kind: TypeKind::Alias {
                ty: Ty::Json,
                constraints: Constraints::default(),
            },
            extensible: false,
            facts: facts(schema),
        });
        let kind = self.kind(at, schema, &name);
        self.types[index].extensible =
            matches!(kind, TypeKind::Enum(_)) && schema.get("enum").is_none();
        self.types[index].kind = kind;
        name
    }

    fn kind(&mut self, at: &str, schema: &Value, name: &str) -> TypeKind {
        let (types, _) = types_of(schema);
        if let Some((key, variants)) = union_of(schema) {
            return self.union(at, schema, name, key, variants);
        }
        if let Some(values) = string_enum(schema) {
            return TypeKind::Enum(self.enum_values(schema, values));
        }
        // `type` decides: a declared `array` keeps stray `properties` from making it a struct.
        let is_object = types.iter().any(|t| t == "object")
            || (types.is_empty() && schema.get("allOf").is_some());
        if is_object && has_shape(schema) {
            return TypeKind::Struct(self.structure(at, schema, name));
        }
        let mut plain = schema.clone();
        if let Some(map) = plain.as_object_mut() {
            map.remove("enum");
        }
        let ty = match types.first().map(String::as_str) {
            Some("array") => {
                let items = schema.get("items").cloned().unwrap_or(Value::Bool(true));
                Ty::Vec(Box::new(self.ty(
                    &join(at, "items"),
                    &items,
                    &format!("{name}Item"),
                )))
            }
            Some("string") => string_ty(schema),
            Some("integer") => Ty::Integer,
            Some("number") => Ty::Number,
            Some("boolean") => Ty::Boolean,
            Some("object") => Ty::Object,
            _ => Ty::Json,
        };
        TypeKind::Alias {
            ty,
            constraints: constraints(schema),
        }
    }

    fn enum_values(&mut self, schema: &Value, values: &[Value]) -> Vec<EnumValue> {
        let names = schema.get("x-enum-varnames").and_then(Value::as_array);
        let docs = schema.get("x-enum-descriptions").and_then(Value::as_array);
        let mut seen = HashSet::new();
        let mut seen_wire = HashSet::new();
        let mut out = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let wire = value.as_str().unwrap_or_default().to_owned();
            if !seen_wire.insert(wire.clone()) {
                continue; // the same value listed twice
            }
            let wanted = names
                .and_then(|n| n.get(i))
                .and_then(Value::as_str)
                .and_then(type_name)
                .unwrap_or_else(|| variant_name(&wire));
            // `Unknown` holds values the document does not list; clashing names get numbers.
            let wanted = if wanted == "Unknown" {
                "UnknownValue".to_owned()
            } else {
                wanted
            };
            let ident = numbered(&wanted, "", |candidate| seen.contains(candidate));
            seen.insert(ident.clone());
            let doc = docs
                .and_then(|d| d.get(i))
                .and_then(Value::as_str)
                .map_or_else(
                    || format!("`{wire}`"),
                    |d| format!("`{wire}`: {}", d.trim()),
                );
            out.push(EnumValue {
                wire,
                ident,
                docs: doc,
            });
        }
        out
    }

    fn union(
        &mut self,
        at: &str,
        schema: &Value,
        name: &str,
        key: &str,
        variants: &[Value],
    ) -> TypeKind {
        if let Some((tag, tagged)) = self.tagged(at, schema, key, variants) {
            let mut out = Vec::new();
            for (i, (tag_value, variant)) in tagged.into_iter().enumerate() {
                let variant_at = format!("{}/{i}", join(at, key));
                let Some(ident) = type_name(&tag_value) else {
                    self.problem(
                        &variant_at,
                        format!("tag {tag_value:?} gives no Rust variant name"),
                    );
                    continue;
                };
                let hint = format!("{name}{ident}");
                let Ty::Named(ty) = self.ty(&variant_at, &variant, &hint) else {
                    self.problem(&variant_at, "a tagged variant must be an object schema");
                    continue;
                };
                self.tag_of.insert(ty.clone(), tag.clone());
                let docs = self.variant_docs(&variant);
                out.push(TaggedVariant {
                    tag_value,
                    ident,
                    ty,
                    docs,
                });
            }
            return TypeKind::Tagged { tag, variants: out };
        }
        let mut out: Vec<UntaggedVariant> = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let variant_at = format!("{}/{i}", join(at, key));
            let ty = self.ty(&variant_at, variant, &format!("{name}Variant{}", i + 1));
            let base = match &ty {
                Ty::Named(n) => n.clone(),
                Ty::String => "String".into(),
                Ty::Secret => "Secret".into(),
                Ty::Integer => "Integer".into(),
                Ty::Number => "Number".into(),
                Ty::Boolean => "Boolean".into(),
                Ty::Object => "Object".into(),
                Ty::Json => "Value".into(),
                Ty::Bytes => "Bytes".into(),
                Ty::Map(_) => "Map".into(),
                Ty::Vec(_) => "List".into(),
            };
            let mut ident = base.clone();
            let mut n = 2;
            while out.iter().any(|v| v.ident == ident) || ident == "Other" {
                ident = format!("{base}{n}");
                n += 1;
            }
            let resolved = self.resolve(variant);
            out.push(UntaggedVariant {
                ident,
                ty,
                docs: self.variant_docs(variant),
                constraints: constraints(resolved),
            });
        }
        TypeKind::Untagged(out)
    }

    /// The tag property and each variant's tag value, when the union is tagged: by its
    /// discriminator, or by a property every variant pins with a `const` string.
    fn tagged(
        &mut self,
        at: &str,
        schema: &Value,
        key: &str,
        variants: &[Value],
    ) -> Option<(String, Vec<(String, Value)>)> {
        let resolved: Vec<&Value> = variants.iter().map(|v| self.resolve(v)).collect();
        if !resolved.iter().all(|v| v.get("properties").is_some()) {
            return None;
        }
        let discriminator = schema
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str);
        let candidates: Vec<String> = match discriminator {
            Some(p) => vec![p.to_owned()],
            None => resolved[0]
                .get("properties")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
        };
        for tag in candidates {
            let mut values = Vec::new();
            for (variant, target) in variants.iter().zip(&resolved) {
                let pinned = target
                    .pointer(&format!("/properties/{}/const", pointer::escape(&tag)))
                    .and_then(Value::as_str);
                let mapped = discriminator
                    .filter(|p| *p == tag)
                    .and_then(|_| discriminator_value(schema, variant));
                match pinned.map(str::to_owned).or(mapped) {
                    Some(v) => values.push((v, variant.clone())),
                    None => break,
                }
            }
            if values.len() == variants.len() {
                return Some((tag, values));
            }
            if discriminator.is_some() {
                self.problem(
                    &join(at, key),
                    format!("discriminator {tag:?}: every variant needs a `const` for it or a `mapping` entry"),
                );
            }
        }
        None
    }

    fn variant_docs(&self, variant: &Value) -> String {
        let own = describe(variant);
        if own.is_empty() {
            describe(self.resolve(variant))
        } else {
            own
        }
    }

    /// Follows `$ref`s to the schema they name (the schema itself when none).
    fn resolve<'b>(&self, schema: &'b Value) -> &'b Value
    where
        'a: 'b,
    {
        let mut current = schema;
        for _ in 0..32 {
            match current
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(pointer::from_local_ref)
            {
                Some(target) => match pointer::resolve(&self.spec.root, &target) {
                    Some(next) => current = next,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }

    fn structure(&mut self, at: &str, schema: &Value, name: &str) -> Struct {
        let mut out = Struct {
            closed: schema.get("additionalProperties") == Some(&Value::Bool(false)),
            ..Struct::default()
        };
        let mut members: Vec<(String, &Value)> = vec![(at.to_owned(), schema)];
        self.all_of_members(at, schema, &mut members, &mut HashSet::new());
        let mut required: HashSet<String> = HashSet::new();
        for (_, m) in &members {
            for r in m
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(r) = r.as_str() {
                    required.insert(r.to_owned());
                }
            }
        }
        for (member_at, m) in &members {
            if let Some(props) = m.get("properties").and_then(Value::as_object) {
                for (wire, p) in props {
                    let field_at = join(&join(member_at, "properties"), wire);
                    if let Some(mut field) =
                        self.field(&field_at, wire, p, required.contains(wire), name)
                    {
                        if !out.fields.iter().any(|f: &Field| f.wire == field.wire) {
                            field.ident = distinct_field_ident(&field.ident, &out.fields);
                            out.fields.push(field);
                        }
                    }
                }
            }
            if m.get("if").is_some() {
                if let Some(rule) = self.rule(member_at, m, &out.fields) {
                    out.rules.push(rule);
                }
            }
        }
        if let Some(outcome) = schema.get("x-outcome") {
            let property = outcome
                .get("property")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let values = outcome
                .get("success")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if values.is_empty() || !out.fields.iter().any(|f| f.wire == property) {
                self.problem(&join(at, "x-outcome"), "x-outcome needs `property` (a property of this object) and a non-empty `success` list of values");
            } else {
                out.outcome = Some((property.to_owned(), values));
            }
        }
        // A member with no shape of its own must be a condition we understood.
        for (member_at, m) in members.iter().skip(1) {
            let shapeless = m.as_object().is_some_and(|o| {
                o.keys().all(|k| {
                    ANNOTATIONS.contains(&k.as_str())
                        || matches!(
                            k.as_str(),
                            "if" | "then"
                                | "else"
                                | "allOf"
                                | "required"
                                | "properties"
                                | "type"
                                | "additionalProperties"
                        )
                })
            });
            if !shapeless {
                self.problem(
                    member_at,
                    "only object members and if/then/else conditions are supported inside allOf",
                );
            }
        }
        out
    }

    /// The members of `schema`'s `allOf`, their `$ref`s followed, and the members of theirs: a
    /// base that itself extends a base (`Puppy` → `Dog` → `Pet`) contributes every level.
    fn all_of_members<'b>(
        &self,
        at: &str,
        schema: &'b Value,
        members: &mut Vec<(String, &'b Value)>,
        seen: &mut HashSet<String>,
    ) where
        'a: 'b,
    {
        let Some(all) = schema.get("allOf").and_then(Value::as_array) else {
            return;
        };
        for (i, m) in all.iter().enumerate() {
            if let Some(target) = m.get("$ref").and_then(Value::as_str) {
                if !seen.insert(target.to_owned()) {
                    continue; // a cycle, or a base reached twice: its members are already in
                }
            }
            let member_at = format!("{}/{i}", join(at, "allOf"));
            let resolved = self.resolve(m);
            self.all_of_members(&member_at, resolved, members, seen);
            members.push((member_at, resolved));
        }
    }

    fn field(
        &mut self,
        at: &str,
        wire: &str,
        schema: &Value,
        required: bool,
        parent: &str,
    ) -> Option<Field> {
        // A name of symbols alone is spelled out (`""` → `empty`, `@` → `at`).
        let Some(ident) = field_ident(wire).or_else(|| field_ident(&variant_name(wire))) else {
            self.problem(at, format!("property {wire:?} gives no Rust field name"));
            return None;
        };
        let target = self.resolve(schema);
        let (_, nullable) = types_of(target);
        let nullable = nullable || wrapped(at, schema).is_some_and(|(_, _, n)| n);
        let hint = format!(
            "{parent}{}",
            type_name(wire).unwrap_or_else(|| "Field".into())
        );
        let ty = self.ty(at, schema, &hint);
        let own = self.constraints_of(schema, &ty);
        let docs = {
            let d = describe(schema);
            if d.is_empty() { describe(target) } else { d }
        };
        let nullable = nullable || schema.get("nullable") == Some(&Value::Bool(true));
        Some(Field {
            wire: wire.to_owned(),
            ident,
            docs,
            ty,
            required,
            nullable,
            default: schema
                .get("default")
                .or_else(|| target.get("default"))
                .cloned(),
            defaulted: false,
            constraints: own,
            boxed: false,
            same_as: schema
                .get("x-same-as-parameter")
                .and_then(Value::as_str)
                .map(str::to_owned),
            facts: facts(schema),
        })
    }

    /// `if: {required: [f], properties: {f: {const|enum}}}` with `then`/`else` made of
    /// `required`, `not: {required}` and per-property constraints.
    fn rule(&mut self, at: &str, member: &Value, fields: &[Field]) -> Option<Rule> {
        let condition = member.get("if")?;
        let props = condition.get("properties").and_then(Value::as_object);
        let tested = props.filter(|p| p.len() == 1).and_then(|p| p.iter().next());
        let Some((field, test)) = tested else {
            self.problem(
                &join(at, "if"),
                "unsupported `if`: it must test exactly one property with `const` or `enum`",
            );
            return None;
        };
        let values = match (
            test.get("const"),
            test.get("enum").and_then(Value::as_array),
        ) {
            (Some(c), _) => vec![c.clone()],
            (None, Some(list)) => list.clone(),
            _ => {
                self.problem(
                    &join(at, "if"),
                    "unsupported `if`: the property test must be `const` or `enum`",
                );
                return None;
            }
        };
        if !fields.iter().any(|f| &f.wire == field) {
            self.problem(
                &join(at, "if"),
                format!("`if` tests {field:?}, which is not a property of this object"),
            );
            return None;
        }
        let then = self.effects(&join(at, "then"), member.get("then"), fields)?;
        let otherwise = self.effects(&join(at, "else"), member.get("else"), fields)?;
        Some(Rule {
            docs: describe(member),
            field: field.clone(),
            values,
            then,
            otherwise,
        })
    }

    fn effects(
        &mut self,
        at: &str,
        branch: Option<&Value>,
        fields: &[Field],
    ) -> Option<Vec<Effect>> {
        let Some(branch) = branch else {
            return Some(Vec::new());
        };
        if branch == &Value::Bool(true) {
            return Some(Vec::new());
        }
        let Some(map) = branch.as_object() else {
            self.problem(at, "unsupported condition branch: use an object or `true`");
            return None;
        };
        let mut out = Vec::new();
        let known = |name: &str| fields.iter().any(|f| f.wire == name);
        for (key, value) in map {
            match key.as_str() {
                "required" => {
                    for r in value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        out.push(Effect::Require(r.to_owned()));
                    }
                }
                "not" => match value.get("required").and_then(Value::as_array) {
                    Some(list) if value.as_object().is_some_and(|o| o.len() == 1) => {
                        out.extend(
                            list.iter()
                                .filter_map(Value::as_str)
                                .map(|r| Effect::Forbid(r.to_owned())),
                        );
                    }
                    _ => {
                        self.problem(
                            &join(at, "not"),
                            "unsupported `not` in a condition: only `not: {required: [...]}`",
                        );
                        return None;
                    }
                },
                "properties" => {
                    for (name, schema) in value.as_object().into_iter().flatten() {
                        out.push(Effect::Constrain(
                            name.clone(),
                            Box::new(constraints(schema)),
                        ));
                    }
                }
                k if ANNOTATIONS.contains(&k) => {}
                other => {
                    self.problem(at, format!("unsupported keyword {other:?} in a condition"));
                    return None;
                }
            }
        }
        for effect in &out {
            let (Effect::Require(n) | Effect::Forbid(n) | Effect::Constrain(n, _)) = effect;
            if !known(n) {
                self.problem(
                    at,
                    format!("the condition names {n:?}, which is not a property of this object"),
                );
                return None;
            }
        }
        Some(out)
    }

    pub fn kind_of(&self, name: &str) -> Option<&TypeKind> {
        self.by_name.get(name).map(|i| &self.types[*i].kind)
    }

    /// The wire names of a struct type's fields.
    pub fn struct_fields(&self, ty: &Ty) -> Option<Vec<String>> {
        match ty {
            Ty::Named(n) => match self.kind_of(n)? {
                TypeKind::Struct(s) => Some(s.fields.iter().map(|f| f.wire.clone()).collect()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Settles each type's direction from where it is used, and returns the types in a stable order.
    pub fn finish(mut self) -> Result<Vec<TypeDef>, Vec<Problem>> {
        let mut direction: BTreeMap<String, Direction> = BTreeMap::new();
        let mut queue: VecDeque<(Ty, Direction)> = self.roots.drain(..).collect();
        while let Some((ty, dir)) = queue.pop_front() {
            let name = match ty {
                Ty::Named(n) => n,
                Ty::Vec(inner) | Ty::Map(inner) => {
                    queue.push_back((*inner, dir));
                    continue;
                }
                _ => continue,
            };
            let joined = direction.get(&name).map_or(dir, |d| d.join(dir));
            if direction.get(&name) == Some(&joined) {
                continue;
            }
            direction.insert(name.clone(), joined);
            let Some(def) = self.by_name.get(&name).map(|i| &self.types[*i]) else {
                continue;
            };
            for child in children(&def.kind) {
                queue.push_back((child, joined));
            }
        }
        for def in &mut self.types {
            def.direction = direction
                .get(&def.name)
                .copied()
                .unwrap_or(Direction::Response);
        }
        self.box_recursive_fields();
        // Received-only fields with a documented scalar default take it when absent.
        for def in &mut self.types {
            if let (Direction::Response, TypeKind::Struct(s)) = (def.direction, &mut def.kind) {
                for f in &mut s.fields {
                    let fits = matches!(
                        (&f.ty, &f.default),
                        (Ty::Boolean, Some(Value::Bool(_)))
                            | (Ty::Integer, Some(Value::Number(_)))
                            | (Ty::Number, Some(Value::Number(_)))
                            | (Ty::String, Some(Value::String(_)))
                    ) && f
                        .default
                        .as_ref()
                        .is_some_and(|d| f.ty != Ty::Integer || d.is_i64());
                    if !f.required && !f.nullable && fits {
                        f.defaulted = true;
                    }
                }
            }
        }
        // Variant structs leave their tag to the union.
        for def in &mut self.types {
            if let (Some(tag), TypeKind::Struct(s)) = (self.tag_of.get(&def.name), &mut def.kind) {
                s.fields.retain(|f| &f.wire != tag);
            }
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        Ok(self.types)
    }
}

impl Context<'_> {
    /// Marks each struct field whose type holds the struct itself without a list in between.
    fn box_recursive_fields(&mut self) {
        let mut marks = Vec::new();
        for (index, def) in self.types.iter().enumerate() {
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            for (f, field) in s.fields.iter().enumerate() {
                if let Ty::Named(child) = &field.ty {
                    if self.holds_inline(child, &def.name, &mut HashSet::new()) {
                        marks.push((index, f));
                    }
                }
            }
        }
        for (index, f) in marks {
            if let TypeKind::Struct(s) = &mut self.types[index].kind {
                s.fields[f].boxed = true;
            }
        }
    }

    /// Whether a value of type `from` contains a `target` directly (not inside a `Vec`, which
    /// already has a size).
    fn holds_inline(&self, from: &str, target: &str, seen: &mut HashSet<String>) -> bool {
        if from == target {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        let Some(def) = self.by_name.get(from).map(|i| &self.types[*i]) else {
            return false;
        };
        let inline: Vec<Ty> = match &def.kind {
            // A field already boxed breaks the chain.
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter(|f| !f.boxed)
                .map(|f| f.ty.clone())
                .collect(),
            other => children(other),
        };
        inline.iter().any(|ty| match ty {
            Ty::Named(name) => self.holds_inline(name, target, seen),
            _ => false,
        })
    }
}

fn children(kind: &TypeKind) -> Vec<Ty> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.clone()).collect(),
        TypeKind::Enum(_) => Vec::new(),
        TypeKind::Tagged { variants, .. } => {
            variants.iter().map(|v| Ty::Named(v.ty.clone())).collect()
        }
        TypeKind::Untagged(variants) => variants.iter().map(|v| v.ty.clone()).collect(),
        TypeKind::Alias { ty, .. } => vec![ty.clone()],
    }
}

/// The schema's types without `null`, and whether `null` is allowed.
/// A string is a [`Ty::Secret`] when the spec says it carries one: `format: password`,
/// `writeOnly` (sent, never shown back) or our `x-sensitive: true`.
fn string_ty(schema: &Value) -> Ty {
    let flag = |k: &str| schema.get(k) == Some(&Value::Bool(true));
    let password = schema.get("format").and_then(Value::as_str) == Some("password");
    if password || flag("writeOnly") || flag("x-sensitive") {
        Ty::Secret
    } else {
        Ty::String
    }
}

fn types_of(schema: &Value) -> (Vec<String>, bool) {
    match schema.get("type") {
        Some(Value::String(t)) => (
            vec![t.clone()],
            schema.get("nullable") == Some(&Value::Bool(true)),
        ),
        Some(Value::Array(list)) => {
            let names: Vec<String> = list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            let nullable = names.iter().any(|t| t == "null");
            (
                names.into_iter().filter(|t| t != "null").collect(),
                nullable,
            )
        }
        _ => {
            let inferred = if schema.get("properties").is_some() {
                vec!["object".to_owned()]
            } else if schema.get("items").is_some() {
                vec!["array".to_owned()]
            } else if schema.get("const").is_some_and(Value::is_string) {
                vec!["string".to_owned()]
            } else {
                Vec::new()
            };
            (inferred, false)
        }
    }
}

/// The tag value a discriminator gives a `$ref` variant: its `mapping` key (the mapping names
/// the reference or the bare schema name), else, as OpenAPI defines, the schema's name.
fn discriminator_value(union: &Value, variant: &Value) -> Option<String> {
    let reference = variant.get("$ref")?.as_str()?;
    let name = reference.rsplit('/').next()?;
    let mapping = union
        .pointer("/discriminator/mapping")
        .and_then(Value::as_object);
    let mapped = mapping.and_then(|m| {
        m.iter()
            .find(|(_, r)| r.as_str() == Some(reference) || r.as_str() == Some(name))
            .map(|(k, _)| k.clone())
    });
    Some(mapped.unwrap_or_else(|| {
        pointer::tokens(&format!("/{name}"))
            .and_then(|t| t.into_iter().next())
            .unwrap_or_else(|| name.to_owned())
    }))
}

/// Names generated next to a struct's fields: `additional` holds the members a received object
/// does not document; a builder's setters sit beside `default` and `build`.
const FIELD_NEIGHBOURS: [&str; 3] = ["additional", "default", "build"];

/// A field name distinct from the fields before it (`id`, `ID` → `id`, `id_2`) and from the
/// names generated beside fields (`default` → `default_`).
fn distinct_field_ident(wanted: &str, fields: &[Field]) -> String {
    let wanted = if FIELD_NEIGHBOURS.contains(&wanted) {
        format!("{wanted}_")
    } else {
        wanted.to_owned()
    };
    numbered(&wanted, "_", |candidate| {
        fields.iter().any(|f| f.ident == *candidate)
    })
}

/// A schema that only wraps one other (`allOf: [$ref]` to add a description, `oneOf: [$ref,
/// {type: null}]` to allow null): the member, where it is, and whether null is allowed.
fn wrapped<'s>(at: &str, schema: &'s Value) -> Option<(String, &'s Value, bool)> {
    const ANNOTATIONS: [&str; 11] = [
        "description",
        "title",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "example",
        "examples",
        "default",
        "externalDocs",
        "xml",
    ];
    let object = schema.as_object()?;
    let (key, list) = ["allOf", "oneOf", "anyOf"]
        .into_iter()
        .find_map(|k| Some((k, object.get(k)?.as_array()?)))?;
    let only_annotations = object
        .keys()
        .all(|k| k == key || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str()));
    if !only_annotations {
        return None;
    }
    let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
    let mut members = list.iter().enumerate().filter(|(_, m)| !is_null(m));
    let (index, member) = members.next()?;
    if members.next().is_some() {
        return None;
    }
    let nullable = list.iter().any(is_null) || object.get("nullable") == Some(&Value::Bool(true));
    Some((format!("{}/{index}", join(at, key)), member, nullable))
}

/// The schema of every member of a map-like object: `additionalProperties` as a schema that says
/// something (not `true` or `{}`), with no fixed properties beside it.
fn map_values(schema: &Value) -> Option<&Value> {
    let values = schema.get("additionalProperties")?;
    let says_something = values.as_object().is_some_and(|o| !o.is_empty());
    let fixed = schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    (says_something && !fixed).then_some(values)
}

/// The union a schema is, when it lists variants. An empty list (which JSON Schema does not
/// allow, but published documents contain) says nothing and is left to the schema's other keys.
fn union_of(schema: &Value) -> Option<(&'static str, &Vec<Value>)> {
    ["oneOf", "anyOf"].into_iter().find_map(|key| {
        let list = schema.get(key).and_then(Value::as_array)?;
        (!list.is_empty()).then_some((key, list))
    })
}

/// Whether an object schema has fields (or conditions over fields) rather than being free-form.
fn has_shape(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || schema.get("allOf").is_some()
}

/// The values of a string enumeration: `enum`, or else `x-extensible-enum` (a list that grows,
/// in the convention of Zalando's API guidelines).
fn string_enum(schema: &Value) -> Option<&[Value]> {
    let values = match schema.get("enum") {
        Some(list) => list.as_array()?,
        None => schema.get("x-extensible-enum")?.as_array()?,
    };
    (!values.is_empty() && values.iter().all(Value::is_string)).then_some(values.as_slice())
}

/// Whether an inline schema needs a named type of its own.
fn needs_name(schema: &Value, types: &[String]) -> bool {
    union_of(schema).is_some()
        || string_enum(schema).is_some()
        || (types.iter().any(|t| t == "object") && has_shape(schema))
}

fn describe(schema: &Value) -> String {
    schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Keywords that restrict an object however its properties are modelled.
const OBJECT_RULES: [&str; 11] = [
    "required",
    "minProperties",
    "maxProperties",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "patternProperties",
    "not",
];

/// What one schema says that generated code does not act on (see [`Facts`]).
pub fn facts(schema: &Value) -> Facts {
    let text = |k: &str| schema.get(k).and_then(Value::as_str).map(str::to_owned);
    let values = match (schema.get("enum"), schema.get("const")) {
        (Some(Value::Array(list)), _) if !list.iter().all(Value::is_string) => list.clone(),
        (_, Some(c)) if !c.is_string() => vec![c.clone()],
        _ => Vec::new(),
    };
    let object = if has_shape(schema) {
        BTreeMap::new()
    } else {
        OBJECT_RULES
            .iter()
            .filter_map(|k| Some(((*k).to_owned(), schema.get(*k)?.clone())))
            .collect()
    };
    Facts {
        format: text("format"),
        pattern: text("pattern"),
        values,
        object,
    }
}

/// Whether a schema allows `null`: `type: [.., null]`, `nullable: true`, or a wrapper with a
/// `null` member.
pub fn allows_null(at: &str, schema: &Value) -> bool {
    types_of(schema).1
        || schema.get("nullable") == Some(&Value::Bool(true))
        || wrapped(at, schema).is_some_and(|(_, _, n)| n)
}

/// The validation keywords of one schema.
pub fn constraints(schema: &Value) -> Constraints {
    let u = |k: &str| schema.get(k).and_then(Value::as_u64);
    let f = |k: &str| schema.get(k).and_then(Value::as_f64);
    // OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum.
    let bound = |flag: &str, limit: &str| match schema.get(flag) {
        Some(Value::Bool(true)) => (None, f(limit)),
        Some(v) if v.is_number() => (f(limit), v.as_f64()),
        _ => (f(limit), None),
    };
    let (minimum, exclusive_minimum) = bound("exclusiveMinimum", "minimum");
    let (maximum, exclusive_maximum) = bound("exclusiveMaximum", "maximum");
    let not_between = schema.get("not").and_then(|n| {
        let low = n.get("exclusiveMinimum")?.as_f64()?;
        let high = n.get("exclusiveMaximum")?.as_f64()?;
        Some((low, high))
    });
    let one_of = match schema.get("const") {
        Some(Value::String(c)) => vec![c.clone()],
        _ => Vec::new(),
    };
    let items = schema
        .get("items")
        .filter(|i| i.get("$ref").is_none())
        .map(constraints)
        .filter(|c| !c.is_empty())
        .map(Box::new);
    Constraints {
        min_length: u("minLength"),
        max_length: u("maxLength"),
        pattern: schema
            .get("pattern")
            .and_then(Value::as_str)
            .and_then(super::pattern::checkable),
        minimum,
        maximum,
        exclusive_minimum,
        exclusive_maximum,
        multiple_of: f("multipleOf"),
        min_items: u("minItems"),
        max_items: u("maxItems"),
        not_between,
        one_of,
        items,
    }
}

/// Names a generated `types` module refers to unqualified: std's prelude, the derived traits and
/// the serde imports. A schema type of one of these names would shadow it.
const NAMES_IN_SCOPE: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Into",
    "From",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "ToString",
    "ToOwned",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
    "Serialize",
    "Deserialize",
];

/// `wanted` as a type of the generated module: the `_` that marks a keyword inside a composed name
/// (`OrderSelf_Item`) is dropped, and a name already in scope gets `Type` (`Option` →
/// `OptionType`).
fn type_name_in_module(wanted: &str) -> String {
    let plain = wanted.replace('_', "");
    if NAMES_IN_SCOPE.contains(&plain.as_str()) {
        format!("{plain}Type")
    } else {
        plain
    }
}
