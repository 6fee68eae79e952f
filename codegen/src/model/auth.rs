//! Security schemes and envelopes: how a client authenticates, read from the spec.

use serde_json::Value;

use super::naming::field_ident;
use super::text;
use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::join;
use crate::spec::template::{self, Piece};

#[derive(Debug, Clone, Default)]
pub struct Auth {
    pub schemes: Vec<Scheme>,
    pub rpc: Option<RpcEnvelope>,
}

impl Auth {
    /// Every credential a user supplies, in declaration order.
    pub fn credentials(&self) -> Vec<Credential> {
        let mut out: Vec<Credential> = Vec::new();
        for scheme in &self.schemes {
            match &scheme.kind {
                SchemeKind::Header { .. } | SchemeKind::Query { .. } => out.push(Credential {
                    wire: scheme.name.clone(),
                    ident: scheme.ident.clone(),
                    docs: scheme.docs.clone(),
                    secret: true,
                    integer: false,
                    optional: false,
                }),
                SchemeKind::Token { .. } => out.push(Credential {
                    wire: scheme.name.clone(),
                    ident: scheme.ident.clone(),
                    docs: scheme.docs.clone(),
                    secret: true,
                    integer: false,
                    optional: true,
                }),
                SchemeKind::Signature(s) => out.extend(s.credentials.iter().cloned()),
            }
        }
        if let Some(rpc) = &self.rpc {
            out.extend(rpc.credentials.iter().cloned());
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Scheme {
    pub name: String,
    pub ident: String,
    pub docs: String,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone)]
pub enum SchemeKind {
    /// A credential sent in a header, optionally after a scheme word (`Authorization: Token …`).
    Header { header: String, prefix: String },
    /// A credential sent as a query parameter.
    Query { param: String },
    /// Like `Header`, but the value is a token an operation issues (`x-token-from`).
    Token {
        header: String,
        prefix: String,
        operation: String,
        property: String,
    },
    /// A signature computed per request (`x-signature`).
    Signature(Signature),
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub header: String,
    pub credentials: Vec<Credential>,
    /// The credential that keys the HMAC.
    pub key: String,
    /// strftime pattern of the signed date, in UTC.
    pub clock_format: String,
    /// Parts of the signed message, in order.
    pub message: Vec<SignedPart>,
    /// The header value, parsed.
    pub template: Vec<TemplatePart>,
    /// The header value as the spec writes it, with `{credential}`, `{signed-date}` and
    /// `{signature}` placeholders (for messages).
    pub template_text: String,
}

/// One part of a signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPart {
    SignedDate,
    Method,
    Path,
    Query,
}

impl SignedPart {
    /// The spec's name of the part.
    pub fn name(self) -> &'static str {
        match self {
            SignedPart::SignedDate => "signed-date",
            SignedPart::Method => "method",
            SignedPart::Path => "path",
            SignedPart::Query => "query",
        }
    }

    fn from_name(name: &str) -> Option<SignedPart> {
        [
            SignedPart::SignedDate,
            SignedPart::Method,
            SignedPart::Path,
            SignedPart::Query,
        ]
        .into_iter()
        .find(|p| p.name() == name)
    }
}

/// One piece of a signature header template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    Literal(String),
    /// A non-secret credential, by its wire name.
    Credential(String),
    SignedDate,
    Signature,
}

#[derive(Debug, Clone)]
pub struct Credential {
    pub wire: String,
    pub ident: String,
    pub docs: String,
    pub secret: bool,
    pub integer: bool,
    /// Supplied later (a token from an operation) rather than when the client is built.
    pub optional: bool,
}

/// `x-rpc-envelope`: every call posted as a signed form to one URL.
#[derive(Debug, Clone)]
pub struct RpcEnvelope {
    pub http_method: String,
    pub method_field: String,
    pub account_field: String,
    pub account_credential: String,
    pub timestamp_field: String,
    pub payload_field: String,
    pub signature_field: String,
    pub secret_credential: String,
    pub credentials: Vec<Credential>,
    /// Where the schema of the posted form is, when the envelope gives one.
    pub form_schema_pointer: Option<String>,
    /// The form's fields and how each is read.
    pub form_fields: Vec<(String, super::TextKind)>,
}

pub fn read(spec: &Spec) -> Result<Auth, Problem> {
    let mut auth = Auth::default();
    let schemes = spec
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    for (name, scheme) in schemes.into_iter().flatten() {
        let at = join("/components/securitySchemes", name);
        let ident = field_ident(name)
            .ok_or_else(|| spec.problem(&at, format!("scheme name {name:?} gives no Rust name")))?;
        let docs = text(scheme, "description");
        let kind = scheme_kind(spec, &at, scheme)?;
        auth.schemes.push(Scheme {
            name: name.clone(),
            ident,
            docs,
            kind,
        });
    }
    if let Some(envelope) = spec.root.get("x-rpc-envelope") {
        auth.rpc = Some(rpc(spec, envelope)?);
    }
    Ok(auth)
}

fn scheme_kind(spec: &Spec, at: &str, scheme: &Value) -> Result<SchemeKind, Problem> {
    let token = scheme.get("x-token-from").map(|t| {
        (
            t.get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            t.get("property")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        )
    });
    if let Some((operation, property)) = &token {
        if operation.is_empty() || property.is_empty() {
            return Err(spec.problem(
                join(at, "x-token-from"),
                "x-token-from needs `operationId` and `property`",
            ));
        }
    }
    let header_kind = |header: String, prefix: String| match &token {
        Some((operation, property)) => SchemeKind::Token {
            header,
            prefix,
            operation: operation.clone(),
            property: property.clone(),
        },
        None => SchemeKind::Header { header, prefix },
    };
    match text(scheme, "type").as_str() {
        "apiKey" => {
            let name = text(scheme, "name");
            if let Some(signature) = scheme.get("x-signature") {
                return Ok(SchemeKind::Signature(read_signature(
                    spec,
                    &join(at, "x-signature"),
                    signature,
                    name,
                )?));
            }
            match text(scheme, "in").as_str() {
                "header" => Ok(header_kind(name, String::new())),
                "query" if token.is_none() => Ok(SchemeKind::Query { param: name }),
                other => Err(spec.problem(
                    join(at, "in"),
                    format!("API keys in {other:?} are not supported (header or query)"),
                )),
            }
        }
        "http" => {
            let word = text(scheme, "scheme");
            let word = match word.to_ascii_lowercase().as_str() {
                "bearer" => "Bearer".to_owned(),
                "basic" => {
                    return Err(spec.problem(
                        join(at, "scheme"),
                        "HTTP basic authentication is not supported yet",
                    ));
                }
                _ => word,
            };
            Ok(header_kind("Authorization".into(), format!("{word} ")))
        }
        other => Err(spec.problem(
            join(at, "type"),
            format!("security scheme type {other:?} is not supported"),
        )),
    }
}

fn read_signature(
    spec: &Spec,
    at: &str,
    sig: &Value,
    header: String,
) -> Result<Signature, Problem> {
    let credentials = credentials(spec, &join(at, "credentials"), sig.get("credentials"))?;
    let key = text(sig, "key-credential");
    if !credentials.iter().any(|c| c.wire == key) {
        return Err(spec.problem(
            join(at, "key-credential"),
            format!("key-credential {key:?} is not one of the credentials"),
        ));
    }
    if text(sig, "algorithm") != "hmac-sha256" || text(sig, "output") != "hex-lower" {
        return Err(spec.problem(
            at,
            "only `algorithm: hmac-sha256` with `output: hex-lower` is supported",
        ));
    }
    if sig.pointer("/clock/timezone").and_then(Value::as_str) != Some("UTC") {
        return Err(spec.problem(
            join(at, "clock"),
            "the signing clock must be `timezone: UTC`",
        ));
    }
    let clock_format = sig
        .pointer("/clock/format")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let message: Option<Vec<SignedPart>> =
        sig.get("message")
            .and_then(Value::as_array)
            .and_then(|parts| {
                parts
                    .iter()
                    .map(|m| m.as_str().and_then(SignedPart::from_name))
                    .collect()
            });
    let message = match message {
        Some(m) if !m.is_empty() => m,
        _ => {
            return Err(spec.problem(
                join(at, "message"),
                "`message` lists parts of the request from signed-date, method, path, query",
            ));
        }
    };
    let template_text = text(sig, "header-template");
    let template = parse_template(&template_text, &credentials).map_err(|name| {
        spec.problem(
            join(at, "header-template"),
            format!("placeholder {{{name}}} is neither signed-date, signature nor a non-secret credential"),
        )
    })?;
    Ok(Signature {
        header,
        credentials,
        key,
        clock_format,
        message,
        template,
        template_text,
    })
}

/// A header template's literal text and placeholders; `Err` names an unknown placeholder.
fn parse_template(template: &str, credentials: &[Credential]) -> Result<Vec<TemplatePart>, String> {
    template::pieces(template)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => Ok(TemplatePart::Literal(text.to_owned())),
            Piece::Placeholder("signed-date") => Ok(TemplatePart::SignedDate),
            Piece::Placeholder("signature") => Ok(TemplatePart::Signature),
            Piece::Placeholder(name) if credentials.iter().any(|c| c.wire == name && !c.secret) => {
                Ok(TemplatePart::Credential(name.to_owned()))
            }
            Piece::Placeholder(name) => Err(name.to_owned()),
        })
        .collect()
}

fn rpc(spec: &Spec, envelope: &Value) -> Result<RpcEnvelope, Problem> {
    let at = "/x-rpc-envelope";
    let field = |k: &str| {
        envelope
            .pointer(&format!("/fields/{k}"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (
        Some(method_field),
        Some(account_field),
        Some(timestamp_field),
        Some(payload_field),
        Some(signature_field),
    ) = (
        field("method"),
        field("account"),
        field("timestamp"),
        field("payload"),
        field("signature"),
    )
    else {
        return Err(spec.problem(
            join(at, "fields"),
            "`fields` names the method, account, timestamp, payload and signature fields",
        ));
    };
    let checks = [
        ("timestamp-format", "unix-seconds"),
        ("payload-encoding", "base64-json"),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    for (key, expected) in checks {
        if text(envelope, key) != expected {
            return Err(spec.problem(
                join(at, key),
                format!("only `{key}: {expected}` is supported"),
            ));
        }
    }
    let sig = envelope.get("signature").cloned().unwrap_or(Value::Null);
    if text(&sig, "algorithm") != "md5"
        || text(&sig, "output") != "hex-lower"
        || sig.get("skip-empty") != Some(&Value::Bool(true))
    {
        return Err(spec.problem(
            join(at, "signature"),
            "only md5, hex-lower, skip-empty signatures over the sorted fields are supported",
        ));
    }
    let credentials = credentials(spec, &join(at, "credentials"), envelope.get("credentials"))?;
    let secret_credential = text(&sig, "secret-credential");
    let account_credential = account_field.clone();
    for needed in [&secret_credential, &account_credential] {
        if !credentials.iter().any(|c| &c.wire == needed) {
            return Err(spec.problem(
                join(at, "credentials"),
                format!("credential {needed:?} is not declared"),
            ));
        }
    }
    Ok(RpcEnvelope {
        http_method: text(envelope, "method").to_ascii_uppercase(),
        method_field,
        account_field,
        account_credential,
        timestamp_field,
        payload_field,
        signature_field,
        secret_credential,
        credentials,
        form_schema_pointer: envelope.get("form-schema").map(|_| join(at, "form-schema")),
        form_fields: super::text_kind::form_fields(
            &spec.root,
            envelope.get("form-schema"),
            &join(at, "form-schema"),
        ),
    })
}

fn credentials(spec: &Spec, at: &str, node: Option<&Value>) -> Result<Vec<Credential>, Problem> {
    let Some(map) = node.and_then(Value::as_object) else {
        return Err(spec.problem(
            at,
            "`credentials` maps each credential's name to {secret, description}",
        ));
    };
    map.iter()
        .map(|(name, c)| {
            let ident = field_ident(name).ok_or_else(|| {
                spec.problem(join(at, name), "credential name gives no Rust name")
            })?;
            Ok(Credential {
                wire: name.clone(),
                ident,
                docs: text(c, "description"),
                secret: c.get("secret") != Some(&Value::Bool(false)),
                integer: c.get("type").and_then(Value::as_str) == Some("integer"),
                optional: false,
            })
        })
        .collect()
}
