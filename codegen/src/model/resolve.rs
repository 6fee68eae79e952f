//! Decisions that need every type known: what each successful answer hands the caller, and the
//! checks of `x-pagination` against the request and answer types.

use super::{Api, BodyKind, Constraints, Effect, Pagination, Returned, TokenIn, Ty, TypeKind};
use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::join;

pub fn finish(spec: &Spec, api: &mut Api) -> Result<(), Vec<Problem>> {
    hide_issued_tokens(api);
    let mut returned = Vec::new();
    for (o, op) in api.operations.iter().enumerate() {
        for (r, response) in op.responses.iter().enumerate() {
            let Some(ty) = &response.ty else { continue };
            let value = match &op.envelope {
                Some(env) if response.is_success() => {
                    envelope_data(api, env.data_property.as_deref(), ty)
                }
                _ => Returned {
                    ty: ty.clone(),
                    optional: false,
                },
            };
            returned.push((o, r, value));
        }
    }
    for (o, r, value) in returned {
        api.operations[o].responses[r].value = Some(value);
    }
    let mut problems = paging_problems(spec, api);
    problems.extend(same_as_problems(spec, api));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The property an `x-token-from` names is a secret in the issuing operation's answer types,
/// whatever its schema says: the answer's `Debug` must not print the token.
fn hide_issued_tokens(api: &mut Api) {
    let mut found: Vec<(String, usize)> = Vec::new();
    for op in &api.operations {
        for (_, property) in &op.issues_tokens {
            let mut seen = std::collections::HashSet::new();
            let answers = op.responses.iter().filter(|r| r.is_success());
            for ty in answers.filter_map(|r| r.ty.as_ref()) {
                token_fields(api, ty, property, &mut seen, &mut found);
            }
        }
    }
    for (name, field) in found {
        if let Some(&i) = api.index.get(&name) {
            if let TypeKind::Struct(s) = &mut api.types[i].kind {
                s.fields[field].ty = Ty::Secret;
            }
        }
    }
}

/// The string fields called `property` in `ty` and the types it holds (variants, items, aliases).
fn token_fields(
    api: &Api,
    ty: &Ty,
    property: &str,
    seen: &mut std::collections::HashSet<String>,
    found: &mut Vec<(String, usize)>,
) {
    let name = match ty {
        Ty::Vec(inner) | Ty::Map(inner) => return token_fields(api, inner, property, seen, found),
        Ty::Named(name) if seen.insert(name.clone()) => name,
        _ => return,
    };
    match api.kind_of(ty) {
        Some(TypeKind::Struct(s)) => {
            for (i, f) in s.fields.iter().enumerate() {
                if f.wire == property && f.ty == Ty::String {
                    found.push((name.clone(), i));
                }
                token_fields(api, &f.ty, property, seen, found);
            }
        }
        Some(TypeKind::Untagged(variants)) => {
            for v in variants {
                token_fields(api, &v.ty, property, seen, found);
            }
        }
        Some(TypeKind::Tagged { variants, .. }) => {
            for v in variants {
                token_fields(api, &Ty::Named(v.ty.clone()), property, seen, found);
            }
        }
        Some(TypeKind::Alias { ty, .. }) => token_fields(api, ty, property, seen, found),
        Some(TypeKind::Enum(_)) | None => {}
    }
}

/// The envelope's data property of the answer type `wire`: its field's type, or any JSON when the
/// answer is not a struct that declares it. It is an `Option` unless always there and non-null.
fn envelope_data(api: &Api, data_property: Option<&str>, wire: &Ty) -> Returned {
    let Some(prop) = data_property else {
        return Returned {
            ty: wire.clone(),
            optional: false,
        };
    };
    match api.fields_of(wire).iter().find(|f| f.wire == prop) {
        Some(f) => Returned {
            ty: f.ty.clone(),
            optional: !f.required || f.nullable,
        },
        None => Returned {
            ty: Ty::Json,
            optional: true,
        },
    }
}

/// Every `x-same-as-parameter` of a body field names a parameter of each operation sending it.
fn same_as_problems(spec: &Spec, api: &Api) -> Vec<Problem> {
    let mut problems = Vec::new();
    for op in &api.operations {
        let Some(body) = &op.body else { continue };
        for f in api.fields_of(&body.ty) {
            let Some(wire) = &f.same_as else { continue };
            if !op.params.iter().any(|p| &p.wire == wire) {
                problems.push(spec.problem(
                    &body.pointer,
                    format!(
                        "body field `{}` says x-same-as-parameter `{wire}`, but operation {} has no such parameter",
                        f.wire, op.id
                    ),
                ));
            }
        }
    }
    problems
}

/// Paging walks pages of an operation whose one answer lists its rows. Page numbers go in the
/// body of an operation without parameters or envelope; a token goes in an optional text
/// parameter or body field, and comes back in a text field of the answer.
fn paging_problems(spec: &Spec, api: &Api) -> Vec<Problem> {
    let mut problems = Vec::new();
    for op in &api.operations {
        let Some(p) = &op.pagination else { continue };
        let at = join(&op.pointer, "x-pagination");
        let mut problem = |reason: String| problems.push(spec.problem(&at, reason));
        let answer = op.successes().next().and_then(|r| r.value.as_ref());
        let answer_field =
            |wire: &str| answer.and_then(|v| api.fields_of(&v.ty).iter().find(|f| f.wire == wire));
        let items = match p {
            Pagination::PageNumber(p) => {
                if op.params.iter().any(|p| p.required) || op.envelope.is_some() {
                    problem("page-number x-pagination is supported for operations whose only input is the body, without an envelope".into());
                }
                &p.items_field
            }
            Pagination::Token(t) => {
                if op
                    .body
                    .as_ref()
                    .is_some_and(|b| b.kind == BodyKind::Multipart)
                {
                    problem("token x-pagination cannot resend a multipart body, which is consumed by the first request".into());
                }
                if op.success_enum().is_some() || answer.is_some_and(|v| v.optional) {
                    problem(format!(
                        "token x-pagination needs one success answer that is always there; operation {} has several or an optional one",
                        op.id
                    ));
                }
                let token_text = match &t.token {
                    TokenIn::Parameter(name) => op
                        .params
                        .iter()
                        .find(|p| &p.wire == name)
                        .map(|p| (!p.required, api.unalias(&p.ty) == &Ty::String)),
                    TokenIn::BodyField(name) => op
                        .body
                        .as_ref()
                        .and_then(|b| api.fields_of(&b.ty).iter().find(|f| &f.wire == name))
                        .map(|f| (!f.always_present(), api.unalias(&f.ty) == &Ty::String)),
                };
                if token_text.is_some_and(|(optional, text)| !optional || !text) {
                    problem("the page token a request sends must be an optional string (the first page sends none)".into());
                }
                for wire in [&t.next_field, &t.items_field] {
                    if answer_field(wire).is_none() {
                        problem(format!(
                            "x-pagination names {wire:?}, which is not a field of the answer's value"
                        ));
                    }
                }
                if answer_field(&t.next_field).is_some_and(|f| api.unalias(&f.ty) != &Ty::String) {
                    problem(format!(
                        "x-pagination next {:?} is not a string field of the answer",
                        t.next_field
                    ));
                }
                &t.items_field
            }
        };
        if answer_field(items).is_some_and(|f| !matches!(f.ty, Ty::Vec(_))) {
            problem(format!("x-pagination items {items:?} is not a list"));
        }
    }
    problems
}

/// Whether any sent value is checked against a `pattern` too involved for byte steps (the
/// runtime's regex support).
pub fn checks_patterns(api: &Api) -> bool {
    let param = api
        .operations
        .iter()
        .flat_map(|o| &o.params)
        .any(|p| has_pattern(&p.constraints));
    param
        || api
            .types
            .iter()
            .filter(|t| t.direction.sends())
            .any(|t| match &t.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().any(|f| has_pattern(&f.constraints))
                        || s.rules
                            .iter()
                            .flat_map(|r| r.then.iter().chain(&r.otherwise))
                            .any(|e| matches!(e, Effect::Constrain(_, c) if has_pattern(c)))
                }
                TypeKind::Alias { constraints, .. } => has_pattern(constraints),
                TypeKind::Untagged(variants) => {
                    variants.iter().any(|v| has_pattern(&v.constraints))
                }
                TypeKind::Enum(_) | TypeKind::Tagged { .. } => false,
            })
}

fn has_pattern(c: &Constraints) -> bool {
    c.pattern
        .as_deref()
        .is_some_and(|p| super::pattern::simple(p).is_none())
        || c.items.as_deref().is_some_and(has_pattern)
}
