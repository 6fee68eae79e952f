//! What an operation returns: its documented answers matched by status, the enums that hold
//! several of them, and the token an answer may issue.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::super::docs;
use super::ty;
use crate::model::{Api, BodyKind, Operation, Response};
use crate::rust;

/// The operation's documented-errors enum and, with several successes, the enum of those.
pub fn types(op: &Operation) -> TokenStream {
    let errors = op.error_type().map(|name| {
        let doc = format!("The documented error answers of `{}`.", op.method_name);
        outcome_enum(&name, &doc, op.failures())
    });
    let successes = op.success_enum().map(|name| {
        let doc = format!("The documented successful answers of `{}`.", op.method_name);
        outcome_enum(&name, &doc, op.successes())
    });
    quote!(#errors #successes)
}

fn outcome_enum<'a>(
    name: &str,
    doc: &str,
    answers: impl Iterator<Item = &'a Response>,
) -> TokenStream {
    let name = format_ident!("{name}");
    let doc = docs::attrs(doc);
    let variants = answers.map(|r| {
        let v = format_ident!("{}", r.variant);
        // The status starts the answer's own first paragraph: one line, not a heading.
        let doc = docs::attrs(format!("HTTP {}. {}", r.status, r.docs).trim_end());
        match rust::answer_type(r.value.as_ref()) {
            Some(t) => {
                let t = ty(&t);
                quote!(#doc #v(#t),)
            }
            None => quote!(#doc #v,),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* }
    }
}

/// The `match` on the answer's status, and keeping the token an answer issues.
pub fn finish(api: &Api, op: &Operation) -> TokenStream {
    let mut responses: Vec<&Response> = op.responses.iter().collect();
    responses.sort_by_key(|r| specificity(&r.status));
    let several = op.success_enum();
    let error = op.error_type();
    let envelope = super::api::envelope_const(api, op);
    let arms = responses.iter().map(|r| {
        let pattern = status_pattern(&r.status);
        let v = format_ident!("{}", r.variant);
        let decode = match (&envelope, r.is_success(), r.kind) {
            (_, true, BodyKind::Text) => quote!(response.text()),
            (_, true, BodyKind::Bytes) => quote!(response.bytes()),
            (Some(env), true, _) => quote!(response.envelope(&#env)),
            _ => quote!(response.decode()),
        };
        let result = if r.is_success() {
            match (&several, r.ty.is_some()) {
                (Some(e), true) => {
                    let e = format_ident!("{e}");
                    quote!(#decode.map(#e::#v))
                }
                (Some(e), false) => {
                    let e = format_ident!("{e}");
                    quote!(Ok(#e::#v))
                }
                (None, true) => decode,
                (None, false) => quote!(Ok(())),
            }
        } else {
            let e = format_ident!("{}", error.clone().unwrap_or_default());
            if r.ty.is_some() {
                quote!(response.documented(#e::#v))
            } else {
                quote!(response.documented_empty(#e::#v))
            }
        };
        quote!(#pattern => #result,)
    });
    let fallback = (!op.responses.iter().any(|r| r.status == "default"))
        .then(|| quote!(_ => response.unexpected(),));
    let outcome = quote! {
        match response.status() {
            #(#arms)*
            #fallback
        }
    };
    outcome
}

/// The tokens the answer issues (`x-token-from`): the runtime keeps them, and the request to
/// renew them with.
pub fn issued_tokens(api: &Api, op: &Operation) -> Vec<TokenStream> {
    op.issues_tokens
        .iter()
        .filter_map(|(scheme, property)| {
            let s = api.scheme(scheme)?;
            let field = super::super::types::ident(&s.ident);
            s.issued_by
                .is_some()
                .then(|| quote!(call.issues_token(#scheme, #property, |c| &mut c.#field);))
        })
        .collect()
}

/// The `match` pattern of a documented status.
fn status_pattern(status: &str) -> TokenStream {
    if let Ok(code) = status.parse::<u16>() {
        let code = Literal::u16_unsuffixed(code);
        return quote!(#code);
    }
    match status.as_bytes().first() {
        Some(d @ b'1'..=b'5') if status.len() == 3 => {
            let low = u16::from(d - b'0') * 100;
            let (low, high) = (
                Literal::u16_unsuffixed(low),
                Literal::u16_unsuffixed(low + 99),
            );
            quote!(#low..=#high)
        }
        _ => quote!(_),
    }
}

/// Exact codes first, then ranges, then `default`, so that `match` tries the most specific.
fn specificity(status: &str) -> u8 {
    if status.parse::<u16>().is_ok() {
        0
    } else if status == "default" {
        2
    } else {
        1
    }
}
