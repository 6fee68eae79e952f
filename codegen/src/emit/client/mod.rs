//! The client module: credentials, the API's constants, the client, and one method per
//! operation. Each concern has its file; the runtime does the work the methods describe.

mod api;
mod credentials;
mod outcome;

mod paging;
mod request;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::text::{self, Source};
use crate::model::Api;

/// The client module, in the pieces it is formatted from (see [`super::vendor_files`]): what
/// comes before `impl Client`, the members of `impl Client` (the token setters, then one method
/// per operation), and the outcome types of each operation.
pub struct Pieces {
    pub head: TokenStream,
    pub setters: TokenStream,
}

pub fn pieces(api: &Api) -> Pieces {
    let credentials = credentials::credentials(api);
    let constants = api::constants(api);
    let client = quote!(runtime::client!(Credentials, API););
    let header = docs::inner(&format!(
        "The client of the {} API. {}",
        api.title,
        api::rate_doc(api)
    ));
    let types_import = uses_types(api).then(|| {
        quote!(
            use super::types;
        )
    });
    Pieces {
        head: quote! {
            #header
            use crate::runtime;
            #types_import

            #credentials
            #constants
            #client
        },
        setters: api::token_setters(api),
    }
}

/// One operation's members of `impl Client`, formatted: its method and, when it pages, its walk
/// over every page.
pub fn operation(api: &Api, op: &crate::model::Operation) -> Result<String, String> {
    let mut method = Source::member();
    request::method(&mut method, api, op);
    let mut members = method.finish_member()?;
    if let Some(p) = &op.pagination {
        members.push_str(&super::format_member(paging::all_pages(api, op, p))?);
    }
    Ok(members)
}

/// The operation's outcome types, formatted.
pub fn outcome_types(op: &crate::model::Operation) -> Result<String, String> {
    outcome::types(op).finish()
}

/// A statement `call.{method}(args);` of a client method's body.
fn call(src: &mut Source, method: &str, args: &[&str]) {
    let args: Vec<text::Arg> = args.iter().map(|a| text::Arg::text(*a)).collect();
    src.call("", &format!("call.{method}"), &args, ";");
}

/// Whether the client module names anything in `types`.
fn uses_types(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        let signature = crate::rust::signature(api, op);
        signature.to_string().contains("types::")
            || op.responses.iter().any(|r| {
                crate::rust::answer_type(r.value.as_ref()).is_some_and(|t| t.contains("types::"))
            })
    })
}

/// Tokens of a Rust type the shared printer (`crate::rust`) wrote.
fn ty(text: &str) -> TokenStream {
    super::types::tokens(text)
}
