//! `Validate` implementations: the documented constraints of sent types, checked before sending.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};
use serde_json::Value;

use super::types::ident;
use crate::model::{
    Api, Constraints, Effect, Field, PatternStep, Struct, Ty, TypeDef, UntaggedVariant,
    simple_pattern,
};

fn opt(v: Option<f64>) -> TokenStream {
    match v {
        Some(v) => {
            let lit = Literal::f64_unsuffixed(v);
            quote!(Some(#lit))
        }
        None => quote!(None),
    }
}

fn opt_u(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let lit = Literal::u64_unsuffixed(v);
            quote!(Some(#lit))
        }
        None => quote!(None),
    }
}

/// Checks of a secret string: what a string is checked for, with violations that never quote
/// the value.
fn secret_checks(value: TokenStream, c: &Constraints, path: TokenStream) -> Option<TokenStream> {
    let (min, max) = (opt_u(c.min_length), opt_u(c.max_length));
    let length = (c.min_length.is_some() || c.max_length.is_some()).then(
        || quote!(crate::runtime::validate::length(#path, #value.expose(), #min, #max, out);),
    );
    let pattern = c
        .pattern
        .as_ref()
        .map(|pattern| pattern_check(pattern, &path, quote!(#value.expose()), true));
    if length.is_none() && pattern.is_none() {
        return None;
    }
    Some(quote!(#length #pattern))
}

/// The check of a `pattern`: byte steps where the model found it simple, else the regex engine,
/// compiled at first use. A secret's violation names the pattern, never the value.
fn pattern_check(
    pattern: &str,
    path: &TokenStream,
    value: TokenStream,
    secret: bool,
) -> TokenStream {
    let check = if secret {
        quote!(crate::runtime::validate::secret_pattern)
    } else {
        quote!(crate::runtime::validate::pattern)
    };
    match simple_pattern(pattern) {
        Some(steps) => {
            let steps = steps.iter().map(pattern_step);
            quote! {
                const STEPS: &[crate::runtime::validate::PatternStep] = &[#(#steps),*];
                #check(#path, #value, &crate::runtime::validate::Pattern::Steps(STEPS), #pattern, out);
            }
        }
        None => quote! {
            static PATTERN: std::sync::LazyLock<crate::runtime::regex_lite::Regex> = std::sync::LazyLock::new(|| {
                crate::runtime::regex_lite::Regex::new(#pattern).expect("the generator compiled this pattern")
            });
            #check(#path, #value, &crate::runtime::validate::Pattern::Regex(&PATTERN), #pattern, out);
        },
    }
}

/// A step as a constant expression; sets are written as inclusive byte ranges (`b"09AZ"` is
/// `[0-9A-Z]`) so a reviewer can read them.
fn pattern_step(step: &PatternStep) -> TokenStream {
    match step {
        PatternStep::Run { set, min, max } => {
            let ranges = byte_ranges(*set);
            let min = Literal::u32_unsuffixed(*min);
            let max = match max {
                Some(max) => {
                    let max = Literal::u32_unsuffixed(*max);
                    quote!(Some(#max))
                }
                None => quote!(None),
            };
            quote!(crate::runtime::validate::PatternStep::run(#ranges, #min, #max))
        }
        PatternStep::Optional { first, steps } => {
            let first = byte_ranges(*first);
            let steps = steps.iter().map(pattern_step);
            quote!(crate::runtime::validate::PatternStep::optional(#first, &[#(#steps),*]))
        }
    }
}

fn byte_ranges(set: u128) -> Literal {
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
    Literal::byte_string(&ranges)
}

/// Checks of one value. `value` is an expression of type `&T`, `path` of type `&str`.
pub fn checks(
    api: &Api,
    value: TokenStream,
    ty: &Ty,
    c: &Constraints,
    path: TokenStream,
) -> TokenStream {
    let ty = api.unalias(ty);
    let mut out = Vec::new();
    match ty {
        Ty::Secret => out.extend(secret_checks(value, c, path)),
        Ty::String => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let (min, max) = (opt_u(c.min_length), opt_u(c.max_length));
                out.push(quote!(crate::runtime::validate::length(#path, #value, #min, #max, out);));
            }
            if let Some(pattern) = &c.pattern {
                out.push(pattern_check(pattern, &path, value.clone(), false));
            }
            if !c.one_of.is_empty() {
                let allowed = &c.one_of;
                out.push(
                    quote!(crate::runtime::validate::one_of(#path, #value, &[#(#allowed),*], out);),
                );
            }
        }
        Ty::Integer | Ty::Number => {
            let as_f64 = if *ty == Ty::Integer {
                quote!(*#value as f64)
            } else {
                quote!(*#value)
            };
            let any_range = [
                c.minimum,
                c.maximum,
                c.exclusive_minimum,
                c.exclusive_maximum,
                c.multiple_of,
            ]
            .iter()
            .any(Option::is_some);
            if any_range {
                // Only the bounds the schema sets; the rest come from `Range::NONE`.
                let bounds = [
                    ("minimum", c.minimum),
                    ("maximum", c.maximum),
                    ("exclusive_minimum", c.exclusive_minimum),
                    ("exclusive_maximum", c.exclusive_maximum),
                    ("multiple_of", c.multiple_of),
                ]
                .into_iter()
                .filter(|(_, v)| v.is_some())
                .map(|(name, v)| {
                    let (name, v) = (format_ident!("{name}"), opt(v));
                    quote!(#name: #v,)
                });
                let range = quote! {
                    &crate::runtime::validate::Range {
                        #(#bounds)* ..crate::runtime::validate::Range::NONE
                    }
                };
                out.push(if *ty == Ty::Integer {
                    quote!(crate::runtime::validate::integer(#path, *#value, #range, out);)
                } else {
                    quote!(crate::runtime::validate::number(#path, #as_f64, #range, out);)
                });
            }
            if let Some((low, high)) = c.not_between {
                let (low, high) = (Literal::f64_unsuffixed(low), Literal::f64_unsuffixed(high));
                out.push(quote!(crate::runtime::validate::not_between(#path, #as_f64, #low, #high, out);));
            }
        }
        Ty::Vec(inner) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let (min, max) = (opt_u(c.min_items), opt_u(c.max_items));
                out.push(
                    quote!(crate::runtime::validate::items(#path, #value.len(), #min, #max, out);),
                );
            }
            let item_constraints = c.items.as_deref().cloned().unwrap_or_default();
            let item = checks(
                api,
                quote!(item),
                inner,
                &item_constraints,
                quote!(&crate::runtime::validate::index(#path, i)),
            );
            if !item.is_empty() {
                out.push(quote! {
                    for (i, item) in #value.iter().enumerate() {
                        #item
                    }
                });
            }
        }
        Ty::Named(_) => {
            out.push(quote!(crate::runtime::Validate::validate_at(#value, #path, out);))
        }
        Ty::Map(inner) => {
            let member = checks(
                api,
                quote!(member),
                inner,
                &Constraints::default(),
                quote!(&crate::runtime::validate::field(#path, key)),
            );
            if !member.is_empty() {
                out.push(quote! {
                    for (key, member) in #value.iter() {
                        #member
                    }
                });
            }
        }
        Ty::Boolean | Ty::Json | Ty::Object | Ty::Bytes => {}
    }
    quote!(#(#out)*)
}

fn field_checks(api: &Api, field: &Field, c: &Constraints) -> TokenStream {
    let name = ident(&field.ident);
    let wire = &field.wire;
    let body = checks(api, quote!(value), &field.ty, c, quote!(&path));
    if body.is_empty() {
        return quote!();
    }
    if !field.required || field.nullable {
        quote! {
            if let Some(value) = &self.#name {
                let path = crate::runtime::validate::field(path, #wire);
                #body
            }
        }
    } else {
        quote! {
            {
                let value = &self.#name;
                let path = crate::runtime::validate::field(path, #wire);
                #body
            }
        }
    }
}

/// A rule's test as plain comparisons when the tested field is a boolean, string or integer
/// (`None` otherwise: the caller then compares JSON encodings).
fn rule_test(field: &Field, values: &[Value]) -> Option<TokenStream> {
    let name = ident(&field.ident);
    let optional = !field.always_present();
    let wrap = |v: TokenStream| if optional { quote!(Some(#v)) } else { v };
    let tests = values
        .iter()
        .map(|value| match (&field.ty, value) {
            (_, Value::Null) => Some(if optional {
                quote!(self.#name.is_none())
            } else {
                quote!(false)
            }),
            (Ty::Boolean, Value::Bool(b)) => {
                let b = wrap(quote!(#b));
                Some(quote!(self.#name == #b))
            }
            (Ty::String, Value::String(text)) => Some(if optional {
                quote!(self.#name.as_deref() == Some(#text))
            } else {
                quote!(self.#name == #text)
            }),
            (Ty::Integer, Value::Number(n)) => n.as_i64().map(|n| {
                let n = wrap(Literal::i64_unsuffixed(n).into_token_stream());
                quote!(self.#name == #n)
            }),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(match tests.as_slice() {
        [one] => one.clone(),
        _ => quote!((#(#tests)||*)),
    })
}

pub fn structure(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let fields = s
        .fields
        .iter()
        .map(|f| field_checks(api, f, &f.constraints));
    let rules = s.rules.iter().map(|rule| {
        let Some(tested) = s.fields.iter().find(|f| f.wire == rule.field) else { return quote!() };
        let tested_ident = ident(&tested.ident);
        let expected: Vec<String> = rule.values.iter().map(|v| v.to_string()).collect();
        let shown: Vec<String> = rule.values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
        let when = format!("when {} is {}", rule.field, shown.join(" or "));
        let unless = format!("unless {} is {}", rule.field, shown.join(" or "));
        let effects = |effects: &[Effect], why: &str| {
            let items = effects.iter().map(|e| {
                let (Effect::Require(n) | Effect::Forbid(n) | Effect::Constrain(n, _)) = e;
                let Some(field) = s.fields.iter().find(|f| &f.wire == n) else { return quote!() };
                let f = ident(&field.ident);
                let wire = &field.wire;
                let present = if !field.required || field.nullable { quote!(self.#f.is_some()) } else { quote!(true) };
                match e {
                    Effect::Require(_) => quote!(crate::runtime::validate::required(&crate::runtime::validate::field(path, #wire), #present, #why, out);),
                    Effect::Forbid(_) => quote!(crate::runtime::validate::absent(&crate::runtime::validate::field(path, #wire), #present, #why, out);),
                    Effect::Constrain(_, c) => field_checks(api, field, c),
                }
            });
            quote!(#(#items)*)
        };
        let then = effects(&rule.then, &when);
        let otherwise = effects(&rule.otherwise, &unless);
        let test = rule_test(tested, &rule.values).unwrap_or_else(
            || quote!(crate::runtime::validate::encodes_as(&self.#tested_ident, &[#(#expected),*])),
        );
        match (then.is_empty(), otherwise.is_empty()) {
            (true, true) => quote!(),
            (false, true) => quote!(if #test { #then }),
            (true, false) => quote!(if !#test { #otherwise }),
            (false, false) => quote!(if #test { #then } else { #otherwise }),
        }
    });
    let body = quote!(#(#fields)* #(#rules)*);
    let (path, out) = if body.is_empty() {
        (quote!(_), quote!(_))
    } else {
        (quote!(path), quote!(out))
    };
    // A type that holds itself checks itself; when that is its only check, clippy sees `out`
    // used "only in recursion", which is the point here.
    let recursive = s
        .fields
        .iter()
        .any(|f| f.ty.mentions(&def.name))
        .then(|| quote!(#[allow(clippy::only_used_in_recursion)]));
    quote! {
        impl crate::runtime::Validate for #name {
            #recursive
            fn validate_at(&self, #path: &crate::runtime::validate::Path<'_>, #out: &mut Vec<crate::runtime::Violation>) {
                #body
            }
        }
    }
}

pub fn untagged(api: &Api, def: &TypeDef, variants: &[UntaggedVariant]) -> TokenStream {
    let name = ident(&def.name);
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let body = checks(api, quote!(value), &v.ty, &v.constraints, quote!(path));
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
