//! `dynamic`: every operation callable by operationId with JSON arguments (behind the crate's
//! `dynamic` feature), so that tools driven by the spec need no code per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::text::{Arg, Source, arm, close, open, put, string_literal};
use super::types::ident;
use crate::model::{Api, BodyKind, Operation, Ty, TypeDef, TypeKind};

/// A part of the module: built as tokens, or written as text (the matches over type names,
/// an arm per type, which are most of the module's lines).
pub enum Part {
    Tokens(fn(&Api) -> TokenStream),
    Text(fn(&Api) -> Source),
}

/// The module's parts in order, each made and formatted on its own (so in parallel): its head,
/// then one function (or constant and function) each. The `match`es of `call`, `round_trip` and
/// `borrowed_matches` have an arm per operation or type, so no one part is most of the file.
pub const PARTS: [Part; 7] = [
    Part::Tokens(head),
    Part::Tokens(client),
    Part::Text(round_trip),
    Part::Text(borrowed_matches),
    Part::Text(validate),
    Part::Text(json_schema),
    Part::Text(call),
];

fn head(api: &Api) -> TokenStream {
    let header = docs::inner(&format!(
        "Calling the {} operations by operationId with JSON arguments, for tools that work from \
         the spec (conformance tests, example programs, mock servers). Enabled by the `dynamic` feature.",
        api.title
    ));
    // Type names appear in `round_trip` and in arguments, and only when the API has types.
    let types_import = (!api.types.is_empty()).then(|| {
        quote!(
            use super::types;
        )
    });
    let ids = api.operations.iter().map(|o| &o.id);
    quote! {
        #header
        use super::{Client, Credentials};
        #types_import
        use crate::runtime::serde_json;
        use crate::runtime::dynamic::{CallError, Options, Outcome};

        /// The operationIds [`call`] knows, in spec order.
        pub const OPERATIONS: &[&str] = &[#(#ids),*];
    }
}

fn client(api: &Api) -> TokenStream {
    let creds = api.auth.credentials();
    let bindings = creds.iter().map(|c| {
        let name = ident(&c.ident);
        let wire = &c.wire;
        let read = if c.integer {
            quote!(i64)
        } else {
            quote!(String)
        };
        match (c.optional, c.secret) {
            (true, true) => quote!(let #name = crate::runtime::dynamic::arg_opt::<String>(credentials, #wire)?.map(crate::runtime::Secret::new);),
            (true, false) => quote!(let #name = crate::runtime::dynamic::arg_opt::<#read>(credentials, #wire)?;),
            (false, true) => quote!(let #name = crate::runtime::Secret::new(crate::runtime::dynamic::arg::<String>(credentials, #wire)?);),
            (false, false) => quote!(let #name: #read = crate::runtime::dynamic::arg(credentials, #wire)?;),
        }
    });
    let fields = creds.iter().map(|c| ident(&c.ident));
    let unused = creds.is_empty().then(|| quote!(let _ = credentials;));
    quote! {
        /// A client of `base_url` whose credentials come from a JSON object keyed by the spec's
        /// credential names; `options` can fix the clock or supply the HTTP client.
        pub fn client(
            base_url: &str,
            credentials: &serde_json::Map<String, serde_json::Value>,
            options: &Options,
        ) -> Result<Client, CallError> {
            #unused
            #(#bindings)*
            let credentials = Credentials { #(#fields),* };
            let mut builder = Client::builder(credentials).base_url(base_url);
            if let Some(clock) = options.clock {
                builder = builder.clock(clock);
            }
            if let Some(http) = options.http.clone() {
                builder = builder.http_client(http);
            }
            Ok(builder.build())
        }
    }
}

fn round_trip(api: &Api) -> Source {
    let mut src = Source::new();
    src.docs(&[" Every type of this module, by name."]);
    let names: Vec<String> = api.types.iter().map(|t| string_literal(&t.name)).collect();
    src.list("pub const TYPES: &[&str] = &[", &names, "];");
    src.docs(&[
        " Decodes `value` as the type `type_name`, encodes and decodes it again (see",
        " [`crate::runtime::dynamic::round_trip`]); `None` for a name that is not a type here.",
    ]);
    open!(src, "pub fn round_trip(");
    put!(src, "type_name: &str,");
    put!(src, "value: serde_json::Value,");
    close!(
        src,
        ") -> Option<Result<crate::runtime::dynamic::Decoded, String>> {{"
    );
    src.indent_more();
    // A match with no arm but the fallback is clippy's `match_single_binding`: a document with
    // no types (or no operations) gets the fallback alone.
    if api.types.is_empty() {
        put!(src, "let _ = (type_name, value);");
        put!(src, "None");
    } else {
        put!(src, "let _ = &value;");
        name_match(
            &mut src,
            api.types.iter().map(|t| t.name.as_str()),
            |name| ("round_trip", vec![format!("types::{name}")], "value"),
        );
    }
    close!(src, "}}");
    src
}

fn borrowed_matches(api: &Api) -> Source {
    let twins = super::borrowed::twins(api);
    let mut src = Source::new();
    src.docs(&[
        " Decodes `text` as the received struct `type_name` and as its borrowed twin, and",
        " compares them (see [`crate::runtime::dynamic::borrowed_matches`]); `None` for a name",
        " without a twin.",
    ]);
    put!(src, "#[cfg(feature = \"borrowed\")]");
    open!(
        src,
        "pub fn borrowed_matches(type_name: &str, text: &str) -> Option<Result<bool, String>> {{"
    );
    if twins.is_empty() {
        put!(src, "let _ = (type_name, text);");
        put!(src, "None");
    } else {
        name_match(&mut src, twins.iter().copied(), |name| {
            let generics = vec![
                format!("types::{name}"),
                format!("super::borrowed::{name}<'_>"),
            ];
            ("borrowed_matches", generics, "text")
        });
    }
    close!(src, "}}");
    src
}

fn validate(api: &Api) -> Source {
    // The types checked before sending (aliases are checked where they are used).
    let sent: Vec<&TypeDef> = api
        .types
        .iter()
        .filter(|t| t.direction.sends() && !matches!(t.kind, TypeKind::Alias { .. }))
        .collect();
    let mut src = Source::new();
    src.docs(&[
        " Decodes `value` as the sent type `type_name` and checks it as the client does before",
        " sending: its violations, or `Err` when it does not decode; `None` for a name that is",
        " not a sent type here.",
    ]);
    open!(src, "pub fn validate(");
    put!(src, "type_name: &str,");
    put!(src, "value: serde_json::Value,");
    close!(
        src,
        ") -> Option<Result<Vec<crate::runtime::Violation>, String>> {{"
    );
    src.indent_more();
    if sent.is_empty() {
        put!(src, "let _ = (type_name, value);");
        put!(src, "None");
    } else {
        name_match(&mut src, sent.iter().map(|t| t.name.as_str()), |name| {
            ("validate", vec![format!("types::{name}")], "value")
        });
    }
    close!(src, "}}");
    src
}

fn json_schema(api: &Api) -> Source {
    let mut src = Source::new();
    src.docs(&[
        " The JSON Schema of the type `type_name` (feature `schemars`); `None` for a name that",
        " is not a type here.",
    ]);
    put!(src, "#[cfg(feature = \"schemars\")]");
    open!(
        src,
        "pub fn json_schema(type_name: &str) -> Option<serde_json::Value> {{"
    );
    if api.types.is_empty() {
        put!(src, "let _ = type_name;");
        put!(src, "None");
    } else {
        name_match(
            &mut src,
            api.types.iter().map(|t| t.name.as_str()),
            |name| ("json_schema", vec![format!("types::{name}")], ""),
        );
    }
    close!(src, "}}");
    src
}

/// `match type_name { "Name" => Some(crate::runtime::dynamic::<function>::<generics>(<arg>)), .. _ => None }`,
/// with `arm` giving each name's function, generic arguments and argument.
fn name_match<'a, F>(src: &mut Source, names: impl Iterator<Item = &'a str>, arm: F)
where
    F: Fn(&str) -> (&'static str, Vec<String>, &'static str),
{
    open!(src, "match type_name {{");
    for name in names {
        let (function, generics, arg) = arm(name);
        let pattern = string_literal(name);
        let path = format!("crate::runtime::dynamic::{function}::<");
        let call = format!("{path}{}>({arg})", generics.join(", "));
        // As prettyplease writes an arm: on its line when it fits (the comma not counted), else
        // its body in a block, then the call's argument, then its generic arguments, each on
        // lines of their own.
        if src.fits(pattern.len() + 4 + call.len() + 6) {
            arm!(src, "{pattern} => Some({call}),");
            continue;
        }
        open!(src, "{pattern} => {{");
        if src.fits(call.len() + 6) {
            put!(src, "Some({call})");
        } else {
            open!(src, "Some(");
            if src.fits(call.len()) {
                put!(src, "{call},");
            } else {
                open!(src, "{path}");
                for generic in &generics {
                    put!(src, "{generic},");
                }
                close!(src, ">({arg}),");
            }
            close!(src, ")");
        }
        close!(src, "}}");
    }
    arm!(src, "_ => None,");
    close!(src, "}}");
}

fn call(api: &Api) -> Source {
    let mut src = Source::new();
    src.docs(&[
        " Calls the operation `operation_id` with its parameters (by wire name) and body as JSON.",
    ]);
    open!(src, "pub async fn call(");
    put!(src, "client: &Client,");
    put!(src, "operation_id: &str,");
    put!(src, "params: &serde_json::Map<String, serde_json::Value>,");
    put!(src, "body: Option<&serde_json::Value>,");
    close!(src, ") -> Result<Outcome, CallError> {{");
    src.indent_more();
    if api.operations.is_empty() {
        put!(src, "let _ = (client, params, body);");
        put!(
            src,
            "Err(CallError::UnknownOperation(operation_id.to_owned()))"
        );
    } else {
        put!(src, "let _ = (params, body);");
        open!(src, "match operation_id {{");
        for op in &api.operations {
            arm(&mut src, api, op);
        }
        arm!(
            src,
            "other => Err(CallError::UnknownOperation(other.to_owned())),"
        );
        close!(src, "}}");
    }
    close!(src, "}}");
    src
}

/// `call`'s arm for one operation: its arguments decoded from JSON, the method called, its
/// outcome returned as JSON.
fn arm(src: &mut Source, api: &Api, op: &Operation) {
    open!(src, "{} => {{", string_literal(&op.id));
    let mut args = Vec::new();
    for p in &op.params {
        let name = &p.ident;
        let ty = api.unalias(&p.ty);
        let decoded = crate::rust::qualified(ty);
        let wire = [Arg::text("params"), Arg::text(string_literal(&p.wire))];
        // Passed as the method's signature takes it (`crate::rust::param_by_reference`).
        let by_reference = crate::rust::param_by_reference(api, p);
        if p.required {
            let before = format!("let {name}: {decoded} = ");
            src.call(&before, "crate::runtime::dynamic::arg", &wire, "?;");
            args.push(if by_reference {
                format!("&{name}")
            } else {
                name.clone()
            });
        } else {
            let before = format!("let {name}: Option<{decoded}> = ");
            src.call(&before, "crate::runtime::dynamic::arg_opt", &wire, "?;");
            args.push(match ty {
                _ if !by_reference => name.clone(),
                Ty::String | Ty::Vec(_) => format!("{name}.as_deref()"),
                _ => format!("{name}.as_ref()"),
            });
        }
    }
    match &op.body {
        Some(b) if b.kind == BodyKind::Multipart => {
            put!(src, "let body = crate::runtime::dynamic::multipart(body)?;");
            args.push("body".to_owned());
        }
        Some(b) => {
            let before = format!("let body: {} = ", crate::rust::qualified(&b.ty));
            src.call(
                &before,
                "crate::runtime::dynamic::body",
                &[Arg::text("body")],
                "?;",
            );
            args.push("&body".to_owned());
        }
        None => {}
    }
    let documented_errors = op.responses.iter().any(|r| !r.is_success());
    let documented = if documented_errors {
        r#"|e| (format!("{e:#?}"), serde_json::to_value(e).unwrap_or_default())"#
    } else {
        "|e| match *e {}"
    };
    let called = format!("client.{}({}).await", op.method_name, args.join(", "));
    let outcome = "crate::runtime::dynamic::outcome(";
    if src.fits(outcome.len() + called.len() + 2 + documented.len() + 1) {
        // The whole call might stay on one line: left to prettyplease.
        src.unsure();
    }
    open!(src, "{outcome}");
    if !src.fits(called.len() + 1) {
        // The method chain breaks before `.method` and `.await`: left to prettyplease.
        src.unsure();
    }
    put!(src, "{called},");
    src.last_arg(format_args!("{documented},"));
    close!(src, ")");
    close!(src, "}}");
}
