//! `x-pagination`: a stream of every row of every page, built on the operation's method.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::super::docs;
use super::super::types::ident;
use super::ty;
use crate::model::{Api, Field, Operation, Pagination, Ty};
use crate::rust;

/// The model checked that the page fields exist and the rows are a list; anything else here
/// would be a model bug, and leaves the walk out rather than emitting broken code.
pub fn all_pages(api: &Api, op: &Operation, p: &Pagination) -> TokenStream {
    let body_ty = op.body.as_ref().map(|b| &b.ty);
    let answer_ty = op.successes().next().and_then(|r| r.ty.as_ref());
    let find = |ty: Option<&Ty>, wire: &str| -> Option<Field> {
        ty.and_then(|t| api.fields_of(t).iter().find(|f| f.wire == wire).cloned())
    };
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
    let (page_f, size_f, items_f) = (ident(&page.ident), ident(&size.ident), ident(&items.ident));
    let first = p.first_page;
    let default_size = size.default.as_ref().and_then(Value::as_i64).unwrap_or(0);
    let rows = if items.always_present() {
        quote!(answer.#items_f)
    } else {
        quote!(answer.#items_f.unwrap_or_default())
    };
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
        pub fn #pages_method(&self, query: #query_ty) -> impl runtime::paging::RowStream<#item, #error> + '_ {
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
