//! `Credentials`: what the vendor issues, typed, and looked up by the spec's names at run time.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs;
use super::super::types::ident;
use crate::model::{Api, Credential};

pub fn credentials(api: &Api) -> TokenStream {
    let creds = api.auth.credentials();
    let fields = creds.iter().map(|c| {
        let doc = docs::attrs(&c.docs);
        let name = ident(&c.ident);
        let ty = credential_type(c);
        quote! { #doc pub #name: #ty, }
    });
    let (issued, later): (Vec<&Credential>, Vec<&Credential>) =
        creds.iter().partition(|c| !c.optional);
    let issued = issued.iter().map(|c| {
        let (name, kind, wire) = (ident(&c.ident), credential_kind(c), &c.wire);
        let env = env_variable(api, c);
        quote!(#kind #name = #wire, #env)
    });
    let later = later.iter().map(|c| {
        let (name, wire) = (ident(&c.ident), &c.wire);
        let env = env_variable(api, c);
        quote!(#name = #wire, #env)
    });
    let later = (creds.iter().any(|c| c.optional)).then(|| quote!(; #(#later),*));
    let empty = creds.iter().all(|c| c.optional).then(|| quote!(Default,));
    quote! {
        /// What the vendor issues to identify and authorise a caller. `Debug` never shows a secret.
        #[derive(Debug, Clone, #empty)]
        #[non_exhaustive]
        pub struct Credentials {
            #(#fields)*
        }
        runtime::credentials!(Credentials(#(#issued),* #later));
    }
}

/// The environment variable `Credentials::from_env` reads a credential from: the module name and
/// the field, in capitals (`SHOP_API_KEY` for field `api_key` of module `shop`).
pub fn env_variable(api: &Api, c: &Credential) -> String {
    format!("{}_{}", api.name, c.ident).to_ascii_uppercase()
}

fn credential_type(c: &Credential) -> TokenStream {
    let base = credential_base(c);
    if c.optional {
        quote!(Option<#base>)
    } else {
        base
    }
}

/// The type of a credential's value, before a token's `Option`.
fn credential_base(c: &Credential) -> TokenStream {
    if c.integer {
        quote!(i64)
    } else if c.secret {
        quote!(runtime::Secret)
    } else {
        quote!(String)
    }
}

/// How `runtime::credentials!` takes an issued credential in `new`.
fn credential_kind(c: &Credential) -> proc_macro2::Ident {
    let kind = if c.integer {
        "number"
    } else if c.secret {
        "secret"
    } else {
        "text"
    };
    ident(kind)
}
