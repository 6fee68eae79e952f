//! The client: credentials, construction, and one async method per operation.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::docs;
use super::types::{ident, qualified};
use super::validate::checks;
use crate::Problem;
use crate::model::{
    Api, Credential, Operation, Param, ParamIn, Response, ResponseEnvelope, SchemeKind, Ty,
    TypeKind,
};

pub fn module(api: &Api, problems: &mut Vec<Problem>, file: &str) -> TokenStream {
    let credentials = credentials(api);
    let client = client(api);
    let mut outcome_types = Vec::new();
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| operation(api, op, &mut outcome_types, problems, file))
        .collect();
    let header = docs::inner(&format!("The client of the {} API.", api.title));
    quote! {
        #header
        use std::sync::{PoisonError, RwLock};

        #[allow(unused_imports)]
        use crate::runtime::{self, Error, Secret, Validate, Violation, validate};
        #[allow(unused_imports)]
        use crate::runtime::reqwest::{self, Method};
        use super::types;

        #credentials
        #client
        impl Client {
            #(#methods)*
        }
        #(#outcome_types)*
    }
}

fn credentials(api: &Api) -> TokenStream {
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
    }
}

fn credential_type(c: &Credential) -> TokenStream {
    let base = if c.integer {
        quote!(i64)
    } else if c.secret {
        quote!(Secret)
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
        quote!(impl Into<Secret>)
    } else {
        quote!(impl Into<String>)
    }
}

fn client(api: &Api) -> TokenStream {
    let default_url = api
        .servers
        .first()
        .map(|s| s.url.clone())
        .unwrap_or_default();
    let servers = api
        .servers
        .iter()
        .map(|s| {
            format!(
                "- `{}`: {}",
                s.url,
                s.docs.lines().next().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let url_doc = docs::attrs(&format!(
        "The default base URL, the spec's first server.\n\nServers:\n{servers}"
    ));
    let setters = api.auth.schemes.iter().filter_map(|s| match &s.kind {
        SchemeKind::Token { operation, .. } => {
            let name = ident(&s.ident);
            let setter = format_ident!("set_{}", s.ident);
            let doc = docs::attrs(&format!(
                "Sets the `{}` token; `{}` sets it by itself when it succeeds.",
                s.name,
                crate::model::field_ident(operation).unwrap_or_default()
            ));
            Some(quote! {
                #doc
                pub fn #setter(&self, token: impl Into<Secret>) {
                    self.credentials.write().unwrap_or_else(PoisonError::into_inner).#name = Some(token.into());
                }
            })
        }
        _ => None,
    });
    let documented_rate = match api.rate_limit {
        Some(rate) => {
            let rate = proc_macro2::Literal::f64_unsuffixed(rate);
            quote!(Some(#rate))
        }
        None => quote!(None),
    };
    let rate_doc = match api.rate_limit {
        Some(rate) => format!(
            "`documented_rate_limit` applies the vendor's documented {rate} requests a second."
        ),
        None => "The vendor documents no rate limit.".to_owned(),
    };
    let builder_doc = docs::trusted(&format!(
        "Builds a [`Client`]: another base URL, HTTP client, timeouts, retry policy, rate limit or clock. {rate_doc}"
    ));
    quote! {
        #url_doc
        pub const DEFAULT_BASE_URL: &str = #default_url;

        /// A client of the API. Cheap to share: clone the `Arc` you keep it in, or build one per task.
        #[derive(Debug)]
        pub struct Client {
            core: runtime::ClientCore,
            credentials: RwLock<Credentials>,
        }

        #builder_doc
        pub type ClientBuilder = runtime::ClientBuilder<Credentials, Client>;

        impl Client {
            /// A client of the vendor's default server with a default HTTP client.
            pub fn new(credentials: Credentials) -> Self {
                Self::builder(credentials).build()
            }

            /// A builder, to change the base URL, HTTP client, timeouts, retries, rate or clock.
            pub fn builder(credentials: Credentials) -> ClientBuilder {
                runtime::ClientBuilder::new(credentials, DEFAULT_BASE_URL, #documented_rate, |credentials, core| Client {
                    core,
                    credentials: RwLock::new(credentials),
                })
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.core.base_url
            }

            #(#setters)*

            #[allow(dead_code)]
            fn credentials(&self) -> Credentials {
                self.credentials.read().unwrap_or_else(PoisonError::into_inner).clone()
            }
        }
    }
}

/// A credential header's value: the secret itself, or after its scheme word (`Token …`).
fn credential_value(prefix: &str, secret: TokenStream) -> TokenStream {
    if prefix.is_empty() {
        secret
    } else {
        let format = format!("{prefix}{{}}");
        quote!(&format!(#format, #secret))
    }
}

/// `BadRequest` for 400, `ClientError` for 4XX, and so on.
fn status_variant(status: &str) -> String {
    let known = [
        ("200", "Ok"),
        ("201", "Created"),
        ("202", "Accepted"),
        ("204", "NoContent"),
        ("400", "BadRequest"),
        ("401", "Unauthorized"),
        ("403", "Forbidden"),
        ("404", "NotFound"),
        ("409", "Conflict"),
        ("422", "UnprocessableEntity"),
        ("429", "TooManyRequests"),
        ("500", "InternalServerError"),
        ("502", "BadGateway"),
        ("503", "ServiceUnavailable"),
        ("1XX", "Informational"),
        ("2XX", "Success"),
        ("3XX", "Redirection"),
        ("4XX", "ClientError"),
        ("5XX", "ServerError"),
        ("default", "Other"),
    ];
    known
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(status))
        .map_or_else(|| format!("Status{status}"), |(_, v)| (*v).to_owned())
}

/// The `match` pattern of a documented status.
fn status_pattern(status: &str) -> TokenStream {
    if let Ok(code) = status.parse::<u16>() {
        return quote!(#code);
    }
    match status.as_bytes().first() {
        Some(d @ b'1'..=b'5') if status.len() == 3 => {
            let low = u16::from(d - b'0') * 100;
            let high = low + 99;
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

/// An operation's outcome enum: one variant per documented status, serialised as its body.
fn outcome_enum(
    name: &Ident,
    doc: &str,
    variants: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    let doc = docs::attrs(doc);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* }
    }
}

struct Outcome {
    ty: TokenStream,
    error_ty: TokenStream,
}

fn envelope_data(api: &Api, op: &Operation, env: &ResponseEnvelope, wire: &Ty) -> Ty {
    let Some(prop) = &env.data_property else {
        return wire.clone();
    };
    if let Ty::Named(n) = wire {
        if let Some(TypeKind::Struct(s)) = api.types.iter().find(|t| &t.name == n).map(|t| &t.kind)
        {
            if let Some(f) = s.fields.iter().find(|f| &f.wire == prop) {
                let _ = op;
                return f.ty.clone();
            }
        }
    }
    Ty::Json
}

/// Whether the envelope's data property may be missing on success (then the method returns `Option`).
fn envelope_data_optional(api: &Api, env: &ResponseEnvelope, wire: &Ty) -> bool {
    let Some(prop) = &env.data_property else {
        return false;
    };
    let Ty::Named(n) = wire else { return true };
    match api.types.iter().find(|t| &t.name == n).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .find(|f| &f.wire == prop)
            .is_none_or(|f| !f.required || f.nullable),
        _ => true,
    }
}

/// A Rust closure deciding whether an envelope code means success, from its JSON Schema.
fn success_test(schema: &Value) -> Result<TokenStream, String> {
    let mut tests = Vec::new();
    let values: Vec<Value> = match (schema.get("enum"), schema.get("const")) {
        (Some(Value::Array(list)), _) => list.clone(),
        (_, Some(c)) => vec![c.clone()],
        _ => Vec::new(),
    };
    if !values.is_empty() {
        let alternatives = values.iter().map(|v| match v {
            Value::String(s) => Ok(quote!(code.as_str() == Some(#s))),
            Value::Number(n) if n.is_i64() => {
                let n = n.as_i64().unwrap_or_default();
                Ok(quote!(code.as_i64() == Some(#n)))
            }
            other => Err(format!(
                "success-code value {other} is not a string or an integer"
            )),
        });
        let alternatives: Vec<TokenStream> = alternatives.collect::<Result<_, _>>()?;
        tests.push(quote!(#(#alternatives)||*));
    }
    if let Some(min) = schema.get("minimum").and_then(Value::as_i64) {
        tests.push(quote!(code.as_i64().is_some_and(|c| c >= #min)));
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_i64) {
        tests.push(quote!(code.as_i64().is_some_and(|c| c <= #max)));
    }
    if schema.get("type").and_then(Value::as_str) == Some("integer") {
        tests.push(quote!(code.is_i64()));
    }
    let unsupported: Vec<&String> = schema
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .filter(|k| {
            !matches!(
                k.as_str(),
                "enum" | "const" | "minimum" | "maximum" | "type" | "description"
            )
        })
        .collect();
    if !unsupported.is_empty() || tests.is_empty() {
        return Err(
            "success-code supports enum, const, type: integer, minimum and maximum".to_owned(),
        );
    }
    if tests.len() > 1 {
        Ok(quote!(|code: &serde_json::Value| #((#tests))&&*))
    } else {
        Ok(quote!(|code: &serde_json::Value| #(#tests)*))
    }
}

fn param_arg(api: &Api, p: &Param) -> (Ident, TokenStream) {
    let name = ident(&p.ident);
    let base = match super::validate::unalias(api, &p.ty) {
        Ty::String => quote!(&str),
        Ty::Vec(inner) => {
            let inner = qualified(inner);
            quote!(&[#inner])
        }
        ty @ (Ty::Integer | Ty::Number | Ty::Boolean) => qualified(ty),
        other => {
            let t = qualified(other);
            quote!(&#t)
        }
    };
    let ty = if p.required {
        base
    } else {
        quote!(Option<#base>)
    };
    (name, ty)
}

pub fn operation(
    api: &Api,
    op: &Operation,
    outcome_types: &mut Vec<TokenStream>,
    problems: &mut Vec<Problem>,
    file: &str,
) -> TokenStream {
    let method = ident(&op.method_name);
    let op_type = crate::model::type_name(&op.id).unwrap_or_default();
    let operation_id = &op.id;
    let mut problem =
        |message: String| problems.push(Problem::new(file, op.pointer.clone(), message));

    // Arguments: path, query and header parameters, then the body.
    let mut args = Vec::new();
    let mut param_checks = Vec::new();
    for p in &op.params {
        let (name, ty) = param_arg(api, p);
        args.push(quote!(#name: #ty));
        let wire = &p.wire;
        let body = checks(api, quote!(value), &p.ty, &p.constraints, quote!(#wire));
        if !body.is_empty() {
            param_checks.push(if p.required {
                quote! { { let out = &mut violations; let value = &#name; #body } }
            } else {
                quote! { if let Some(value) = &#name { let out = &mut violations; #body } }
            });
        }
    }
    let body_ty = op.body.as_ref().map(|b| qualified(&b.ty));
    if let Some(t) = &body_ty {
        args.push(quote!(body: &#t));
    }
    let body_check = op
        .body
        .as_ref()
        .map(|_| quote!(Validate::validate_at(body, "", &mut violations);));

    // Path with parameters filled in, percent-encoded.
    let mut format = String::new();
    let mut path_args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        format.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        match op
            .params
            .iter()
            .find(|p| p.location == ParamIn::Path && p.wire == name)
        {
            Some(p) => {
                let v = ident(&p.ident);
                path_args
                    .push(quote!(runtime::http::path_segment(&runtime::http::param_text(&#v))));
            }
            None => problem(format!("path parameter {{{name}}} is not declared")),
        }
        format.push_str("{}");
        rest = &rest[start + len + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path_expr = if path_args.is_empty() {
        quote!(#format.to_owned())
    } else {
        quote!(format!(#format, #(#path_args),*))
    };

    let query_pushes = op.params.iter().filter(|p| p.location == ParamIn::Query).map(|p| {
        let v = ident(&p.ident);
        let wire = &p.wire;
        let push = if matches!(p.ty, Ty::Vec(_)) {
            quote!(for item in value.iter() { query.push((#wire, runtime::http::param_text(item))); })
        } else {
            quote!(query.push((#wire, runtime::http::param_text(&value)));)
        };
        if p.required { quote! { { let value = #v; #push } } } else { quote! { if let Some(value) = #v { #push } } }
    });
    let header_params = op
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Header)
        .map(|p| {
            let v = ident(&p.ident);
            let wire = &p.wire;
            let set = quote!(request = request.header(#wire, runtime::http::param_text(&value)););
            if p.required {
                quote! { { let value = #v; #set } }
            } else {
                quote! { if let Some(value) = #v { #set } }
            }
        });

    // Outcomes.
    let mut responses: Vec<&Response> = op.responses.iter().collect();
    responses.sort_by_key(|r| specificity(&r.status));
    let successes: Vec<&Response> = responses
        .iter()
        .copied()
        .filter(|r| r.is_success())
        .collect();
    let failures: Vec<&Response> = responses
        .iter()
        .copied()
        .filter(|r| !r.is_success())
        .collect();
    let envelope = op.envelope.as_ref();
    let success_ty = |r: &Response| -> Option<(Ty, bool)> {
        let wire = r.ty.clone()?;
        Some(match envelope {
            Some(env) => (
                envelope_data(api, op, env, &wire),
                envelope_data_optional(api, env, &wire),
            ),
            None => (wire, false),
        })
    };
    let outcome = {
        let error_name = format_ident!("{}Error", op_type);
        let error_ty = if failures.is_empty() {
            quote!(runtime::NoDocumentedError)
        } else {
            let variants = failures.iter().map(|r| {
                let v = format_ident!("{}", status_variant(&r.status));
                let doc = docs::attrs(&docs::join(&format!("HTTP {}.", r.status), &r.docs));
                match &r.ty {
                    Some(t) => {
                        let t = qualified(t);
                        quote!(#doc #v(#t),)
                    }
                    None => quote!(#doc #v,),
                }
            });
            outcome_types.push(outcome_enum(
                &error_name,
                &format!("The documented error answers of `{}`.", op.method_name),
                variants,
            ));
            quote!(#error_name)
        };
        let ty = if successes.len() > 1 {
            let name = format_ident!("{}Response", op_type);
            let variants = successes.iter().map(|r| {
                let v = format_ident!("{}", status_variant(&r.status));
                let doc = docs::attrs(&docs::join(&format!("HTTP {}.", r.status), &r.docs));
                match success_ty(r) {
                    Some((t, optional)) => {
                        let t = qualified(&t);
                        if optional {
                            quote!(#doc #v(Option<#t>),)
                        } else {
                            quote!(#doc #v(#t),)
                        }
                    }
                    None => quote!(#doc #v,),
                }
            });
            outcome_types.push(outcome_enum(
                &name,
                &format!("The documented successful answers of `{}`.", op.method_name),
                variants,
            ));
            quote!(#name)
        } else {
            match successes.first().and_then(|r| success_ty(r)) {
                Some((t, optional)) => {
                    let t = qualified(&t);
                    if optional { quote!(Option<#t>) } else { t }
                }
                None => quote!(()),
            }
        };
        Outcome { ty, error_ty }
    };
    let Outcome { ty: ret, error_ty } = &outcome;

    let envelope_const = match envelope {
        Some(env) => match success_test(&env.success_code) {
            Ok(test) => {
                let code = &env.code_property;
                let message = match &env.message_property {
                    Some(m) => quote!(Some(#m)),
                    None => quote!(None),
                };
                let data = match &env.data_property {
                    Some(d) => quote!(Some(#d)),
                    None => quote!(None),
                };
                quote! {
                    const ENVELOPE: runtime::envelope::Envelope = runtime::envelope::Envelope {
                        code_property: #code,
                        message_property: #message,
                        data_property: #data,
                        is_success: #test,
                    };
                }
            }
            Err(message) => {
                problem(format!("x-response-envelope: {message}"));
                quote!()
            }
        },
        None => quote!(),
    };
    let many = successes.len() > 1;
    let success_arms = successes.iter().map(|r| {
        let pattern = status_pattern(&r.status);
        let decode = match (r.ty.is_some(), envelope.is_some()) {
            (false, _) => quote!(Ok(())),
            (true, true) => quote!(runtime::envelope::unwrap(OPERATION, &ENVELOPE, response)),
            (true, false) => quote!(runtime::http::decode(OPERATION, response)),
        };
        if many {
            let v = format_ident!("{}", status_variant(&r.status));
            let name = format_ident!("{}Response", op_type);
            if r.ty.is_some() {
                quote!(#pattern => #decode.map(#name::#v),)
            } else {
                quote!(#pattern => Ok(#name::#v),)
            }
        } else {
            quote!(#pattern => #decode,)
        }
    });
    let error_name = format_ident!("{}Error", op_type);
    let failure_arms = failures.iter().map(|r| {
        let pattern = status_pattern(&r.status);
        let v = format_ident!("{}", status_variant(&r.status));
        match &r.ty {
            Some(_) => quote!(#pattern => runtime::http::documented_as(OPERATION, response, #error_name::#v),),
            None => quote!(#pattern => Err(Error::Documented { operation: OPERATION, body: #error_name::#v, response: Box::new(response) }),),
        }
    });
    let has_default = responses.iter().any(|r| r.status == "default");
    let fallback =
        (!has_default).then(|| quote!(_ => runtime::http::unexpected(OPERATION, response),));

    // Body and authentication.
    let http_method = format_ident!("{}", op.http_method);
    let mut body_code = quote!();
    if let Some(b) = &op.body {
        match (&api.auth.rpc, &op.rpc_method, b.kind) {
            (Some(rpc), Some(rpc_method), _) => {
                let (mf, af, tf, pf, sf) = (
                    &rpc.method_field,
                    &rpc.account_field,
                    &rpc.timestamp_field,
                    &rpc.payload_field,
                    &rpc.signature_field,
                );
                let account =
                    ident(&crate::model::field_ident(&rpc.account_credential).unwrap_or_default());
                let secret =
                    ident(&crate::model::field_ident(&rpc.secret_credential).unwrap_or_default());
                body_code = quote! {
                    let payload = runtime::http::json_body::<_, #error_ty>(OPERATION, body)?;
                    let fields = [
                        (#mf, #rpc_method.to_owned()),
                        (#af, credentials.#account.to_string()),
                        (#tf, runtime::clock::unix_seconds(self.core.clock.now()).to_string()),
                        (#pf, runtime::form_envelope::base64_json(&payload)),
                    ];
                    let signature = runtime::form_envelope::md5_signature(&fields, &credentials.#secret);
                    request = request
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(runtime::form_envelope::form_body(&fields, #sf, &signature));
                };
            }
            (None, Some(_), _) => {
                problem("x-rpc-method without an x-rpc-envelope in the document".into())
            }
            (_, None, crate::model::BodyKind::Json) => {
                body_code = quote! {
                    request = request
                        .header("content-type", "application/json")
                        .body(runtime::http::json_body::<_, #error_ty>(OPERATION, body)?);
                };
            }
            (_, None, crate::model::BodyKind::Form) => {
                body_code = quote! {
                    request = request
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(runtime::form_envelope::form_encode::<_, #error_ty>(OPERATION, body)?);
                };
            }
        }
    }
    let mut query_auth = Vec::new();
    let mut header_auth = Vec::new();
    for name in &op.security {
        let Some(scheme) = api.auth.schemes.iter().find(|s| &s.name == name) else {
            problem(format!("security scheme {name:?} is not defined"));
            continue;
        };
        let cred = ident(&scheme.ident);
        match &scheme.kind {
            SchemeKind::Header { header, prefix } => {
                let value = credential_value(prefix, quote!(credentials.#cred.expose()));
                header_auth.push(quote! {
                    request = request.header(#header, runtime::http::sensitive::<#error_ty>(OPERATION, #value)?);
                });
            }
            SchemeKind::Query { param } => query_auth.push(quote! {
                (#param, credentials.#cred.expose().to_owned())
            }),
            SchemeKind::Token { header, prefix, .. } => header_auth.push({
                let value = credential_value(prefix, quote!(token.expose()));
                quote! {
                let Some(token) = &credentials.#cred else {
                    return Err(Error::MissingCredential { operation: OPERATION, scheme: #name });
                };
                request = request.header(#header, runtime::http::sensitive::<#error_ty>(OPERATION, #value)?);
            }
            }),
            SchemeKind::Signature(sig) => {
                let format = &sig.clock_format;
                let key = ident(&crate::model::field_ident(&sig.key).unwrap_or_default());
                let parts = sig.message.iter().map(|part| match part.as_str() {
                    "signed-date" => quote!(signed_date.as_str()),
                    "method" => quote!(Method::#http_method.as_str()),
                    "path" => quote!(url.path()),
                    _ => quote!(url.query().unwrap_or("")),
                });
                let template = &sig.template;
                let header = &sig.header;
                let fills = sig.credentials.iter().filter(|c| !c.secret).map(|c| {
                    let wire = &c.wire;
                    let f = ident(&c.ident);
                    quote!((#wire, credentials.#f.to_string()),)
                });
                header_auth.push(quote! {
                    let signed_date = runtime::hmac_signature::format_utc(self.core.clock.now(), #format);
                    let message: String = [#(#parts),*].concat();
                    let signature = runtime::hmac_signature::hmac_sha256_hex(credentials.#key.expose().as_bytes(), message.as_bytes());
                    let values: Vec<(&str, String)> = vec![#(#fills)* ("signed-date", signed_date.clone()), ("signature", signature)];
                    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    request = request.header(#header, runtime::http::sensitive::<#error_ty>(OPERATION, &runtime::hmac_signature::fill(#template, &values))?);
                });
            }
        }
    }

    let token_capture: Vec<TokenStream> = op
        .issues_tokens
        .iter()
        .filter_map(|(scheme, property)| {
            let s = api.auth.schemes.iter().find(|s| &s.name == scheme)?;
            let setter = format_ident!("set_{}", s.ident);
            Some(quote! {
                if let Some(token) = serde_json::to_value(&answer).ok().and_then(|v| runtime::envelope::find_string(&v, #property)) {
                    self.#setter(token);
                }
            })
        })
        .collect();
    let outcome_match = quote! {
        match response.status.as_u16() {
            #(#success_arms)*
            #(#failure_arms)*
            #fallback
        }
    };
    let finish = if token_capture.is_empty() {
        outcome_match
    } else {
        quote! {
            let answer = #outcome_match?;
            #(#token_capture)*
            Ok(answer)
        }
    };

    let mut doc_text = docs::join(&op.summary, &op.docs);
    doc_text = docs::join(
        &doc_text,
        &format!("`{} {}` (operation `{}`).", op.http_method, op.path, op.id),
    );
    if let Some(rpc) = &op.rpc_method {
        doc_text = docs::join(
            &doc_text,
            &format!("RPC method `{rpc}`, posted in the signed form envelope."),
        );
    }
    if let Some(env) = envelope {
        let codes = env
            .codes
            .iter()
            .map(|(c, d)| format!("`{c}` {d}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut note = format!(
            "The answer's `{}` is checked: a failure code is `Error::Vendor`.",
            env.code_property
        );
        if !codes.is_empty() {
            note.push_str(&format!(" Documented codes: {codes}."));
        }
        doc_text = docs::join(&doc_text, &note);
    }
    let doc = docs::attrs(&doc_text);
    let mut_query = op
        .params
        .iter()
        .any(|p| p.location == ParamIn::Query)
        .then(|| quote!(mut));
    let uses_credentials = !op.security.is_empty() || op.rpc_method.is_some();
    let idempotent = op.idempotent;
    let vendor = &api.name;
    let credentials_binding =
        uses_credentials.then(|| quote!(let credentials = self.credentials();));

    let method_code = quote! {
        #doc
        pub async fn #method(&self, #(#args),*) -> Result<#ret, Error<#error_ty>> {
            const OPERATION: &str = #operation_id;
            #envelope_const
            #[allow(unused_mut)]
            let mut violations: Vec<Violation> = Vec::new();
            #(#param_checks)*
            #body_check
            validate::refuse_if_any::<#error_ty>(OPERATION, violations)?;
            #credentials_binding
            let path = #path_expr;
            let #mut_query query: Vec<(&str, String)> = vec![#(#query_auth),*];
            #(#query_pushes)*
            let url = runtime::http::url::<#error_ty>(OPERATION, &self.core.base_url, &path, &query)?;
            #[allow(unused_mut)]
            let mut request = self.core.http.request(Method::#http_method, url.clone());
            #(#header_params)*
            #body_code
            #(#header_auth)*
            let response = runtime::http::send::<#error_ty>(&runtime::http::Call { vendor: #vendor, operation: OPERATION, idempotent: #idempotent }, request, &self.core.retry, self.core.rate.as_ref()).await?;
            #finish
        }
    };
    let pages = op
        .pagination
        .as_ref()
        .map(|p| paging(api, op, p, &outcome, &mut problem));
    quote! { #method_code #pages }
}

fn paging(
    api: &Api,
    op: &Operation,
    p: &crate::model::Pagination,
    outcome: &Outcome,
    problem: &mut dyn FnMut(String),
) -> TokenStream {
    let fields_of = |ty: Option<&Ty>| -> Vec<crate::model::Field> {
        match ty {
            Some(Ty::Named(n)) => match api.types.iter().find(|t| &t.name == n).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => s.fields.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    };
    let body_fields = fields_of(op.body.as_ref().map(|b| &b.ty));
    let answer_ty = op
        .responses
        .iter()
        .find(|r| r.is_success())
        .and_then(|r| r.ty.as_ref());
    let answer_fields = fields_of(answer_ty);
    let find = |fields: &[crate::model::Field], wire: &str| {
        fields.iter().find(|f| f.wire == wire).cloned()
    };
    let (Some(page), Some(size), Some(items)) = (
        find(&body_fields, &p.page_field),
        find(&body_fields, &p.size_field),
        find(&answer_fields, &p.items_field),
    ) else {
        problem("x-pagination fields are not fields of the request and answer objects".into());
        return quote!();
    };
    if op.params.iter().any(|p| p.required) || op.envelope.is_some() {
        problem("x-pagination is supported for operations whose only input is the body, without an envelope".into());
        return quote!();
    }
    let Ty::Vec(item_ty) = &items.ty else {
        problem(format!(
            "x-pagination items {:?} is not a list",
            p.items_field
        ));
        return quote!();
    };
    let item = qualified(item_ty);
    let body_ty = op
        .body
        .as_ref()
        .map(|b| qualified(&b.ty))
        .unwrap_or_default();
    let method = ident(&op.method_name);
    let pages_method = format_ident!("{}_all", op.method_name);
    let (page_f, size_f, items_f) = (ident(&page.ident), ident(&size.ident), ident(&items.ident));
    let first = p.first_page;
    let default_size = size.default.as_ref().and_then(Value::as_i64).unwrap_or(0);
    let rows = if items.required && !items.nullable {
        quote!(answer.#items_f)
    } else {
        quote!(answer.#items_f.unwrap_or_default())
    };
    let total = match p.total_field.as_ref().and_then(|t| find(&answer_fields, t)) {
        Some(t) => {
            let f = ident(&t.ident);
            if t.required && !t.nullable {
                quote!(runtime::paging::count(&answer.#f))
            } else {
                quote!(answer.#f.as_ref().and_then(runtime::paging::count))
            }
        }
        None => quote!(None),
    };
    let page_value = if page.required && !page.nullable {
        quote!(page)
    } else {
        quote!(Some(page))
    };
    let size_read = if size.required && !size.nullable {
        quote!(query.#size_f)
    } else {
        quote!(query.#size_f.unwrap_or(#default_size))
    };
    let error_ty = &outcome.error_ty;
    let doc = docs::trusted(&format!(
        "Every row of every page of [`Client::{}`], page by page from page {first}: the page field of `query` is set \
         for each request; the walk stops after the last page (a short or empty page, or all `{}` rows seen).",
        op.method_name,
        p.total_field.clone().unwrap_or_default()
    ));
    quote! {
        #doc
        pub fn #pages_method(&self, query: #body_ty) -> impl runtime::futures_util::Stream<Item = Result<#item, Error<#error_ty>>> + '_ {
            use runtime::futures_util::{TryStreamExt, stream};
            let page_size = u64::try_from(#size_read).unwrap_or(0);
            stream::try_unfold((query, #first, 0_u64, false), move |(mut query, page, seen, done)| async move {
                if done {
                    return Ok::<_, Error<#error_ty>>(None);
                }
                query.#page_f = #page_value;
                let answer = self.#method(&query).await?;
                let total = #total;
                let rows: Vec<#item> = #rows;
                let seen = seen + rows.len() as u64;
                let more = runtime::paging::has_more(rows.len(), page_size, seen, total);
                Ok(Some((rows, (query, page + 1, seen, !more))))
            })
            .map_ok(|rows| stream::iter(rows.into_iter().map(Ok)))
            .try_flatten()
        }
    }
}
