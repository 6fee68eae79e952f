//! One operation's method: its arguments, the checks of its parameters, and the request it fills
//! in for the runtime to sign and send.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::docs;
use super::super::text::string_literal;
use super::super::types::ident;
use super::super::validate::checks;
use super::{outcome, ty};
use crate::model::{Api, BodyKind, Operation, Param, ParamIn, QueryStyle, Segment, Ty};
use crate::rust;

pub fn method(api: &Api, op: &Operation) -> TokenStream {
    let signature = rust::signature(api, op);
    let name = ident(&signature.name);
    let args = signature.args.iter().map(|(n, t)| {
        let (n, t) = (ident(n), ty(t));
        quote!(#n: #t)
    });
    let (ok, error) = (ty(&signature.ok), ty(&signature.error));
    let doc = docs::attrs(&method_docs(api, op));
    let (id, http_method) = (&op.id, &op.http_method);
    let security = &op.security;
    // The runtime repeats by method as the model does by default; only `x-idempotent` is said.
    let idempotent = op.idempotent;
    let idempotent = (idempotent != crate::model::idempotent_method(http_method))
        .then(|| quote!(call.idempotent(#idempotent);));
    let param_checks = op.params.iter().filter_map(|p| param_check(api, p));
    let path = path(op);
    let params = op.params.iter().filter_map(param_setter);
    let body = body(op);
    let same_as = same_as_checks(api, op);
    let finish = outcome::finish(api, op);
    let issues = outcome::issued_tokens(api, op);
    // One argument per documented parameter mirrors the vendor's table; clippy's limit (7, with
    // `self`) is about hand-designed APIs.
    let many = (signature.args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #many
        pub async fn #name(&self, #(#args),*) -> Result<#ok, #error> {
            let mut call = self.core.call(#id, #http_method, &[#(#security),*]);
            #idempotent
            #(#param_checks)*
            #(#same_as)*
            #path
            #(#params)*
            #body
            #(#issues)*
            let response = call.send().await?;
            #finish
        }
    }
}

fn method_docs(api: &Api, op: &Operation) -> String {
    let mut text = docs::join(&op.summary, &op.docs);
    let mut wire = format!("`{} {}` (operation `{}`)", op.http_method, op.path, op.id);
    if let Some(rpc) = &op.rpc_method {
        wire.push_str(&format!(
            ", RPC method `{rpc}`, posted in the signed form envelope"
        ));
    }
    if let Some(name) = super::api::envelope_const(api, op) {
        wire.push_str(&format!(
            "; the answer is unwrapped as `{name}` describes and a failure code is `Error::Vendor`"
        ));
    }
    text = docs::join(&text, &format!("{wire}."));
    text
}

/// The expression a parameter's value is read through: a reference either way.
fn value_of(api: &Api, p: &Param, name: &Ident) -> TokenStream {
    if rust::param_by_reference(api, p) {
        quote!(#name)
    } else {
        quote!(&#name)
    }
}

fn param_check(api: &Api, p: &Param) -> Option<TokenStream> {
    let name = ident(&p.ident);
    let wire = &p.wire;
    let start = format!(
        "&crate::runtime::validate::Path::Start({})",
        string_literal(wire)
    );
    let body = checks(api, "value", &p.ty, &p.constraints, &start);
    if body.is_empty() {
        return None;
    }
    // A named type checks itself (an `Option` of one too): one line instead of a closure.
    if matches!(api.unalias(&p.ty), Ty::Named(_)) && p.constraints.is_empty() {
        let value = if p.required {
            quote!(#name)
        } else {
            quote!(&#name)
        };
        return Some(quote!(call.validate(#wire, #value);));
    }
    let value = value_of(api, p, &name);
    Some(if p.required {
        quote!(call.check(|out| { let value = #value; #body });)
    } else {
        quote!(if let Some(value) = #value { call.check(|out| { #body }); })
    })
}

/// The path as a template (`{}` for each parameter) and the encoded parameters in order.
fn path(op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut params = Vec::new();
    for s in &op.segments {
        match s {
            Segment::Literal(text) => template.push_str(text),
            Segment::Param(wire) => {
                template.push_str("{}");
                let p = op
                    .param(ParamIn::Path, wire)
                    .map_or_else(|| ident("_"), |p| ident(&p.ident));
                params.push(quote!(&runtime::segment(&#p)));
            }
        }
    }
    quote!(call.path_params(#template, &[#(#params),*]);)
}

fn param_setter(p: &Param) -> Option<TokenStream> {
    let name = ident(&p.ident);
    let wire = &p.wire;
    match (p.location, p.json_text) {
        (ParamIn::Path, _) => None,
        (ParamIn::Query, false) => Some(match runtime_style(p.style) {
            None => quote!(call.query(#wire, &#name);),
            Some(style) => {
                let style = ident(style);
                quote!(call.query_styled(#wire, &#name, runtime::QueryStyle::#style);)
            }
        }),
        (ParamIn::Query, true) => Some(quote!(call.query_json(#wire, &#name);)),
        (ParamIn::Header, false) => Some(quote!(call.header(#wire, &#name);)),
        (ParamIn::Header, true) => Some(quote!(call.header_json(#wire, &#name);)),
        (ParamIn::Cookie, _) => Some(quote!(call.cookie(#wire, &#name);)),
    }
}

/// The runtime's `QueryStyle` variant for a style other than OpenAPI's default.
fn runtime_style(style: QueryStyle) -> Option<&'static str> {
    match style {
        QueryStyle::Form => None,
        QueryStyle::FormJoined => Some("FormJoined"),
        QueryStyle::SpaceDelimited => Some("SpaceDelimited"),
        QueryStyle::PipeDelimited => Some("PipeDelimited"),
        QueryStyle::DeepObject => Some("DeepObject"),
    }
}

/// Body fields that must repeat a parameter (`x-same-as-parameter`), compared before sending.
fn same_as_checks(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let Some(b) = &op.body else {
        return Vec::new();
    };
    let checks = api.fields_of(&b.ty).iter().filter_map(|f| {
        let wire = f.same_as.as_deref()?;
        let p = op.params.iter().find(|p| p.wire == wire)?;
        let (field, param, field_wire) = (ident(&f.ident), ident(&p.ident), &f.wire);
        Some(quote!(call.same_as(#field_wire, &body.#field, #wire, &#param);))
    });
    checks.collect()
}

fn body(op: &Operation) -> TokenStream {
    let Some(b) = &op.body else {
        return quote!();
    };
    match (&op.rpc_method, b.kind) {
        (Some(rpc), _) => quote!(call.rpc(#rpc, body);),
        (None, BodyKind::Json) => quote!(call.json(body);),
        (None, BodyKind::Form) => quote!(call.form(body);),
        (None, BodyKind::Multipart) => quote!(call.multipart(body);),
        (None, BodyKind::Text) => {
            let media = &b.media_type;
            quote!(call.text(#media, body);)
        }
        (None, BodyKind::Bytes) => {
            let media = &b.media_type;
            quote!(call.bytes(#media, body);)
        }
    }
}
