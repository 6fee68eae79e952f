//! `x-pagination`: a stream of every row of every page, built on the operation's method.
//! Page numbers are written into a query body the walk owns; a token walk takes the method's own
//! arguments, minus the token, and sends each answer's next token back.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::super::docs;
use super::super::types::ident;
use super::ty;
use crate::model::{Api, Field, Operation, PageNumber, Pagination, TokenIn, TokenPaging, Ty};
use crate::rust;

/// The `…_all` method of a paged operation.
pub fn all_pages(api: &Api, op: &Operation, p: &Pagination) -> TokenStream {
    match p {
        Pagination::PageNumber(p) => by_page_number(api, op, p),
        Pagination::Token(t) => by_token(api, op, t),
    }
}

/// A field of the named struct `ty`, by wire name.
fn field_of(api: &Api, ty: Option<&Ty>, wire: &str) -> Option<Field> {
    ty.and_then(|t| api.fields_of(t).iter().find(|f| f.wire == wire).cloned())
}

/// The answer's rows: the list, or an empty one when the field may be missing.
fn rows_of(items: &Field) -> TokenStream {
    let f = ident(&items.ident);
    if items.always_present() {
        quote!(answer.#f)
    } else {
        quote!(answer.#f.unwrap_or_default())
    }
}

/// The model checked that the token travels as an optional string, the next token is a string
/// field and the rows a list of the one success answer; anything else leaves the walk out.
fn by_token(api: &Api, op: &Operation, t: &TokenPaging) -> TokenStream {
    let answer_ty = op
        .successes()
        .next()
        .and_then(|r| r.value.as_ref())
        .map(|v| &v.ty);
    let (Some(items), Some(next)) = (
        field_of(api, answer_ty, &t.items_field),
        field_of(api, answer_ty, &t.next_field),
    ) else {
        return quote!();
    };
    let Ty::Vec(item_ty) = &items.ty else {
        return quote!();
    };
    let signature = rust::signature(api, op);
    let token_ident = match &t.token {
        TokenIn::Parameter(wire) => op.params.iter().find(|p| &p.wire == wire).map(|p| &p.ident),
        TokenIn::BodyField(_) => None,
    };
    let args = signature
        .args
        .iter()
        .filter(|(name, _)| Some(name) != token_ident)
        .map(|(name, ty)| {
            // Every borrowed argument lives as long as the walk that sends it again.
            let (name, ty) = (ident(name), super::ty(&ty.replace('&', "&'a ")));
            quote!(#name: #ty)
        });
    let call_args = signature.args.iter().map(|(name, _)| {
        if Some(name) == token_ident {
            quote!(token.as_deref())
        } else if name == "body" && matches!(t.token, TokenIn::BodyField(_)) {
            quote!(&body)
        } else {
            let name = ident(name);
            quote!(#name)
        }
    });
    let set_body = match &t.token {
        TokenIn::BodyField(wire) => {
            let Some(field) = field_of(api, op.body.as_ref().map(|b| &b.ty), wire) else {
                return quote!();
            };
            let f = ident(&field.ident);
            quote!(let mut body = body.clone(); body.#f = token;)
        }
        TokenIn::Parameter(_) => quote!(),
    };
    let method = ident(&op.method_name);
    let call = quote!(async move { self.#method(#(#call_args),*).await });
    let walk = if set_body.is_empty() {
        quote!(move |token: Option<String>| #call)
    } else {
        quote!(move |token: Option<String>| { #set_body #call })
    };
    let rows = rows_of(&items);
    let next = {
        let f = ident(&next.ident);
        if next.always_present() {
            quote!(Some(answer.#f))
        } else {
            quote!(answer.#f)
        }
    };
    let item = ty(&rust::qualified(item_ty));
    let error = ty(&signature.error);
    let answer = ty(&rust::success_type(op));
    let pages_method = format_ident!("{}_all", op.method_name);
    let doc = docs::trusted(&format!(
        "Every row of every page of [`Client::{}`], with the same arguments but the page token: \
         each request sends the token the previous answer gave in `{}`; the walk stops after an \
         answer without one (or with one already sent).",
        op.method_name, t.next_field
    ));
    quote! {
        #doc
        pub fn #pages_method<'a>(&'a self, #(#args),*) -> runtime::Rows<'a, #item, #error> {
            runtime::paging::Tokens { rows: |answer: #answer| (#rows, #next) }.walk(#walk)
        }
    }
}

/// The model checked that the page fields exist and the rows are a list; anything else here
/// would be a model bug, and leaves the walk out rather than emitting broken code.
fn by_page_number(api: &Api, op: &Operation, p: &PageNumber) -> TokenStream {
    let body_ty = op.body.as_ref().map(|b| &b.ty);
    let answer_ty = op.successes().next().and_then(|r| r.ty.as_ref());
    let find = |ty, wire: &str| field_of(api, ty, wire);
    let (Some(page), Some(size), Some(items), Some(body_ty)) = (
        find(body_ty, &p.page_field),
        find(body_ty, &p.size_field),
        find(answer_ty, &p.items_field),
        body_ty,
    ) else {
        return quote!();
    };
    let Ty::Vec(item_ty) = &items.ty else {
        return quote!();
    };
    let item = ty(&rust::qualified(item_ty));
    let query_ty = ty(&rust::qualified(body_ty));
    let error = ty(&rust::signature(api, op).error);
    let method = ident(&op.method_name);
    let pages_method = format_ident!("{}_all", op.method_name);
    let (page_f, size_f) = (ident(&page.ident), ident(&size.ident));
    let first = p.first_page;
    let default_size = size.default.as_ref().and_then(Value::as_i64).unwrap_or(0);
    let rows = rows_of(&items);
    let total = match p.total_field.as_ref().and_then(|t| find(answer_ty, t)) {
        Some(t) => {
            let f = ident(&t.ident);
            if t.always_present() {
                quote!(runtime::paging::count(&answer.#f))
            } else {
                quote!(answer.#f.as_ref().and_then(runtime::paging::count))
            }
        }
        None => quote!(None),
    };
    let page_value = if page.always_present() {
        quote!(page)
    } else {
        quote!(Some(page))
    };
    let size_read = if size.always_present() {
        quote!(query.#size_f)
    } else {
        quote!(query.#size_f.unwrap_or(#default_size))
    };
    let doc = docs::trusted(&format!(
        "Every row of every page of [`Client::{}`], page by page from page {first}: the page field of `query` is set \
         for each request; the walk stops after the last page (a short or empty page, or all `{}` rows seen).",
        op.method_name,
        p.total_field.clone().unwrap_or_default()
    ));
    let answer_ty = ty(&rust::success_type(op));
    let set_page = quote!(|query: &mut #query_ty, page| query.#page_f = #page_value);
    let rows = quote!(|answer: #answer_ty| (#rows, #total));
    quote! {
        #doc
        pub fn #pages_method(&self, query: #query_ty) -> runtime::Rows<'_, #item, #error> {
            let pages = runtime::paging::Pages {
                first_page: #first,
                page_size: u64::try_from(#size_read).unwrap_or(0),
                set_page: #set_page,
                rows: #rows,
            };
            pages.walk(query, move |query| async move { self.#method(&query).await })
        }
    }
}
