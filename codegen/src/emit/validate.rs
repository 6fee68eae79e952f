//! `Validate` implementations: the documented constraints of sent types, checked before sending.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::text::{Arg, Source, close, open, put, string_literal};
use super::types::ident;
use crate::model::{
    Api, Constraints, Effect, Field, PatternStep, Struct, Ty, TypeDef, UntaggedVariant,
    simple_pattern,
};

const V: &str = "crate::runtime::validate";

/// `Some(v)` or `None`, as proc_macro2 spells the number.
fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "None".to_owned(), |v| format!("Some({})", float(v)))
}

fn opt_u(v: Option<u64>) -> String {
    v.map_or_else(|| "None".to_owned(), |v| format!("Some({v})"))
}

fn float(v: f64) -> String {
    Literal::f64_unsuffixed(v).to_string()
}

/// A call of `crate::runtime::validate::{check}` as a statement.
fn check_call(src: &mut Source, check: &str, args: Vec<Arg>) {
    src.call("", &format!("{V}::{check}"), &args, ";");
}

/// The length check of a string, when its schema bounds the length.
fn length_check(src: &mut Source, c: &Constraints, path: &str, value: &str) {
    if c.min_length.is_some() || c.max_length.is_some() {
        let args = [
            path,
            value,
            &opt_u(c.min_length),
            &opt_u(c.max_length),
            "out",
        ];
        check_call(src, "length", args.map(Arg::text).into());
    }
}

/// The check of a `pattern`: byte steps where the model found it simple, else the regex engine,
/// compiled at first use. A secret's violation names the pattern, never the value. Left to
/// prettyplease's layout: a constant and a call whose breaks this writer does not model.
fn pattern_check(src: &mut Source, pattern: &str, path: &str, value: &str, secret: bool) {
    let check = if secret { "secret_pattern" } else { "pattern" };
    let shown = string_literal(pattern);
    src.unsure();
    match simple_pattern(pattern) {
        Some(steps) => {
            let steps: Vec<String> = steps.iter().map(pattern_step).collect();
            put!(
                src,
                "const STEPS: &[{V}::PatternStep] = &[{}];",
                steps.join(", ")
            );
            put!(
                src,
                "{V}::{check}({path}, {value}, &{V}::Pattern::Steps(STEPS), {shown}, out);"
            );
        }
        None => {
            put!(
                src,
                "static PATTERN: std::sync::LazyLock<crate::runtime::regex_lite::Regex> = \
                 std::sync::LazyLock::new(|| {{ crate::runtime::regex_lite::Regex::new({shown})\
                 .expect(\"the generator compiled this pattern\") }});"
            );
            put!(
                src,
                "{V}::{check}({path}, {value}, &{V}::Pattern::Regex(&PATTERN), {shown}, out);"
            );
        }
    }
}

/// A step as a constant expression; sets are written as inclusive byte ranges (`b"09AZ"` is
/// `[0-9A-Z]`) so a reviewer can read them.
fn pattern_step(step: &PatternStep) -> String {
    match step {
        PatternStep::Run { set, min, max } => {
            let max = max.map_or_else(|| "None".to_owned(), |max| format!("Some({max})"));
            format!("{V}::PatternStep::run({}, {min}, {max})", byte_ranges(*set))
        }
        PatternStep::Optional { first, steps } => {
            let steps: Vec<String> = steps.iter().map(pattern_step).collect();
            format!(
                "{V}::PatternStep::optional({}, &[{}])",
                byte_ranges(*first),
                steps.join(", ")
            )
        }
    }
}

fn byte_ranges(set: u128) -> String {
    let mut ranges = Vec::new();
    let mut byte = 0u8;
    while byte < 128 {
        if set >> byte & 1 == 1 {
            let start = byte;
            while byte < 127 && set >> (byte + 1) & 1 == 1 {
                byte += 1;
            }
            ranges.extend([start, byte]);
        }
        byte += 1;
    }
    Literal::byte_string(&ranges).to_string()
}

/// The range check of a number: only the bounds the schema sets, the rest from `Range::NONE`.
fn range_check(src: &mut Source, integer: bool, c: &Constraints, path: &str, value: &str) {
    let bounds: Vec<String> = [
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusive_minimum", c.exclusive_minimum),
        ("exclusive_maximum", c.exclusive_maximum),
        ("multiple_of", c.multiple_of),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some())
    .map(|(name, v)| format!("{name}: {}", opt(v)))
    .collect();
    if bounds.is_empty() {
        return;
    }
    let range = Arg::Struct {
        prefix: "&",
        path: format!("{V}::Range"),
        fields: bounds,
        rest: Some(format!("{V}::Range::NONE")),
    };
    let check = if integer { "integer" } else { "number" };
    let args = vec![
        Arg::text(path),
        Arg::text(format!("*{value}")),
        range,
        Arg::text("out"),
    ];
    check_call(src, check, args);
}

/// Checks of one value as statements in `src`. `value` is an expression of type `&T`, `path`
/// one of type `&Path`.
pub fn write_checks(
    src: &mut Source,
    api: &Api,
    value: &str,
    ty: &Ty,
    c: &Constraints,
    path: &str,
) {
    match api.unalias(ty) {
        Ty::Secret => {
            let exposed = format!("{value}.expose()");
            length_check(src, c, path, &exposed);
            if let Some(pattern) = &c.pattern {
                pattern_check(src, pattern, path, &exposed, true);
            }
        }
        Ty::String => {
            length_check(src, c, path, value);
            if let Some(pattern) = &c.pattern {
                pattern_check(src, pattern, path, value, false);
            }
            if !c.one_of.is_empty() {
                let allowed: Vec<String> = c.one_of.iter().map(|v| string_literal(v)).collect();
                let allowed = format!("&[{}]", allowed.join(", "));
                // The array's own breaks are left to prettyplease.
                src.unsure();
                check_call(
                    src,
                    "one_of",
                    [path, value, &allowed, "out"].map(Arg::text).into(),
                );
            }
        }
        ty @ (Ty::Integer | Ty::Number) => {
            let integer = *ty == Ty::Integer;
            range_check(src, integer, c, path, value);
            if let Some((low, high)) = c.not_between {
                let as_f64 = if integer {
                    format!("*{value} as f64")
                } else {
                    format!("*{value}")
                };
                let args = [path, &as_f64, &float(low), &float(high), "out"];
                check_call(src, "not_between", args.map(Arg::text).into());
            }
        }
        Ty::Vec(inner) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let len = format!("{value}.len()");
                let args = [path, &len, &opt_u(c.min_items), &opt_u(c.max_items), "out"];
                check_call(src, "items", args.map(Arg::text).into());
            }
            let item_constraints = c.items.as_deref().cloned().unwrap_or_default();
            let item_path = format!("&{V}::index({path}, i)");
            let head = format!("for (i, item) in {value}.iter().enumerate()");
            looped(src, &head, |body| {
                write_checks(body, api, "item", inner, &item_constraints, &item_path);
            });
        }
        Ty::Named(_) => put!(
            src,
            "crate::runtime::Validate::validate_at({value}, {path}, out);"
        ),
        Ty::Map(inner) => {
            let member_path = format!("&{V}::field({path}, key)");
            let head = format!("for (key, member) in {value}.iter()");
            looped(src, &head, |body| {
                let none = Constraints::default();
                write_checks(body, api, "member", inner, &none, &member_path);
            });
        }
        Ty::Boolean | Ty::Json | Ty::Object | Ty::Bytes => {}
    }
}

/// `{head} { .. }` around what `body` writes, when it writes anything.
fn looped(src: &mut Source, head: &str, body: impl FnOnce(&mut Source)) {
    let mut inner = src.block();
    body(&mut inner);
    if !inner.is_empty() {
        put!(src, "{head} {{");
        src.append(inner);
        put!(src, "}}");
    }
}

/// [`write_checks`] as tokens, for the pieces still built as tokens.
pub fn checks(api: &Api, value: &str, ty: &Ty, c: &Constraints, path: &str) -> TokenStream {
    let mut src = Source::new();
    write_checks(&mut src, api, value, ty, c, path);
    src.into_tokens()
}

/// The checks of a struct's field, in a block (or an `if let` for an optional one) that names
/// the value and its path.
fn field_checks(src: &mut Source, api: &Api, field: &Field, c: &Constraints) {
    let mut body = src.block();
    write_checks(&mut body, api, "value", &field.ty, c, "&path");
    if body.is_empty() {
        return;
    }
    let wire = string_literal(&field.wire);
    if !field.required || field.nullable {
        open!(src, "if let Some(value) = &self.{} {{", field.ident);
    } else {
        open!(src, "{{");
        put!(src, "let value = &self.{};", field.ident);
    }
    src.call(
        "let path = ",
        &format!("{V}::field"),
        &[Arg::text("path"), Arg::text(wire)],
        ";",
    );
    src.append(body);
    close!(src, "}}");
}

/// A rule's test as plain comparisons when the tested field is a boolean, string or integer
/// (`None` otherwise: the caller then compares JSON encodings).
fn rule_test(field: &Field, values: &[Value]) -> Option<String> {
    let name = &field.ident;
    let optional = !field.always_present();
    let wrap = |v: String| if optional { format!("Some({v})") } else { v };
    let tests = values
        .iter()
        .map(|value| match (&field.ty, value) {
            (_, Value::Null) => Some(if optional {
                format!("self.{name}.is_none()")
            } else {
                "false".to_owned()
            }),
            (Ty::Boolean, Value::Bool(b)) => {
                Some(format!("self.{name} == {}", wrap(b.to_string())))
            }
            (Ty::String, Value::String(text)) => Some(if optional {
                format!("self.{name}.as_deref() == Some({})", string_literal(text))
            } else {
                format!("self.{name} == {}", string_literal(text))
            }),
            (Ty::Integer, Value::Number(n)) => n.as_i64().map(|n| {
                format!(
                    "self.{name} == {}",
                    wrap(Literal::i64_unsuffixed(n).to_string())
                )
            }),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(match tests.as_slice() {
        [one] => one.clone(),
        _ => format!("({})", tests.join(" || ")),
    })
}

/// What a rule requires, forbids or constrains when it applies (`why` says when).
fn effects(src: &mut Source, api: &Api, s: &Struct, effects: &[Effect], why: &str) {
    for e in effects {
        let (Effect::Require(n) | Effect::Forbid(n) | Effect::Constrain(n, _)) = e;
        let Some(field) = s.fields.iter().find(|f| &f.wire == n) else {
            continue;
        };
        let present = if !field.required || field.nullable {
            format!("self.{}.is_some()", field.ident)
        } else {
            "true".to_owned()
        };
        let (wire, why) = (string_literal(&field.wire), string_literal(why));
        match e {
            Effect::Require(_) => {
                put!(
                    src,
                    "{V}::required(&{V}::field(path, {wire}), {present}, {why}, out);"
                )
            }
            Effect::Forbid(_) => {
                put!(
                    src,
                    "{V}::absent(&{V}::field(path, {wire}), {present}, {why}, out);"
                )
            }
            Effect::Constrain(_, c) => field_checks(src, api, field, c),
        }
    }
}

/// The conditional rules of a struct (`x-rules`): left to prettyplease's layout, an `if` whose
/// test and effects can break in many ways.
fn rules(src: &mut Source, api: &Api, s: &Struct) {
    for rule in &s.rules {
        let Some(tested) = s.fields.iter().find(|f| f.wire == rule.field) else {
            continue;
        };
        let shown: Vec<String> = rule
            .values
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        let when = format!("when {} is {}", rule.field, shown.join(" or "));
        let unless = format!("unless {} is {}", rule.field, shown.join(" or "));
        let mut then = src.block();
        effects(&mut then, api, s, &rule.then, &when);
        let mut otherwise = src.block();
        effects(&mut otherwise, api, s, &rule.otherwise, &unless);
        let test = rule_test(tested, &rule.values).unwrap_or_else(|| {
            let expected: Vec<String> = rule
                .values
                .iter()
                .map(|v| string_literal(&v.to_string()))
                .collect();
            format!(
                "{V}::encodes_as(&self.{}, &[{}])",
                tested.ident,
                expected.join(", ")
            )
        });
        if then.is_empty() && otherwise.is_empty() {
            continue;
        }
        src.unsure();
        if then.is_empty() {
            put!(src, "if !{test} {{");
            src.append(otherwise);
        } else {
            put!(src, "if {test} {{");
            src.append(then);
            if !otherwise.is_empty() {
                put!(src, "}} else {{");
                src.append(otherwise);
            }
        }
        put!(src, "}}");
    }
}

/// `impl Validate` of a sent struct: each field's documented constraints, then its rules.
pub fn structure(api: &Api, def: &TypeDef, s: &Struct) -> Source {
    let mut src = Source::new();
    let mut body = src.block().block();
    for f in &s.fields {
        field_checks(&mut body, api, f, &f.constraints);
    }
    rules(&mut body, api, s);
    // A type that holds itself checks itself; when that is its only check, clippy sees `out`
    // used "only in recursion", which is the point here.
    let recursive = s.fields.iter().any(|f| f.ty.mentions(&def.name));
    write_impl(&mut src, &def.name, body, recursive);
    src
}

/// `impl Validate for {name}` with `body` (made with two [`Source::block`] steps) as
/// `validate_at`'s; an empty body leaves the path and the violations unnamed.
pub fn write_impl(src: &mut Source, name: &str, body: Source, recursive: bool) {
    open!(src, "impl crate::runtime::Validate for {name} {{");
    if recursive {
        put!(src, "#[allow(clippy::only_used_in_recursion)]");
    }
    let (path, out) = if body.is_empty() {
        ("_", "_")
    } else {
        ("path", "out")
    };
    open!(src, "fn validate_at(");
    put!(src, "&self,");
    put!(src, "{path}: &{V}::Path<'_>,");
    put!(src, "{out}: &mut Vec<crate::runtime::Violation>,");
    if body.is_empty() {
        close!(src, ") {{}}");
    } else {
        close!(src, ") {{");
        src.append(body);
        put!(src, "}}");
    }
    close!(src, "}}");
}

pub fn untagged(api: &Api, def: &TypeDef, variants: &[UntaggedVariant]) -> TokenStream {
    let name = ident(&def.name);
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let body = checks(api, "value", &v.ty, &v.constraints, "path");
        quote!(Self::#variant(value) => { let _ = value; #body })
    });
    let other = def.direction.receives().then(|| {
        quote!(Self::Other(_) => out.push(crate::runtime::Violation { path: path.to_string(), rule: "is none of the documented forms".to_owned() }),)
    });
    quote! {
        impl crate::runtime::Validate for #name {
            fn validate_at(&self, path: &crate::runtime::validate::Path<'_>, out: &mut Vec<crate::runtime::Violation>) {
                match self {
                    #(#arms)*
                    #other
                }
            }
        }
    }
}
