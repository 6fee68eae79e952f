//! The API's constants (default server, rate, security schemes, envelopes) and the `Client`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::super::docs;
use super::super::types::ident;
use crate::model::{Api, CodeTest, CodeValue, Operation, ResponseEnvelope, Scheme};

pub fn constants(api: &Api) -> TokenStream {
    let default_url = api
        .servers
        .first()
        .map(|s| s.url.clone())
        .unwrap_or_default();
    let servers: Vec<String> = api
        .servers
        .iter()
        .map(|s| match s.docs.lines().next() {
            Some(first) if !first.trim().is_empty() => format!("- `{}`: {first}", s.url),
            _ => format!("- `{}`", s.url),
        })
        .collect();
    let url_doc = docs::attrs(&if servers.is_empty() {
        "The default base URL: the document lists no server, so give one with `ClientBuilder::base_url`.".to_owned()
    } else {
        format!(
            "The default base URL, the spec's first server.\n\nServers:\n{}",
            servers.join("\n")
        )
    });
    let vendor = &api.name;
    // Only what differs from `runtime::Api::DEFAULTS` is written out.
    let rate = api.rate_limit.map(|rate| {
        let rate = Literal::f64_unsuffixed(rate);
        quote!(documented_rate: Some(#rate),)
    });
    let schemes = api.auth.schemes.iter().map(scheme);
    let form = match &api.auth.rpc {
        Some(rpc) => {
            let (mf, af, ac, tf, pf, sf, sc) = (
                &rpc.method_field,
                &rpc.account_field,
                &rpc.account_credential,
                &rpc.timestamp_field,
                &rpc.payload_field,
                &rpc.signature_field,
                &rpc.secret_credential,
            );
            Some(quote!(form_envelope: Some(runtime::auth::FormEnvelope {
                method_field: #mf, account_field: #af, account_credential: #ac, timestamp_field: #tf,
                payload_field: #pf, signature_field: #sf, secret_credential: #sc,
            }),))
        }
        None => None,
    };
    let envelopes = envelopes(api);
    let token_endpoints = api.auth.schemes.iter().filter_map(|s| {
        let e = s.token_endpoint.as_ref()?;
        let (scheme, url, id, secret) = (s.name(), &e.url, &e.client_id, &e.client_secret);
        let scopes = e.scopes.join(" ");
        Some(quote!(runtime::oauth2::TokenEndpoint {
            scheme: #scheme, url: #url, scopes: #scopes, client_id: #id, client_secret: #secret,
        }))
    });
    let token_endpoints: Vec<TokenStream> = token_endpoints.collect();
    let token_endpoints =
        (!token_endpoints.is_empty()).then(|| quote!(token_endpoints: &[#(#token_endpoints),*],));
    let sensitive = api.sensitive_properties();
    let sensitive =
        (!sensitive.is_empty()).then(|| quote!(sensitive_properties: &[#(#sensitive),*],));
    let expired: Vec<TokenStream> = api
        .auth
        .schemes
        .iter()
        .filter_map(|s| {
            let code = s.issued_by.as_ref()?.expired.as_ref()?;
            let (scheme, property, values) = (s.name(), &code.property, &code.values);
            Some(quote!(runtime::auth::ExpiredToken::new(#scheme, #property, &[#(#values),*])))
        })
        .collect();
    let expired = (!expired.is_empty()).then(|| quote!(expired_tokens: &[#(#expired),*],));
    let rate_limited = api.rate_limited.as_ref().map(|code| {
        let (property, values) = (&code.property, &code.values);
        quote!(rate_limited: Some(runtime::envelope::AnswerCode::new(#property, &[#(#values),*])),)
    });
    quote! {
        #url_doc
        pub const DEFAULT_BASE_URL: &str = #default_url;

        const API: runtime::Api = runtime::Api {
            vendor: #vendor,
            default_base_url: DEFAULT_BASE_URL,
            schemes: &[#(#schemes),*],
            #rate
            #form
            #token_endpoints
            #sensitive
            #expired
            #rate_limited
            ..runtime::Api::DEFAULTS
        };

        #envelopes
    }
}

/// The scheme's constant, as the auth crate prints it.
fn scheme(s: &Scheme) -> TokenStream {
    s.wire
        .rust_expr("runtime::auth")
        .parse()
        .expect("the auth crate prints well-formed Rust")
}

/// The name of the envelope constant an operation's answers are unwrapped with.
pub fn envelope_const(api: &Api, op: &Operation) -> Option<proc_macro2::Ident> {
    let env = op.envelope.as_ref()?;
    Some(if api.response_envelope.as_ref() == Some(env) {
        format_ident!("ENVELOPE")
    } else {
        format_ident!("{}_ENVELOPE", op.method_name.to_ascii_uppercase())
    })
}

/// The document's envelope and every operation's own, each written once with its codes.
fn envelopes(api: &Api) -> TokenStream {
    let mut out = Vec::new();
    let shared = api.response_envelope.as_ref();
    if let Some(env) = shared {
        out.push(envelope(
            &format_ident!("ENVELOPE"),
            env,
            "How every answer is wrapped",
            None,
        ));
    }
    for op in &api.operations {
        let (Some(env), Some(name)) = (&op.envelope, envelope_const(api, op)) else {
            continue;
        };
        if name != "ENVELOPE" {
            let what = format!(
                "How the answers of [`Client::{}`] are wrapped",
                op.method_name
            );
            match shared.filter(|s| differs_only_in_data(s, env)) {
                Some(_) => out.push(derived_envelope(&name, env, &what)),
                None => {
                    let same_codes = shared.filter(|s| s.codes == env.codes).map(|_| "ENVELOPE");
                    out.push(envelope(&name, env, &what, same_codes));
                }
            }
        }
    }
    quote!(#(#out)*)
}

fn differs_only_in_data(shared: &ResponseEnvelope, env: &ResponseEnvelope) -> bool {
    let moved = ResponseEnvelope {
        data_property: env.data_property.clone(),
        ..shared.clone()
    };
    moved == *env
}

/// An operation's envelope that is the document's with the result elsewhere.
fn derived_envelope(name: &proc_macro2::Ident, env: &ResponseEnvelope, what: &str) -> TokenStream {
    let data = option(env.data_property.as_deref());
    let where_ = match &env.data_property {
        Some(p) => format!("in `{p}`"),
        None => "the whole answer".to_owned(),
    };
    let doc = docs::trusted(&format!(
        "{what}: as [`ENVELOPE`] says, with the result {where_}."
    ));
    quote! {
        #doc
        pub const #name: runtime::envelope::Envelope = ENVELOPE.with_data(#data);
    }
}

/// One envelope constant; its documented codes are listed unless `codes_of` already lists them.
fn envelope(
    name: &proc_macro2::Ident,
    env: &ResponseEnvelope,
    what: &str,
    codes_of: Option<&str>,
) -> TokenStream {
    let mut text = format!(
        "{what}: the answer's `{}` is checked, and a failure code is `Error::Vendor`.",
        env.code_property
    );
    if let Some(other) = codes_of {
        text.push_str(&format!(" Its codes are those of [`{other}`]."));
    }
    let trusted = docs::trusted(&text);
    let codes: Vec<String> = match codes_of {
        Some(_) => Vec::new(),
        None => env
            .codes
            .iter()
            .map(|(c, d)| format!("- `{c}`: {d}"))
            .collect(),
    };
    text = if codes.is_empty() {
        String::new()
    } else {
        format!("Documented codes:\n{}", codes.join("\n"))
    };
    let codes_doc = docs::attrs(&text);
    let blank = (!codes.is_empty()).then(|| quote!(#[doc = ""]));
    let code = &env.code_property;
    let message = option(env.message_property.as_deref());
    let data = option(env.data_property.as_deref());
    let tests = env.success.iter().map(|t| match t {
        CodeTest::OneOf(values) => {
            let values = values.iter().map(|v| match v {
                CodeValue::Text(t) => quote!(runtime::envelope::Code::Text(#t)),
                CodeValue::Integer(i) => quote!(runtime::envelope::Code::Integer(#i)),
            });
            quote!(runtime::envelope::CodeTest::OneOf(&[#(#values),*]))
        }
        CodeTest::AtLeast(min) => quote!(runtime::envelope::CodeTest::AtLeast(#min)),
        CodeTest::AtMost(max) => quote!(runtime::envelope::CodeTest::AtMost(#max)),
        CodeTest::Integer => quote!(runtime::envelope::CodeTest::Integer),
    });
    quote! {
        #trusted
        #blank
        #codes_doc
        pub const #name: runtime::envelope::Envelope = runtime::envelope::Envelope {
            code_property: #code,
            message_property: #message,
            data_property: #data,
            success: &[#(#tests),*],
        };
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// Setters of the tokens operations issue, for a caller that keeps tokens elsewhere.
pub fn token_setters(api: &Api) -> TokenStream {
    let setters = api.auth.schemes.iter().filter_map(|s| {
        let issued = s.issued_by.as_ref()?;
        let name = ident(&s.ident);
        let setter = format_ident!("set_{}", s.ident);
        let doc = docs::attrs(&format!(
            "Sets the `{}` token; `{}` sets it by itself when it succeeds.",
            s.name(),
            crate::model::field_ident(&issued.operation).unwrap_or_default()
        ));
        Some(quote! {
            #doc
            pub fn #setter(&self, token: impl Into<runtime::Secret>) {
                self.core.update_credentials(|c| c.#name = Some(token.into()));
            }
        })
    });
    quote!(#(#setters)*)
}

/// What the module documentation says about the vendor's rate limit.
pub fn rate_doc(api: &Api) -> String {
    match api.rate_limit {
        Some(rate) => format!(
            "The vendor documents {rate} requests a second; `ClientBuilder::documented_rate_limit` keeps to it."
        ),
        None => "The vendor documents no rate limit.".to_owned(),
    }
}
