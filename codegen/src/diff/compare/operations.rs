//! Servers, security, operations, parameters, request bodies and answers.

use std::collections::BTreeSet;

use super::values::{Effect, constraint_changes, fact_changes, wire};
use super::{Diff, UNCHECKED, opt_ty, show_value, travels_differently};
use crate::diff::{Impact, Level};
use crate::model::{
    Api, BodySchema, Constraints, Direction, Facts, Operation, Param, ParamIn, Response,
};
use crate::rust;

/// A value becoming required accepts fewer requests; becoming optional, more.
fn presence(required: bool) -> Effect {
    if required {
        Effect::Narrows
    } else {
        Effect::Widens
    }
}

impl Diff<'_> {
    pub(super) fn servers(&mut self) {
        let urls = |api: &Api| {
            api.servers
                .iter()
                .map(|s| s.url.clone())
                .collect::<Vec<_>>()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        if old.first() != new.first() {
            let show = |u: Option<&String>| u.map_or("none".to_owned(), String::clone);
            self.push(
                (Level::PossiblyBreaking, Impact::None),
                &[],
                "default server",
                format!("{} → {}", show(old.first()), show(new.first())),
            )
            .why = Some("clients built without `base_url` now call another server".into());
            self.rust_item(
                "DEFAULT_BASE_URL",
                Impact::None,
                old.first().cloned(),
                new.first().cloned(),
            );
        }
        for url in new.iter().skip(1).filter(|u| !old.contains(u)) {
            self.push(
                (Level::NonBreaking, Impact::None),
                &[],
                "servers",
                format!("{url} added"),
            );
        }
        for url in old.iter().skip(1).filter(|u| !new.contains(u)) {
            self.push(
                (Level::NonBreaking, Impact::None),
                &[],
                "servers",
                format!("{url} removed"),
            )
            .why = Some("only the default server is used unless a base URL is given".into());
        }
    }

    pub(super) fn security(&mut self) {
        for scheme in &self.old.auth.schemes {
            let subject = format!("security scheme {}", scheme.name());
            match self.new.scheme(scheme.name()) {
                None => {
                    self.push((Level::NonBreaking, Impact::None), &[], subject, "removed")
                        .why = Some("operations that required it are reported on their own".into());
                }
                Some(new) if travels_differently(new, scheme) => {
                    let ops = self.operations_using(scheme.name());
                    self.push(
                        (Level::Breaking, Impact::None),
                        &ops,
                        subject,
                        "how the credential is sent changed",
                    );
                }
                Some(new) if new.docs != scheme.docs => {
                    self.push(
                        (Level::Documentation, Impact::None),
                        &[],
                        subject,
                        "description changed",
                    );
                }
                Some(_) => {}
            }
        }
        for scheme in &self.new.auth.schemes {
            if self.old.scheme(scheme.name()).is_none() {
                self.push(
                    (Level::NonBreaking, Impact::None),
                    &[],
                    format!("security scheme {}", scheme.name()),
                    "added",
                )
                .why = Some("operations that require it are reported on their own".into());
            }
        }
        if format!("{:?}", self.old.auth.rpc) != format!("{:?}", self.new.auth.rpc) {
            let all: Vec<String> = self.new.operations.iter().map(|o| o.id.clone()).collect();
            self.push(
                (Level::Breaking, Impact::None),
                &all,
                "x-rpc-envelope",
                "the signed form envelope changed",
            );
        }
        self.credentials();
    }

    /// The `Credentials` struct: a public field per credential, `new` taking those needed when
    /// the client is built, and `Default` when none is.
    fn credentials(&mut self) {
        let (old, new) = (self.old.auth.credentials(), self.new.auth.credentials());
        for c in old
            .iter()
            .filter(|c| !new.iter().any(|n| n.ident == c.ident))
        {
            self.rust_item(
                format!("Credentials::{}", c.ident),
                Impact::Major,
                Some(format!("pub {}", c.ident)),
                None,
            );
        }
        for c in new
            .iter()
            .filter(|c| !old.iter().any(|o| o.ident == c.ident))
        {
            self.rust_item(
                format!("Credentials::{}", c.ident),
                Impact::Minor,
                None,
                Some(format!("pub {}", c.ident)),
            );
        }
        let needed = |list: &[crate::model::Credential]| {
            list.iter()
                .filter(|c| !c.optional)
                .map(|c| c.ident.clone())
                .collect::<Vec<_>>()
        };
        let (before, after) = (needed(&old), needed(&new));
        if before != after {
            self.rust_item(
                "Credentials::new",
                Impact::Major,
                Some(format!("fn new({})", before.join(", "))),
                Some(format!("fn new({})", after.join(", "))),
            );
        }
        if before.is_empty() != after.is_empty() {
            let impact = if after.is_empty() {
                Impact::Minor
            } else {
                Impact::Major
            };
            let shown = |none_needed: bool| none_needed.then(|| "impl Default".to_owned());
            self.rust_item(
                "Credentials: Default",
                impact,
                shown(before.is_empty()),
                shown(after.is_empty()),
            );
        }
    }

    fn operations_using(&self, scheme: &str) -> Vec<String> {
        self.new
            .operations
            .iter()
            .filter(|o| o.accepted_security.iter().flatten().any(|s| s == scheme))
            .map(|o| o.id.clone())
            .collect()
    }

    pub(super) fn operations(&mut self) {
        for op in &self.old.operations {
            self.at = op.pointer.clone();
            if !self.new.operations.iter().any(|o| o.id == op.id) {
                let signature = rust::signature(self.old, op).to_string();
                self.push(
                    (Level::Breaking, Impact::Major),
                    std::slice::from_ref(&op.id),
                    format!("operation {}", op.id),
                    format!("removed ({} {})", op.http_method, op.path),
                );
                self.rust_item(
                    format!("Client::{}", op.method_name),
                    Impact::Major,
                    Some(signature),
                    None,
                );
            }
        }
        for op in &self.new.operations {
            self.at = op.pointer.clone();
            match self.old.operations.iter().find(|o| o.id == op.id) {
                None => {
                    self.push(
                        (Level::NonBreaking, Impact::Minor),
                        std::slice::from_ref(&op.id),
                        format!("operation {}", op.id),
                        format!("added ({} {})", op.http_method, op.path),
                    );
                    self.rust_item(
                        format!("Client::{}", op.method_name),
                        Impact::Minor,
                        None,
                        Some(rust::signature(self.new, op).to_string()),
                    );
                }
                Some(old) => self.operation(old, op),
            }
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let ops = [new.id.clone()];
        let subject = format!("operation {}", new.id);
        let (sig_old, sig_new) = (
            rust::signature(self.old, old).to_string(),
            rust::signature(self.new, new).to_string(),
        );
        let signature_changed = sig_old != sig_new;
        let by_signature = if signature_changed {
            Impact::Major
        } else {
            Impact::None
        };
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
                (Level::Breaking, Impact::None),
                &ops,
                &subject,
                format!("{} → {}", show(old), show(new)),
            );
        }
        self.accepted_security(old, new);
        if old.idempotent != new.idempotent {
            self.push(
                (Level::NonBreaking, Impact::None),
                &ops,
                &subject,
                format!("idempotent {} → {}", old.idempotent, new.idempotent),
            )
            .why = Some("only which failures are retried changes".into());
        }
        if format!("{:?}", old.envelope) != format!("{:?}", new.envelope) {
            self.push(
                (Level::PossiblyBreaking, by_signature),
                &ops,
                &subject,
                "answer envelope changed",
            );
        }
        if format!("{:?}", old.pagination) != format!("{:?}", new.pagination) {
            let rust = match (&old.pagination, &new.pagination) {
                (None, Some(_)) => Impact::Minor,
                _ => Impact::Major,
            };
            self.push((Level::NonBreaking, rust), &ops, &subject, "paging changed")
                .why = Some("the method that walks every page is added, removed or changed".into());
        }
        if old.summary != new.summary || old.docs != new.docs {
            self.push(
                (Level::Documentation, Impact::None),
                &ops,
                &subject,
                "summary or description changed",
            );
        }
        self.params(old, new);
        self.at = new
            .body
            .as_ref()
            .map_or(new.pointer.clone(), |b| b.pointer.clone());
        self.body(old, new);
        self.at = new.pointer.clone();
        self.responses(old, new);
        if signature_changed {
            self.rust_item(
                format!("Client::{}", new.method_name),
                Impact::Major,
                Some(sig_old),
                Some(sig_new),
            );
        }
    }

    /// Security requirement alternatives: one the server no longer accepts breaks the clients
    /// using it; a new one, or dropping security altogether, only lets more in.
    fn accepted_security(&mut self, old: &Operation, new: &Operation) {
        let set = |alternative: &Vec<String>| alternative.iter().cloned().collect::<BTreeSet<_>>();
        let accepted: Vec<BTreeSet<String>> = new.accepted_security.iter().map(set).collect();
        let open = new.accepted_security.is_empty() || accepted.iter().any(BTreeSet::is_empty);
        let show = |a: &BTreeSet<String>| {
            if a.is_empty() {
                "anonymous".to_owned()
            } else {
                a.iter().cloned().collect::<Vec<_>>().join(" + ")
            }
        };
        let before: Vec<BTreeSet<String>> = old.accepted_security.iter().map(set).collect();
        for alternative in before.iter().filter(|a| !accepted.contains(a)) {
            let level = if open {
                Level::NonBreaking
            } else {
                Level::Breaking
            };
            let change = self.push(
                (level, Impact::None),
                std::slice::from_ref(&new.id),
                format!("operation {}", new.id),
                format!("security requirement [{}] removed", show(alternative)),
            );
            if open {
                change.why = Some("the operation no longer requires credentials".into());
            }
        }
        let was_open = old.accepted_security.is_empty() || before.iter().any(BTreeSet::is_empty);
        for alternative in accepted.iter().filter(|a| !before.contains(a)) {
            let level = if was_open && !open {
                Level::Breaking
            } else {
                Level::NonBreaking
            };
            self.push(
                (level, Impact::None),
                std::slice::from_ref(&new.id),
                format!("operation {}", new.id),
                format!("security requirement [{}] added", show(alternative)),
            )
            .why = Some(if level == Level::Breaking {
                "credentials are now required".into()
            } else {
                "another way to authenticate".into()
            });
        }
    }

    fn body(&mut self, old: &Operation, new: &Operation) {
        let ops = [new.id.clone()];
        let subject = format!("operation {}", new.id);
        match (&old.body, &new.body) {
            (None, Some(b)) => {
                let level = if b.required {
                    Level::Breaking
                } else {
                    Level::NonBreaking
                };
                self.push(
                    (level, Impact::Major),
                    &ops,
                    &subject,
                    format!("request body {} added", rust::type_name(&b.ty)),
                )
                .why = Some("a new argument of the method".into());
            }
            (Some(b), None) => {
                self.push(
                    (Level::Breaking, Impact::Major),
                    &ops,
                    &subject,
                    format!("request body {} removed", rust::type_name(&b.ty)),
                );
            }
            (Some(a), Some(b)) => {
                if self.renamed(&a.ty) != b.ty || a.kind != b.kind {
                    self.push(
                        (Level::Breaking, Impact::Major),
                        &ops,
                        &subject,
                        format!(
                            "request body {} → {}",
                            rust::type_name(&a.ty),
                            rust::type_name(&b.ty)
                        ),
                    );
                } else if a.media_type != b.media_type {
                    self.push(
                        (Level::Breaking, Impact::None),
                        &ops,
                        &subject,
                        format!("request media type {} → {}", a.media_type, b.media_type),
                    );
                }
                if a.required != b.required {
                    self.push(
                        (wire(Direction::Request, presence(b.required)), Impact::None),
                        &ops,
                        &subject,
                        format!("request body required {} → {}", a.required, b.required),
                    );
                }
                self.body_schema(
                    Direction::Request,
                    &ops,
                    &format!("{subject} request body"),
                    &a.schema,
                    &b.schema,
                );
                if a.docs != b.docs {
                    self.push(
                        (Level::Documentation, Impact::None),
                        &ops,
                        &subject,
                        "request body description changed",
                    );
                }
            }
            (None, None) => {}
        }
    }

    /// The top-level schema of a body or answer: `null`, constraints and facts.
    fn body_schema(
        &mut self,
        direction: Direction,
        ops: &[String],
        subject: &str,
        old: &BodySchema,
        new: &BodySchema,
    ) {
        if old.nullable != new.nullable {
            let effect = if new.nullable {
                Effect::Widens
            } else {
                Effect::Narrows
            };
            let change = self.push(
                (wire(direction, effect), Impact::None),
                ops,
                subject,
                format!("nullable {} → {}", old.nullable, new.nullable),
            );
            if direction == Direction::Response && effect == Effect::Widens {
                change.why = Some("a `null` answer no longer decodes as the type".into());
            }
        }
        self.value_rules(
            direction,
            ops,
            subject,
            (&old.constraints, &old.facts),
            (&new.constraints, &new.facts),
        );
    }

    /// Constraints and facts of one value (a field, a parameter, an alias, a body).
    pub(super) fn value_rules(
        &mut self,
        direction: Direction,
        ops: &[String],
        subject: &str,
        old: (&Constraints, &Facts),
        new: (&Constraints, &Facts),
    ) {
        let mut found = constraint_changes(old.0, new.0);
        found.extend(fact_changes(old.1, new.1));
        for (what, effect) in found {
            let level = wire(direction, effect);
            let change = self.push((level, Impact::None), ops, subject, what);
            if direction == Direction::Response && level != Level::NonBreaking {
                change.tolerated = Some(UNCHECKED.into());
            }
        }
    }

    fn responses(&mut self, old: &Operation, new: &Operation) {
        let ops = [new.id.clone()];
        let subject = format!("operation {}", new.id);
        // A status moving in or out changes the method's return or error type, or adds or
        // removes a variant of a non-exhaustive outcome enum.
        let outcome = |added: bool, success: bool| {
            let whole = if success {
                rust::success_type(old) != rust::success_type(new)
            } else {
                old.error_type() != new.error_type()
            };
            if whole || !added {
                Impact::Major
            } else {
                Impact::Minor
            }
        };
        for r in &old.responses {
            match new.responses.iter().find(|n| n.status == r.status) {
                None => {
                    let (level, why) = if r.is_success() {
                        (
                            Level::Breaking,
                            "such an answer now ends in `Error::UnexpectedStatus`",
                        )
                    } else {
                        (
                            Level::NonBreaking,
                            "the server no longer documents this failure",
                        )
                    };
                    self.push(
                        (level, outcome(false, r.is_success())),
                        &ops,
                        &subject,
                        format!("answer {} removed", r.status),
                    )
                    .why = Some(why.into());
                }
                Some(n) => self.response(new, r, n),
            }
        }
        for r in new
            .responses
            .iter()
            .filter(|n| !old.responses.iter().any(|o| o.status == n.status))
        {
            let why = if r.is_success() {
                "the method's return type covers another success"
            } else {
                "a documented error: `Error::Documented` instead of `UnexpectedStatus`"
            };
            self.push(
                (Level::NonBreaking, outcome(true, r.is_success())),
                &ops,
                &subject,
                format!("answer {} added ({})", r.status, opt_ty(&r.ty)),
            )
            .why = Some(why.into());
        }
    }

    fn response(&mut self, new_op: &Operation, old: &Response, new: &Response) {
        self.at = new.pointer.clone();
        let ops = [new_op.id.clone()];
        let subject = format!("operation {}", new_op.id);
        if old.ty.as_ref().map(|t| self.renamed(t)) != new.ty {
            self.push(
                (Level::Breaking, Impact::Major),
                &ops,
                &subject,
                format!(
                    "answer {}: {} → {}",
                    old.status,
                    opt_ty(&old.ty),
                    opt_ty(&new.ty)
                ),
            );
        } else {
            self.body_schema(
                Direction::Response,
                &ops,
                &format!("{subject} answer {}", new.status),
                &old.schema,
                &new.schema,
            );
        }
        if old.docs != new.docs {
            self.push(
                (Level::Documentation, Impact::None),
                &ops,
                &subject,
                format!("answer {} description changed", new.status),
            );
        }
        self.headers(&ops, &format!("{subject} answer {}", new.status), old, new);
    }

    /// Response headers: the generated client does not read them, so none breaks it.
    fn headers(&mut self, ops: &[String], subject: &str, old: &Response, new: &Response) {
        const UNREAD: &str = "the generated client does not read response headers";
        for h in &old.headers {
            let now = new
                .headers
                .iter()
                .find(|n| n.name.eq_ignore_ascii_case(&h.name));
            let (level, what) = match now {
                None if h.required => (Level::Breaking, "required header removed"),
                None => (Level::PossiblyBreaking, "optional header removed"),
                Some(n) if h.required && !n.required => {
                    (Level::Breaking, "header required true → false")
                }
                Some(n) if !h.required && n.required => {
                    (Level::NonBreaking, "header required false → true")
                }
                Some(_) => continue,
            };
            let change = self.push(
                (level, Impact::None),
                ops,
                subject,
                format!("{what}: {}", h.name),
            );
            if level != Level::NonBreaking {
                change.tolerated = Some(UNREAD.into());
            }
        }
        for h in &new.headers {
            if !old
                .headers
                .iter()
                .any(|o| o.name.eq_ignore_ascii_case(&h.name))
            {
                self.push(
                    (Level::NonBreaking, Impact::None),
                    ops,
                    subject,
                    format!("header added: {}", h.name),
                );
            }
        }
    }

    fn params(&mut self, old: &Operation, new: &Operation) {
        let ops = [new.id.clone()];
        let key = |p: &Param| (p.location.as_str(), p.wire.clone());
        for p in &old.params {
            self.at = new.pointer.clone();
            if !new.params.iter().any(|n| key(n) == key(p)) {
                let level = if p.location == ParamIn::Path {
                    Level::Breaking
                } else {
                    Level::PossiblyBreaking
                };
                self.push(
                    (level, Impact::Major),
                    &ops,
                    format!("{} parameter {}", p.location.as_str(), p.wire),
                    "removed",
                )
                .why = Some(
                    "an argument of the method disappears; the server ignores or refuses it".into(),
                );
            }
        }
        for p in &new.params {
            self.at = p.pointer.clone();
            let subject = format!("{} parameter {}", p.location.as_str(), p.wire);
            let Some(o) = old.params.iter().find(|o| key(o) == key(p)) else {
                let (level, what, why) = if p.required {
                    (Level::Breaking, "required", "clients must send it")
                } else {
                    (
                        Level::NonBreaking,
                        "optional",
                        "a new argument of the method (None keeps today's request)",
                    )
                };
                self.push(
                    (level, Impact::Major),
                    &ops,
                    subject,
                    format!("{what} parameter added"),
                )
                .why = Some(why.into());
                continue;
            };
            self.param(&ops, &subject, o, p);
        }
    }

    fn param(&mut self, ops: &[String], subject: &str, o: &Param, p: &Param) {
        let rust = if rust::param_type(self.old, o) != rust::param_type(self.new, p) {
            Impact::Major
        } else {
            Impact::None
        };
        if self.renamed(&o.ty) != p.ty {
            self.push(
                (Level::Breaking, rust),
                ops,
                subject,
                format!(
                    "type {} → {}",
                    rust::type_name(&o.ty),
                    rust::type_name(&p.ty)
                ),
            );
        }
        if o.required != p.required {
            self.push(
                (wire(Direction::Request, presence(p.required)), rust),
                ops,
                subject,
                format!("required {} → {}", o.required, p.required),
            )
            .why = Some(if p.required {
                "clients must send it".into()
            } else {
                "the argument becomes an Option".into()
            });
        }
        if o.default != p.default {
            self.push(
                (Level::Breaking, Impact::None),
                ops,
                subject,
                format!(
                    "default {} → {}",
                    show_value(&o.default),
                    show_value(&p.default)
                ),
            )
            .why = Some("the server assumes another value when it is left out".into());
        }
        self.value_rules(
            Direction::Request,
            ops,
            subject,
            (&o.constraints, &o.facts),
            (&p.constraints, &p.facts),
        );
        if o.docs != p.docs {
            self.push(
                (Level::Documentation, Impact::None),
                ops,
                subject,
                "description changed",
            );
        }
    }
}
