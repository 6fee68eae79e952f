//! Crate-level files: the vendor module roots, `lib.rs` and `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use super::{File, docs, format, header};
use crate::Problem;
use crate::model::Api;

/// What the generated crate is called and where its runtime is.
#[derive(Debug, Clone, Default)]
pub struct CrateSpec {
    pub package: String,
    pub description: String,
    /// Path from the crate to the runtime crate.
    pub runtime_path: String,
    /// How the sources are named in headers, e.g. `specs/*.yaml`.
    pub sources: String,
    /// `[dev-dependencies]` lines, for the crate's hand-written examples.
    pub dev_dependencies: Vec<String>,
    /// Published to crates.io: `publish = true` and the crate's hand-written `README.md`.
    pub publish: bool,
    /// A hand-written guide (a Markdown file in the crate) that becomes the end of the crate
    /// page, its code blocks doctests; shown when the features it names are on.
    pub guide: Option<Guide>,
}

/// The crate page's hand-written part.
#[derive(Debug, Clone)]
pub struct Guide {
    /// Path from the crate directory, e.g. `GUIDE.md`.
    pub path: String,
    /// The features its examples need (docs.rs builds with all of them).
    pub features: Vec<String>,
}

pub fn vendor_module(api: &Api) -> TokenStream {
    let mut text = format!("# {}\n\n{}", api.title, api.docs);
    let auth: Vec<String> = api
        .auth
        .schemes
        .iter()
        .map(|s| match (&s.issued_by, s.wire.header_name()) {
            (Some(issued), Some(header)) => format!(
                "- `{}`: a token sent in `{header}`, issued by `{}`, which stores it in the client.",
                s.name(),
                crate::model::field_ident(&issued.operation).unwrap_or_default()
            ),
            _ => format!("- `{}`: {}.", s.name(), s.wire.describe()),
        })
        .collect();
    let mut auth = auth;
    if api.auth.rpc.is_some() {
        auth.push("- Every call is posted as a signed form envelope to the gateway.".into());
    }
    if !auth.is_empty() {
        text.push_str(&format!("\n\n## Authentication\n\n{}", auth.join("\n")));
    }
    let ops: Vec<String> = api
        .operations
        .iter()
        .map(|o| {
            format!(
                "- [`Client::{}`]: {}",
                o.method_name,
                docs::escape(&o.summary)
            )
        })
        .collect();
    let doc = docs::inner(&text);
    // A document of webhooks alone has no calls to list.
    let ops = (!ops.is_empty()).then(|| {
        let ops = docs::trusted_inner(&format!("\n## Operations\n\n{}", ops.join("\n")));
        quote! {
            #![doc = ""]
            #ops
        }
    });
    quote! {
        #doc
        #ops
        pub mod types;
        mod client;
        pub use client::*;
        mod spec;
        pub use spec::SPEC;
        #[cfg(feature = "dynamic")]
        pub mod dynamic;
        #[cfg(feature = "borrowed")]
        pub mod borrowed;
    }
}

/// `lib.rs` and `Cargo.toml` for the vendor modules in `files`. `examples` are the hand-written
/// example programs and the vendor each belongs to: each needs its vendor's feature and runs its
/// tests (a run against the mock) under `cargo test`.
pub fn crate_files(
    spec: &CrateSpec,
    apis: &[(Api, Vec<File>)],
    examples: &[(String, String)],
) -> Result<Vec<File>, Vec<Problem>> {
    let unparsable = |file: &str, e: String| {
        vec![Problem::new(
            &spec.sources,
            "",
            format!("generated {file} does not parse ({e})"),
        )]
    };
    let lib = format(lib_rs(spec, apis)).map_err(|e| unparsable("lib.rs", e.to_string()))?;
    let dynamic = format(dynamic_rs(apis)).map_err(|e| unparsable("dynamic.rs", e.to_string()))?;
    Ok(vec![
        File {
            path: "Cargo.toml".into(),
            contents: cargo_toml(spec, apis, examples),
        },
        File {
            path: "src/lib.rs".into(),
            contents: format!("{}{lib}", header("//", &spec.sources)),
        },
        File {
            path: "src/dynamic.rs".into(),
            contents: format!("{}{dynamic}", header("//", &spec.sources)),
        },
    ])
}

/// The crate root: one feature-gated module per vendor.
fn lib_rs(spec: &CrateSpec, apis: &[(Api, Vec<File>)]) -> TokenStream {
    let runtime = ident("commerce_apis_runtime");
    let mods = apis.iter().map(|(api, _)| {
        let name = ident(&api.name);
        let feature = &api.name;
        quote! {
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let list: Vec<String> = apis
        .iter()
        .map(|(api, _)| format!("- `{}` (feature `{}`): {}", api.name, api.name, api.title))
        .collect();
    let doc = docs::inner(&format!(
        "{}\n\nOne module and one Cargo feature per vendor (`full` enables all):\n\n{}",
        spec.description,
        list.join("\n")
    ));
    // Written here, not taken from a spec: links stay links.
    let contract = docs::trusted_inner(
        "Sent types check the vendor's documented constraints before anything goes on the wire; \
         received types accept what vendors plausibly send (unknown enum values, unknown fields and \
         unexpected shapes are kept, not rejected). Errors are [`runtime::Error`]. With the \
         `borrowed` feature, each vendor's `borrowed` module has twins of the received types whose \
         text points into the input: decoded without copies, turned owned with `into_owned`.\n\n\
         TLS for `https` comes from one feature: `rustls-ring` (the default), `rustls-aws-lc` or \
         `native-tls` (the platform's TLS; OpenSSL headers on Linux).",
    );
    let guide = spec.guide.as_ref().map(guide_doc);
    quote! {
        #doc
        #![doc = ""]
        #contract
        #guide
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]
        pub use #runtime as runtime;
        #(#mods)*

        /// Any vendor's operations by vendor and operationId, with JSON arguments (feature `dynamic`).
        #[cfg(feature = "dynamic")]
        #[rustfmt::skip]
        pub mod dynamic;
    }
}

/// The guide's `include_str!`, when its features are on; otherwise a line that says where it is.
fn guide_doc(guide: &Guide) -> TokenStream {
    let path = format!("../{}", guide.path);
    let features: Vec<TokenStream> = guide
        .features
        .iter()
        .map(|f| quote!(feature = #f))
        .collect();
    let missing = format!(
        "\n\nThe guide with examples is part of this page when the crate is built with these \
         features on (as on docs.rs): {}.",
        guide
            .features
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    quote! {
        #![cfg_attr(all(#(#features),*), doc = "")]
        #![cfg_attr(all(#(#features),*), doc = include_str!(#path))]
        #![cfg_attr(not(all(#(#features),*)), doc = #missing)]
    }
}

/// `dynamic.rs`: every built vendor's operations and types by name.
fn dynamic_rs(apis: &[(Api, Vec<File>)]) -> TokenStream {
    let arms = vendor_arms(apis, |module| {
        quote! {{
            let client = #module::dynamic::client(base_url, credentials, options)?;
            #module::dynamic::call(&client, operation_id, params, body).await
        }}
    });
    let type_arms = vendor_arms(apis, |module| quote!(#module::dynamic::TYPES));
    let trip_arms = vendor_arms(
        apis,
        |module| quote!(#module::dynamic::round_trip(type_name, value)),
    );
    let borrowed_arms = vendor_arms(
        apis,
        |module| quote!(#module::dynamic::borrowed_matches(type_name, text)),
    );
    let validate_arms = vendor_arms(
        apis,
        |module| quote!(#module::dynamic::validate(type_name, value)),
    );
    let schema_arms = vendor_arms(
        apis,
        |module| quote!(#module::dynamic::json_schema(type_name)),
    );
    let spec_arms = vendor_arms(apis, |module| quote!(Some(#module::SPEC)));
    let vendor_pushes = apis.iter().map(|(api, _)| {
        let feature = &api.name;
        quote!((#feature, cfg!(feature = #feature)))
    });
    quote! {
        pub use crate::runtime::dynamic::{CallError, Decoded, Options, Outcome};
        use crate::runtime::serde_json::{Map, Value};

        /// Builds `vendor`'s client for `base_url` from JSON credentials and calls `operation_id`.
        pub async fn call(
            vendor: &str,
            base_url: &str,
            credentials: &Map<String, Value>,
            options: &Options,
            operation_id: &str,
            params: &Map<String, Value>,
            body: Option<&Value>,
        ) -> Result<Outcome, CallError> {
            let _ = (base_url, credentials, options, params, body);
            match vendor {
                #(#arms)*
                other => Err(CallError::UnknownOperation(format!("{other}.{operation_id}: no such vendor module in this build"))),
            }
        }

        /// The vendor modules in this build.
        pub fn vendors() -> Vec<&'static str> {
            [#(#vendor_pushes),*].into_iter().filter(|(_, built)| *built).map(|(vendor, _)| vendor).collect()
        }

        /// Decodes `text` as `vendor`'s received struct `type_name` and as its borrowed twin, and
        /// compares them (feature `borrowed`; `None` for a type without a twin).
        #[cfg(feature = "borrowed")]
        pub fn borrowed_matches(vendor: &str, type_name: &str, text: &str) -> Option<Result<bool, String>> {
            let _ = (type_name, text);
            match vendor {
                #(#borrowed_arms)*
                _ => None,
            }
        }

        /// Decodes `value` as `vendor`'s sent type `type_name` and checks it as the client does
        /// before sending (`None` for a type that is not sent, or a vendor not in this build).
        pub fn validate(vendor: &str, type_name: &str, value: Value) -> Option<Result<Vec<crate::runtime::Violation>, String>> {
            let _ = (type_name, &value);
            match vendor {
                #(#validate_arms)*
                _ => None,
            }
        }

        /// The JSON Schema of `vendor`'s type `type_name` (feature `schemars`).
        #[cfg(feature = "schemars")]
        pub fn json_schema(vendor: &str, type_name: &str) -> Option<Value> {
            let _ = type_name;
            match vendor {
                #(#schema_arms)*
                _ => None,
            }
        }

        /// The OpenAPI document `vendor`'s module was generated from (`None` for a vendor not in
        /// this build).
        pub fn spec(vendor: &str) -> Option<&'static str> {
            match vendor {
                #(#spec_arms)*
                _ => None,
            }
        }

        /// The type names of `vendor`'s module (empty for a vendor not in this build).
        pub fn types(vendor: &str) -> &'static [&'static str] {
            match vendor {
                #(#type_arms)*
                _ => &[],
            }
        }

        /// Decodes `value` as `vendor`'s type `type_name` and checks that it round-trips exactly.
        pub fn round_trip(vendor: &str, type_name: &str, value: Value) -> Option<Result<Decoded, String>> {
            let _ = (type_name, &value);
            match vendor {
                #(#trip_arms)*
                _ => None,
            }
        }
    }
}

/// The version of generated crates and of the runtime they need: the generator, the runtime and
/// the generated crate are released together.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One match arm per vendor, behind its feature: the vendor's name as the pattern, and `body`
/// of the vendor module's path.
fn vendor_arms(
    apis: &[(Api, Vec<File>)],
    body: impl Fn(&TokenStream) -> TokenStream,
) -> Vec<TokenStream> {
    apis.iter()
        .map(|(api, _)| {
            let name = ident(&api.name);
            let feature = &api.name;
            let body = body(&quote!(crate::#name));
            quote! {
                #[cfg(feature = #feature)]
                #feature => #body,
            }
        })
        .collect()
}

/// The crate's manifest: a feature per vendor, pulling in the runtime features its spec needs.
fn cargo_toml(
    spec: &CrateSpec,
    apis: &[(Api, Vec<File>)],
    examples: &[(String, String)],
) -> String {
    let mut features = vec!["default = [\"rustls-ring\"]".to_owned()];
    let names: Vec<String> = apis
        .iter()
        .map(|(api, _)| format!("{:?}", api.name))
        .collect();
    features.push(format!("full = [{}]", names.join(", ")));
    features.push(
        "# Every operation callable by operationId with JSON arguments (tests, examples, mocks)."
            .to_owned(),
    );
    features.push("dynamic = [\"commerce-apis-runtime/dynamic\"]".to_owned());
    features.push(
        "# A tracing span per request: vendor, operation, status, attempts, duration.".to_owned(),
    );
    features.push("tracing = [\"commerce-apis-runtime/tracing\"]".to_owned());
    features.push(
        "# `schemars::JsonSchema` on every type, with the spec's descriptions and constraints."
            .to_owned(),
    );
    features.push("schemars = [\"commerce-apis-runtime/schemars\"]".to_owned());
    features.push(
        "# `borrowed::X` beside each received struct that holds text: decoded without copying \
         strings or free-form JSON out of the input (the fast path; see BENCHMARKS.md)."
            .to_owned(),
    );
    features.push("borrowed = [\"commerce-apis-runtime/borrowed\"]".to_owned());
    features.push(
        "# TLS for https: rustls with ring (the default), rustls with aws-lc-rs (a C build of about \
         2.5 minutes), or the platform's TLS (OpenSSL headers on Linux). Without one, http only."
            .to_owned(),
    );
    for tls in ["rustls-ring", "rustls-aws-lc", "native-tls"] {
        features.push(format!("{tls} = [\"commerce-apis-runtime/{tls}\"]"));
    }
    for (api, _) in apis {
        let needs: Vec<String> = api
            .runtime_features()
            .into_iter()
            .map(|feature| format!("\"commerce-apis-runtime/{feature}\""))
            .collect();
        features.push(format!("{} = [{}]", api.name, needs.join(", ")));
    }
    let mut extra = String::new();
    if !spec.dev_dependencies.is_empty() {
        extra.push_str(&format!(
            "\n[dev-dependencies]\n{}\n",
            spec.dev_dependencies.join("\n")
        ));
    }
    for (name, vendor) in examples {
        extra.push_str(&format!(
            "\n[[example]]\nname = {name:?}\nrequired-features = [{vendor:?}]\ntest = true\n"
        ));
    }
    let published = if spec.publish {
        "keywords.workspace = true\ncategories.workspace = true\nreadme = \"README.md\"\npublish = true\n"
    } else {
        "publish = false\n"
    };
    format!(
        "{}[package]\nname = \"{}\"\nversion = \"{VERSION}\"\ndescription = \"{}\"\n\
         edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\n{published}\n\
         [features]\n{}\n\n\
         [dependencies]\n\
         commerce-apis-runtime = {{ path = \"{}\", version = \"{VERSION}\" }}\n\
         serde.workspace = true\nserde_json.workspace = true\n{extra}\n\
         [package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n\n\
         [lints.rust]\nunexpected_cfgs = {{ level = \"warn\", check-cfg = [\"cfg(docsrs)\"] }}\n",
        header("#", &spec.sources),
        spec.package,
        spec.description,
        features.join("\n"),
        spec.runtime_path,
    )
}
