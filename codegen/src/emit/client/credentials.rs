//! `Credentials`: what the vendor issues, typed, and looked up by the spec's names at run time.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs;
use super::super::types::ident;
use crate::model::{Api, Credential};

pub fn credentials(api: &Api) -> TokenStream {
    let creds = api.auth.credentials();
    let fields = creds.iter().map(|c| {
        let doc = docs::attrs(&docs::join(&c.docs, &format!("Credential `{}`.", c.wire)));
        let name = ident(&c.ident);
        let ty = credential_type(c);
        quote! { #doc pub #name: #ty, }
    });
    let given: Vec<&Credential> = creds.iter().filter(|c| !c.optional).collect();
    let args = given.iter().map(|c| {
        let name = ident(&c.ident);
        let ty = credential_arg(c);
        quote!(#name: #ty)
    });
    let assign = creds.iter().map(|c| {
        let name = ident(&c.ident);
        if c.optional {
            quote!(#name: None,)
        } else if c.integer {
            quote!(#name,)
        } else {
            quote!(#name: #name.into(),)
        }
    });
    let empty = creds.iter().all(|c| c.optional).then(|| quote!(Default,));
    let lookups = creds.iter().map(|c| {
        let wire = &c.wire;
        let name = ident(&c.ident);
        let value = if c.integer {
            quote!(Some(self.#name.to_string().into()))
        } else if c.optional {
            quote!(self.#name.as_ref().map(|v| v.expose().into()))
        } else if c.secret {
            quote!(Some(self.#name.expose().into()))
        } else {
            quote!(Some(self.#name.as_str().into()))
        };
        quote!(#wire => #value,)
    });
    let name_param = if creds.is_empty() {
        quote!(_name)
    } else {
        quote!(name)
    };
    let matched = if creds.is_empty() {
        quote!(None)
    } else {
        quote!(match name { #(#lookups)* _ => None })
    };
    quote! {
        /// What the vendor issues to identify and authorise a caller. `Debug` never shows a secret.
        #[derive(Debug, Clone, #empty)]
        #[non_exhaustive]
        pub struct Credentials {
            #(#fields)*
        }

        impl Credentials {
            /// The credentials the vendor issues up front; tokens obtained later start empty.
            pub fn new(#(#args),*) -> Self {
                Credentials { #(#assign)* }
            }
        }

        impl runtime::CredentialSource for Credentials {
            fn credential(&self, #name_param: &str) -> Option<std::borrow::Cow<'_, str>> {
                #matched
            }
        }
    }
}

fn credential_type(c: &Credential) -> TokenStream {
    let base = if c.integer {
        quote!(i64)
    } else if c.secret {
        quote!(runtime::Secret)
    } else {
        quote!(String)
    };
    if c.optional {
        quote!(Option<#base>)
    } else {
        base
    }
}

fn credential_arg(c: &Credential) -> TokenStream {
    if c.integer {
        quote!(i64)
    } else if c.secret {
        quote!(impl Into<runtime::Secret>)
    } else {
        quote!(impl Into<String>)
    }
}
