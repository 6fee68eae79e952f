//! The rules: two models (and, for examples and errata, two documents) to classified changes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::rust;

use super::{Change, Level, RustChange, Side};
use crate::model::{
    Api, Constraints, Direction, EnumValue, Field, Operation, Param, ParamIn, Scheme, Struct, Ty,
    TypeDef, TypeKind,
};

const TOLERANT_ENUM: &str =
    "our response enums keep a value they do not know in `Unknown`, so answers still decode";
const UNCHECKED: &str = "answers are never checked against constraints";

struct Diff<'a> {
    old: &'a Api,
    new: &'a Api,
    /// Type name → the operations whose requests or answers hold it (old and new models).
    users: BTreeMap<String, BTreeSet<String>>,
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
    fn push(
        &mut self,
        level: Level,
        ops: Vec<String>,
        subject: impl Into<String>,
        change: impl Into<String>,
        why: Option<&str>,
    ) {
        self.changes.push(Change {
            level,
            operations: ops,
            subject: subject.into(),
            change: change.into(),
            why: why.map(str::to_owned),
        });
    }

    fn rust(&mut self, item: impl Into<String>, change: impl Into<String>) {
        self.rust.push(RustChange {
            item: item.into(),
            change: change.into(),
        });
    }

    fn users_of(&self, type_name: &str) -> Vec<String> {
        self.users
            .get(type_name)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    fn servers(&mut self) {
        let urls = |api: &Api| {
            api.servers
                .iter()
                .map(|s| s.url.clone())
                .collect::<Vec<_>>()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        if old.first() != new.first() {
            self.push(
                Level::PossiblyBreaking,
                Vec::new(),
                "default server",
                format!(
                    "{} → {}",
                    old.first().map_or("none", String::as_str),
                    new.first().map_or("none", String::as_str)
                ),
                Some("clients built without `base_url` now call another server"),
            );
            self.rust("DEFAULT_BASE_URL", "changed");
        }
        for url in new.iter().skip(1).filter(|u| !old.contains(u)) {
            self.push(
                Level::NonBreaking,
                Vec::new(),
                "servers",
                format!("{url} added"),
                None,
            );
        }
        for url in old.iter().skip(1).filter(|u| !new.contains(u)) {
            self.push(
                Level::NonBreaking,
                Vec::new(),
                "servers",
                format!("{url} removed"),
                Some("only the default server is used unless a base URL is given"),
            );
        }
    }

    fn security(&mut self) {
        let all_ops: Vec<String> = self.new.operations.iter().map(|o| o.id.clone()).collect();
        for scheme in &self.old.auth.schemes {
            match self
                .new
                .auth
                .schemes
                .iter()
                .find(|s| s.name() == scheme.name())
            {
                None => self.push(
                    Level::Breaking,
                    all_ops.clone(),
                    format!("security scheme {}", scheme.name()),
                    "removed",
                    None,
                ),
                Some(new) if travels_differently(new, scheme) => self.push(
                    Level::Breaking,
                    all_ops.clone(),
                    format!("security scheme {}", scheme.name()),
                    "how the credential is sent changed",
                    None,
                ),
                Some(new) if new.docs != scheme.docs => self.push(
                    Level::Documentation,
                    Vec::new(),
                    format!("security scheme {}", scheme.name()),
                    "description changed",
                    None,
                ),
                Some(_) => {}
            }
        }
        for scheme in self
            .new
            .auth
            .schemes
            .iter()
            .filter(|s| !self.old.auth.schemes.iter().any(|o| o.name() == s.name()))
        {
            self.push(
                Level::Breaking,
                all_ops.clone(),
                format!("security scheme {}", scheme.name()),
                "added",
                Some("clients need a new credential"),
            );
        }
        if format!("{:?}", self.old.auth.rpc) != format!("{:?}", self.new.auth.rpc) {
            self.push(
                Level::Breaking,
                all_ops,
                "x-rpc-envelope",
                "the signed form envelope changed",
                None,
            );
        }
        let names = |api: &Api| {
            api.auth
                .credentials()
                .iter()
                .filter(|c| !c.optional)
                .map(|c| c.ident.clone())
                .collect::<Vec<_>>()
        };
        let (old, new) = (names(self.old), names(self.new));
        if old != new {
            self.rust(
                "Credentials::new",
                format!("({}) → ({})", old.join(", "), new.join(", ")),
            );
        }
    }

    fn operations(&mut self) {
        for op in &self.old.operations {
            if !self.new.operations.iter().any(|o| o.id == op.id) {
                self.push(
                    Level::Breaking,
                    vec![op.id.clone()],
                    format!("operation {}", op.id),
                    format!("removed ({} {})", op.http_method, op.path),
                    None,
                );
                self.rust(format!("Client::{}", op.method_name), "removed");
            }
        }
        for op in &self.new.operations {
            match self.old.operations.iter().find(|o| o.id == op.id) {
                None => {
                    self.push(
                        Level::NonBreaking,
                        vec![op.id.clone()],
                        format!("operation {}", op.id),
                        format!("added ({} {})", op.http_method, op.path),
                        None,
                    );
                    self.rust(format!("Client::{}", op.method_name), "added");
                }
                Some(old) => self.operation(old, op),
            }
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let ops = vec![new.id.clone()];
        let subject = format!("operation {}", new.id);
        if (&old.http_method, &old.path, &old.rpc_method)
            != (&new.http_method, &new.path, &new.rpc_method)
        {
            let show = |o: &Operation| {
                format!(
                    "{} {}{}",
                    o.http_method,
                    o.path,
                    o.rpc_method
                        .as_ref()
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                )
            };
            self.push(
                Level::Breaking,
                ops.clone(),
                &subject,
                format!("{} → {}", show(old), show(new)),
                None,
            );
        }
        if old.security != new.security {
            self.push(
                Level::Breaking,
                ops.clone(),
                &subject,
                format!(
                    "security [{}] → [{}]",
                    old.security.join(", "),
                    new.security.join(", ")
                ),
                None,
            );
        }
        if old.idempotent != new.idempotent {
            self.push(
                Level::NonBreaking,
                ops.clone(),
                &subject,
                format!("idempotent {} → {}", old.idempotent, new.idempotent),
                Some("only which failures are retried changes"),
            );
        }
        if format!("{:?}{:?}", old.envelope, old.pagination)
            != format!("{:?}{:?}", new.envelope, new.pagination)
        {
            self.push(
                Level::PossiblyBreaking,
                ops.clone(),
                &subject,
                "answer envelope or paging changed",
                None,
            );
        }
        if old.summary != new.summary || old.docs != new.docs {
            self.push(
                Level::Documentation,
                ops.clone(),
                &subject,
                "summary or description changed",
                None,
            );
        }
        self.params(old, new);
        self.body(old, new);
        self.responses(old, new);
        let (a, b) = (
            rust::signature(self.old, old).to_string(),
            rust::signature(self.new, new).to_string(),
        );
        if a != b {
            self.rust(format!("Client::{}", new.method_name), format!("{a} → {b}"));
        }
    }

    fn body(&mut self, old: &Operation, new: &Operation) {
        let ops = vec![new.id.clone()];
        let subject = format!("operation {}", new.id);
        match (&old.body, &new.body) {
            (None, Some(b)) => self.push(
                if b.required {
                    Level::Breaking
                } else {
                    Level::PossiblyBreaking
                },
                ops.clone(),
                &subject,
                format!("request body {} added", rust::type_name(&b.ty)),
                Some("a new argument of the method"),
            ),
            (Some(b), None) => self.push(
                Level::Breaking,
                ops.clone(),
                &subject,
                format!("request body {} removed", rust::type_name(&b.ty)),
                None,
            ),
            (Some(a), Some(b)) => {
                if a.ty != b.ty || a.kind != b.kind {
                    self.push(
                        Level::Breaking,
                        ops.clone(),
                        &subject,
                        format!(
                            "request body {} → {}",
                            rust::type_name(&a.ty),
                            rust::type_name(&b.ty)
                        ),
                        None,
                    );
                }
                if !a.required && b.required {
                    self.push(
                        Level::Breaking,
                        ops.clone(),
                        &subject,
                        "request body becomes required",
                        None,
                    );
                }
                if a.docs != b.docs {
                    self.push(
                        Level::Documentation,
                        ops.clone(),
                        &subject,
                        "request body description changed",
                        None,
                    );
                }
            }
            (None, None) => {}
        }
    }

    fn responses(&mut self, old: &Operation, new: &Operation) {
        let ops = vec![new.id.clone()];
        let subject = format!("operation {}", new.id);
        for r in &old.responses {
            match new.responses.iter().find(|n| n.status == r.status) {
                None => self.push(
                    if r.is_success() {
                        Level::Breaking
                    } else {
                        Level::PossiblyBreaking
                    },
                    ops.clone(),
                    &subject,
                    format!("answer {} removed", r.status),
                    Some("such an answer now ends in `Error::UnexpectedStatus`"),
                ),
                Some(n) if n.ty != r.ty => self.push(
                    Level::Breaking,
                    ops.clone(),
                    &subject,
                    format!("answer {}: {} → {}", r.status, opt_ty(&r.ty), opt_ty(&n.ty)),
                    None,
                ),
                Some(n) if n.docs != r.docs => self.push(
                    Level::Documentation,
                    ops.clone(),
                    &subject,
                    format!("answer {} description changed", r.status),
                    None,
                ),
                Some(_) => {}
            }
        }
        for r in new
            .responses
            .iter()
            .filter(|n| !old.responses.iter().any(|o| o.status == n.status))
        {
            let level = if r.is_success() {
                Level::PossiblyBreaking
            } else {
                Level::NonBreaking
            };
            let why = if r.is_success() {
                "the method's return type covers another success"
            } else {
                "a documented error: `Error::Documented` instead of `UnexpectedStatus`"
            };
            self.push(
                level,
                ops.clone(),
                &subject,
                format!("answer {} added ({})", r.status, opt_ty(&r.ty)),
                Some(why),
            );
        }
    }

    fn params(&mut self, old: &Operation, new: &Operation) {
        let ops = vec![new.id.clone()];
        let key = |p: &Param| (location(p.location), p.wire.clone());
        for p in &old.params {
            if !new.params.iter().any(|n| key(n) == key(p)) {
                self.push(
                    Level::Breaking,
                    ops.clone(),
                    format!("{} parameter {}", location(p.location), p.wire),
                    "removed",
                    Some("an argument of the method disappears"),
                );
            }
        }
        for p in &new.params {
            let subject = format!("{} parameter {}", location(p.location), p.wire);
            let Some(o) = old.params.iter().find(|o| key(o) == key(p)) else {
                let what = if p.required { "required" } else { "optional" };
                self.push(
                    Level::Breaking,
                    ops.clone(),
                    subject,
                    format!("{what} parameter added"),
                    Some(if p.required {
                        "clients must send it"
                    } else {
                        "a new argument of the method (None keeps today's request)"
                    }),
                );
                continue;
            };
            if o.ty != p.ty {
                self.push(
                    Level::Breaking,
                    ops.clone(),
                    &subject,
                    format!(
                        "type {} → {}",
                        rust::type_name(&o.ty),
                        rust::type_name(&p.ty)
                    ),
                    None,
                );
            }
            if o.required != p.required {
                let (level, why) = if p.required {
                    (Level::Breaking, "clients must send it")
                } else {
                    (Level::PossiblyBreaking, "the argument becomes an Option")
                };
                self.push(
                    level,
                    ops.clone(),
                    &subject,
                    format!("required {} → {}", o.required, p.required),
                    Some(why),
                );
            }
            for (what, effect) in constraint_changes(&o.constraints, &p.constraints) {
                self.push(request_level(effect), ops.clone(), &subject, what, None);
            }
            if o.docs != p.docs {
                self.push(
                    Level::Documentation,
                    ops.clone(),
                    &subject,
                    "description changed",
                    None,
                );
            }
        }
    }

    fn types(&mut self) {
        for t in &self.old.types {
            if !self.new.types.iter().any(|n| n.name == t.name) {
                self.rust(format!("types::{}", t.name), "removed");
            }
        }
        for t in &self.new.types {
            match self.old.types.iter().find(|o| o.name == t.name) {
                None => self.rust(format!("types::{}", t.name), "added"),
                Some(old) => self.type_def(old, t),
            }
        }
    }

    fn type_def(&mut self, old: &TypeDef, new: &TypeDef) {
        let ops = self.users_of(&new.name);
        let direction = old.direction.join(new.direction);
        if old.docs != new.docs {
            self.push(
                Level::Documentation,
                ops.clone(),
                &new.name,
                "description changed",
                None,
            );
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.fields(&new.name, direction, a, b, &ops)
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                self.enum_values(&new.name, direction, a, b, &ops)
            }
            (TypeKind::Tagged { variants: a, .. }, TypeKind::Tagged { variants: b, .. }) => {
                let a: Vec<(String, String)> = a
                    .iter()
                    .map(|v| (v.tag_value.clone(), v.ident.clone()))
                    .collect();
                let b: Vec<(String, String)> = b
                    .iter()
                    .map(|v| (v.tag_value.clone(), v.ident.clone()))
                    .collect();
                self.variants(&new.name, direction, &a, &b, &ops);
            }
            (TypeKind::Untagged(a), TypeKind::Untagged(b)) => {
                let a: Vec<(String, String)> = a
                    .iter()
                    .map(|v| (rust::type_name(&v.ty), v.ident.clone()))
                    .collect();
                let b: Vec<(String, String)> = b
                    .iter()
                    .map(|v| (rust::type_name(&v.ty), v.ident.clone()))
                    .collect();
                self.variants(&new.name, direction, &a, &b, &ops);
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
                if a != b {
                    self.push(
                        Level::Breaking,
                        ops.clone(),
                        &new.name,
                        format!("type {} → {}", rust::type_name(a), rust::type_name(b)),
                        None,
                    );
                    self.rust(
                        format!("types::{}", new.name),
                        format!("{} → {}", rust::type_name(a), rust::type_name(b)),
                    );
                }
                for (what, effect) in constraint_changes(ca, cb) {
                    let (level, why) = by_direction(
                        direction,
                        request_effect(effect),
                        (Level::NonBreaking, Some(UNCHECKED)),
                    );
                    self.push(level, ops.clone(), &new.name, what, why);
                }
            }
            _ => {
                self.push(
                    Level::Breaking,
                    ops.clone(),
                    &new.name,
                    format!("{} → {}", kind_name(&old.kind), kind_name(&new.kind)),
                    None,
                );
                self.rust(
                    format!("types::{}", new.name),
                    format!("{} → {}", kind_name(&old.kind), kind_name(&new.kind)),
                );
            }
        }
    }

    fn fields(
        &mut self,
        owner: &str,
        direction: Direction,
        old: &Struct,
        new: &Struct,
        ops: &[String],
    ) {
        for f in &old.fields {
            if !new.fields.iter().any(|n| n.wire == f.wire) {
                let subject = format!("{owner}.{}", f.wire);
                let (level, why) = by_direction(
                    direction,
                    (
                        Level::Breaking,
                        Some("the Rust field disappears; the server no longer reads it"),
                    ),
                    (Level::Breaking, Some("answers no longer carry it")),
                );
                self.push(level, ops.to_vec(), subject, "removed", why);
                self.rust(format!("types::{owner}::{}", f.ident), "removed");
            }
        }
        for f in &new.fields {
            let subject = format!("{owner}.{}", f.wire);
            let Some(o) = old.fields.iter().find(|o| o.wire == f.wire) else {
                let what = if f.required {
                    "required field added"
                } else {
                    "optional field added"
                };
                let request = if f.required && f.default.is_none() {
                    (Level::Breaking, Some("clients must send it"))
                } else {
                    (Level::NonBreaking, None)
                };
                let (level, why) = by_direction(direction, request, (Level::NonBreaking, None));
                self.push(level, ops.to_vec(), subject, what, why);
                self.rust(format!("types::{owner}::{}", f.ident), "added");
                continue;
            };
            self.field(owner, direction, o, f, ops);
        }
        if format!("{:?}", old.rules) != format!("{:?}", new.rules) {
            let (level, why) = by_direction(
                direction,
                (
                    Level::PossiblyBreaking,
                    Some("conditional requirements decide which requests are valid"),
                ),
                (Level::NonBreaking, Some(UNCHECKED)),
            );
            self.push(
                level,
                ops.to_vec(),
                owner,
                "conditional rules (if/then/else) changed",
                why,
            );
        }
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
        let (old_rust, new_rust) = (rust::field_type(old), rust::field_type(new));
        // An answer field that may now be absent or null breaks code only if its Rust type changes.
        let now_optional = if old_rust != new_rust {
            (Level::Breaking, Some("the Rust field becomes an Option"))
        } else {
            (
                Level::NonBreaking,
                Some("already an Option: absent and null read as None"),
            )
        };
        let push = |d: &mut Self,
                    request: (Level, Option<&str>),
                    response: (Level, Option<&str>),
                    what: String| {
            let (level, why) = by_direction(direction, request, response);
            d.push(level, ops.to_vec(), &subject, what, why);
        };
        if old.ty != new.ty {
            push(
                self,
                (Level::Breaking, None),
                (Level::Breaking, None),
                format!(
                    "type {} → {}",
                    rust::type_name(&old.ty),
                    rust::type_name(&new.ty)
                ),
            );
        }
        if old.required != new.required {
            let what = format!("required {} → {}", old.required, new.required);
            if new.required {
                push(
                    self,
                    (Level::Breaking, Some("clients must send it")),
                    (
                        Level::PossiblyBreaking,
                        Some("the Rust field is no longer an Option"),
                    ),
                    what,
                );
            } else {
                push(self, (Level::NonBreaking, None), now_optional, what);
            }
        }
        if old.nullable != new.nullable {
            let what = format!("nullable {} → {}", old.nullable, new.nullable);
            if new.nullable {
                push(self, (Level::NonBreaking, None), now_optional, what);
            } else {
                push(
                    self,
                    (Level::Breaking, Some("null is no longer accepted")),
                    (Level::PossiblyBreaking, None),
                    what,
                );
            }
        }
        if old.default != new.default {
            let show = |v: &Option<Value>| v.as_ref().map_or("none".to_owned(), Value::to_string);
            push(
                self,
                (
                    Level::PossiblyBreaking,
                    Some("the server assumes another value when the field is left out"),
                ),
                (
                    Level::PossiblyBreaking,
                    Some("an absent field reads as another value"),
                ),
                format!("default {} → {}", show(&old.default), show(&new.default)),
            );
        }
        for (what, effect) in constraint_changes(&old.constraints, &new.constraints) {
            push(
                self,
                request_effect(effect),
                (Level::NonBreaking, Some(UNCHECKED)),
                what,
            );
        }
        if old.docs != new.docs {
            self.push(
                Level::Documentation,
                ops.to_vec(),
                &subject,
                "description changed",
                None,
            );
        }
        if old_rust != new_rust {
            self.rust(
                format!("types::{owner}::{}", new.ident),
                format!("{old_rust} → {new_rust}"),
            );
        }
    }

    fn enum_values(
        &mut self,
        owner: &str,
        direction: Direction,
        old: &[EnumValue],
        new: &[EnumValue],
        ops: &[String],
    ) {
        for v in old.iter().filter(|v| !new.iter().any(|n| n.wire == v.wire)) {
            let (level, why) = by_direction(
                direction,
                (Level::Breaking, Some("clients can no longer send it")),
                (
                    Level::PossiblyBreaking,
                    Some("the Rust variant disappears; such answers still decode, as `Unknown`"),
                ),
            );
            self.push(
                level,
                ops.to_vec(),
                owner,
                format!("enum value {:?} removed", v.wire),
                why,
            );
            self.rust(format!("types::{owner}::{}", v.ident), "removed");
        }
        for v in new.iter().filter(|v| !old.iter().any(|o| o.wire == v.wire)) {
            let (level, why) = by_direction(
                direction,
                (Level::NonBreaking, None),
                (Level::NonBreaking, Some(TOLERANT_ENUM)),
            );
            self.push(
                level,
                ops.to_vec(),
                owner,
                format!("enum value {:?} added", v.wire),
                why,
            );
            self.rust(format!("types::{owner}::{}", v.ident), "added");
        }
        for v in new {
            if let Some(o) = old.iter().find(|o| o.wire == v.wire) {
                if o.docs != v.docs {
                    self.push(
                        Level::Documentation,
                        ops.to_vec(),
                        owner,
                        format!("enum value {:?} description changed", v.wire),
                        None,
                    );
                }
            }
        }
    }

    /// Union variants as (what tells them apart, Rust ident).
    fn variants(
        &mut self,
        owner: &str,
        direction: Direction,
        old: &[(String, String)],
        new: &[(String, String)],
        ops: &[String],
    ) {
        for (key, ident) in old.iter().filter(|v| !new.contains(v)) {
            let (level, why) = by_direction(
                direction,
                (Level::Breaking, Some("clients can no longer send it")),
                (
                    Level::PossiblyBreaking,
                    Some("the Rust variant disappears; such answers decode as the catch-all"),
                ),
            );
            self.push(
                level,
                ops.to_vec(),
                owner,
                format!("variant {key} removed"),
                why,
            );
            self.rust(format!("types::{owner}::{ident}"), "removed");
        }
        for (key, ident) in new.iter().filter(|v| !old.contains(v)) {
            let (level, why) = by_direction(
                direction,
                (Level::NonBreaking, None),
                (
                    Level::NonBreaking,
                    Some("unknown shapes are kept in the catch-all variant"),
                ),
            );
            self.push(
                level,
                ops.to_vec(),
                owner,
                format!("variant {key} added"),
                why,
            );
            self.rust(format!("types::{owner}::{ident}"), "added");
        }
    }
}

/// The level of a change for a type that travels one way or both (the worse of the two).
fn by_direction<'a>(
    direction: Direction,
    request: (Level, Option<&'a str>),
    response: (Level, Option<&'a str>),
) -> (Level, Option<&'a str>) {
    match direction {
        Direction::Request => request,
        Direction::Response => response,
        Direction::Both => {
            if request.0 <= response.0 {
                request
            } else {
                response
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Tightened,
    Loosened,
    Changed,
}

fn request_level(effect: Effect) -> Level {
    request_effect(effect).0
}

fn request_effect(effect: Effect) -> (Level, Option<&'static str>) {
    match effect {
        Effect::Tightened => (
            Level::Breaking,
            Some("requests valid before may now be refused"),
        ),
        Effect::Loosened => (Level::NonBreaking, None),
        Effect::Changed => (
            Level::PossiblyBreaking,
            Some("some requests valid before may now be refused"),
        ),
    }
}

/// Each constraint that differs, described, with whether it accepts less or more.
fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<(String, Effect)> {
    let mut out = Vec::new();
    let show = |v: Option<f64>| v.map_or("none".to_owned(), |v| v.to_string());
    let lower = |name: &str, a: Option<f64>, b: Option<f64>, out: &mut Vec<(String, Effect)>| {
        if a != b {
            let effect = match (a, b) {
                (None, Some(_)) => Effect::Tightened,
                (Some(_), None) => Effect::Loosened,
                (Some(a), Some(b)) if b > a => Effect::Tightened,
                _ => Effect::Loosened,
            };
            out.push((format!("{name} {} → {}", show(a), show(b)), effect));
        }
    };
    let upper = |name: &str, a: Option<f64>, b: Option<f64>, out: &mut Vec<(String, Effect)>| {
        if a != b {
            let effect = match (a, b) {
                (None, Some(_)) => Effect::Tightened,
                (Some(_), None) => Effect::Loosened,
                (Some(a), Some(b)) if b < a => Effect::Tightened,
                _ => Effect::Loosened,
            };
            out.push((format!("{name} {} → {}", show(a), show(b)), effect));
        }
    };
    let n = |v: Option<u64>| v.map(|v| v as f64);
    lower("minimum", old.minimum, new.minimum, &mut out);
    lower(
        "exclusiveMinimum",
        old.exclusive_minimum,
        new.exclusive_minimum,
        &mut out,
    );
    lower("minLength", n(old.min_length), n(new.min_length), &mut out);
    lower("minItems", n(old.min_items), n(new.min_items), &mut out);
    upper("maximum", old.maximum, new.maximum, &mut out);
    upper(
        "exclusiveMaximum",
        old.exclusive_maximum,
        new.exclusive_maximum,
        &mut out,
    );
    upper("maxLength", n(old.max_length), n(new.max_length), &mut out);
    upper("maxItems", n(old.max_items), n(new.max_items), &mut out);
    if old.pattern != new.pattern {
        let effect = if new.pattern.is_none() {
            Effect::Loosened
        } else {
            Effect::Changed
        };
        out.push((
            format!(
                "pattern {} → {}",
                old.pattern.as_deref().unwrap_or("none"),
                new.pattern.as_deref().unwrap_or("none")
            ),
            effect,
        ));
    }
    if old.multiple_of != new.multiple_of {
        out.push((
            format!(
                "multipleOf {} → {}",
                show(old.multiple_of),
                show(new.multiple_of)
            ),
            Effect::Changed,
        ));
    }
    if old.not_between != new.not_between {
        out.push((
            format!(
                "excluded range {:?} → {:?}",
                old.not_between, new.not_between
            ),
            Effect::Changed,
        ));
    }
    if old.one_of != new.one_of {
        let removed = old.one_of.iter().any(|v| !new.one_of.contains(v))
            || (old.one_of.is_empty() && !new.one_of.is_empty());
        let effect = if removed {
            Effect::Tightened
        } else {
            Effect::Loosened
        };
        out.push((
            format!(
                "allowed values [{}] → [{}]",
                old.one_of.join(", "),
                new.one_of.join(", ")
            ),
            effect,
        ));
    }
    match (&old.items, &new.items) {
        (Some(a), Some(b)) => out.extend(
            constraint_changes(a, b)
                .into_iter()
                .map(|(w, e)| (format!("items: {w}"), e)),
        ),
        (None, Some(b)) => out.extend(
            constraint_changes(&Constraints::default(), b)
                .into_iter()
                .map(|(w, e)| (format!("items: {w}"), e)),
        ),
        (Some(a), None) => out.extend(
            constraint_changes(a, &Constraints::default())
                .into_iter()
                .map(|(w, e)| (format!("items: {w}"), e)),
        ),
        (None, None) => {}
    }
    out
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
        operations: Vec::new(),
        subject,
        change: change.to_owned(),
        why: None,
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

fn location(l: ParamIn) -> &'static str {
    match l {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    }
}

/// Whether a scheme's credential travels differently: its wire form, where an issued token comes
/// from, or the credentials it declares.
fn travels_differently(new: &Scheme, old: &Scheme) -> bool {
    new.wire != old.wire
        || new.issued_by != old.issued_by
        || format!("{:?}", new.credentials) != format!("{:?}", old.credentials)
}
