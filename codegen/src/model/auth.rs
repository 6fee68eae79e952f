//! Security schemes and envelopes: how a client authenticates, read from the spec.

use std::borrow::Cow;

pub use commerce_apis_auth::Scheme as WireScheme;
use commerce_apis_auth::{HmacSignature, SchemeKind, SignedPart, TemplatePart};
use serde_json::Value;

use super::naming::field_ident;
use super::text;
use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::join;
use crate::spec::walk::Inventory;

#[derive(Debug, Clone, Default)]
pub struct Auth {
    pub schemes: Vec<Scheme>,
    pub rpc: Option<RpcEnvelope>,
}

impl Auth {
    /// Every credential a user supplies, in declaration order.
    pub fn credentials(&self) -> Vec<Credential> {
        let schemes = self.schemes.iter().flat_map(|s| s.credentials.iter());
        let rpc = self.rpc.iter().flat_map(|r| r.credentials.iter());
        schemes.chain(rpc).cloned().collect()
    }
}

impl Auth {
    /// A scheme that some secured operation does without (an alternative, or one for a few
    /// operations) has credentials set later rather than required by `Credentials::new`.
    pub fn set_later_credentials(&mut self, operations: &[super::Operation]) {
        let secured: Vec<&super::Operation> = operations
            .iter()
            .filter(|o| !o.security.is_empty())
            .collect();
        for scheme in &mut self.schemes {
            let everywhere = secured
                .iter()
                .all(|o| o.security.iter().any(|s| s == scheme.name()));
            if !everywhere {
                for credential in &mut scheme.credentials {
                    credential.optional = true;
                }
            }
        }
    }
}

/// A security scheme: what travels on the wire (shared with the runtime, which applies it, and
/// the mock, which verifies it) and what the generated Rust makes of it.
#[derive(Debug, Clone)]
pub struct Scheme {
    pub ident: String,
    pub docs: String,
    /// The scheme as the runtime applies it.
    pub wire: WireScheme<'static>,
    /// The credentials the scheme reads, in declaration order.
    pub credentials: Vec<Credential>,
    /// The operation whose answer carries the credential (`x-token-from`), for issued tokens.
    pub issued_by: Option<IssuedToken>,
    /// Where the client fetches the token itself (OAuth 2.0 client credentials).
    pub token_endpoint: Option<TokenEndpoint>,
}

/// An OAuth 2.0 `clientCredentials` flow: the token URL, the scopes the document's security
/// requirements ask of this scheme, and the credentials holding the client id and secret.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    pub url: String,
    pub scopes: Vec<String>,
    pub client_id: String,
    pub client_secret: String,
}

impl Scheme {
    /// The scheme's name in `components/securitySchemes`.
    pub fn name(&self) -> &str {
        &self.wire.name
    }
}

/// `x-token-from`: the operation that issues a scheme's token, and where its answer holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub operation: String,
    pub property: String,
    /// `expired`: the answers saying the token is no longer accepted.
    pub expired: Option<AnswerCode>,
}

/// Answers that carry one of some codes in a property, whatever their status (`x-token-from`'s
/// `expired`, `x-rate-limit`'s `in-band`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerCode {
    pub property: String,
    /// The codes as text: strings as written, numbers as JSON prints them.
    pub values: Vec<String>,
}

/// `{property, values}` at `at`, or a located problem saying what is missing.
pub fn answer_code(spec: &Spec, at: &str, node: &Value) -> Result<AnswerCode, Problem> {
    let property = text(node, "property");
    let values: Vec<String> = node
        .get("values")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    if property.is_empty() || values.is_empty() {
        return Err(spec.problem(
            at,
            "needs `property` (the answer's code property) and `values` (a non-empty list of strings or numbers)",
        ));
    }
    Ok(AnswerCode { property, values })
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

pub fn read(spec: &Spec, inventory: &Inventory<'_>) -> Result<Auth, Problem> {
    let mut auth = Auth::default();
    let schemes = spec
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    for (name, scheme) in schemes.into_iter().flatten() {
        auth.schemes
            .push(read_scheme(spec, inventory, name, scheme)?);
    }
    if let Some(envelope) = spec.root.get("x-rpc-envelope") {
        auth.rpc = Some(rpc(spec, envelope)?);
    }
    Ok(auth)
}

fn read_scheme(
    spec: &Spec,
    inventory: &Inventory<'_>,
    name: &str,
    scheme: &Value,
) -> Result<Scheme, Problem> {
    let at = join("/components/securitySchemes", name);
    let ident = field_ident(name)
        .ok_or_else(|| spec.problem(&at, format!("scheme name {name:?} gives no Rust name")))?;
    let docs = text(scheme, "description");
    let issued_by = issued_by(spec, &at, scheme)?;
    let (kind, signed_with) = wire_kind(spec, &at, scheme, name, issued_by.is_some())?;
    let token_endpoint = client_credentials(spec, inventory, scheme, name);
    let credentials = signed_with.unwrap_or_else(|| {
        let docs = if docs.is_empty() {
            let wire = WireScheme {
                name: Cow::Borrowed(name),
                kind: kind.clone(),
            };
            format!("The `{name}` credential, {}.", wire.describe())
        } else {
            docs.clone()
        };
        vec![Credential {
            wire: name.to_owned(),
            ident: ident.clone(),
            docs,
            secret: true,
            integer: false,
            optional: issued_by.is_some() || token_endpoint.is_some(),
        }]
    });
    let mut credentials = credentials;
    if let Some(endpoint) = &token_endpoint {
        credentials.extend(client_credential_fields(endpoint));
    }
    Ok(Scheme {
        ident,
        docs,
        wire: WireScheme {
            name: Cow::Owned(name.to_owned()),
            kind,
        },
        credentials,
        issued_by,
        token_endpoint,
    })
}

/// The `clientCredentials` flow of an OAuth 2.0 scheme, when it has one.
fn client_credentials(
    spec: &Spec,
    inventory: &Inventory<'_>,
    scheme: &Value,
    name: &str,
) -> Option<TokenEndpoint> {
    let url = scheme
        .pointer("/flows/clientCredentials/tokenUrl")
        .and_then(Value::as_str)?;
    Some(TokenEndpoint {
        url: url.to_owned(),
        scopes: requested_scopes(spec, inventory, name),
        client_id: format!("{name}.client_id"),
        client_secret: format!("{name}.client_secret"),
    })
}

/// Every scope the document's security requirements (top level and per operation) ask of the
/// scheme `name`, in first-seen order.
fn requested_scopes(spec: &Spec, inventory: &Inventory<'_>, name: &str) -> Vec<String> {
    let requirements = std::iter::once(spec.root.get("security"))
        .chain(
            inventory
                .operations
                .iter()
                .map(|op| op.node.get("security")),
        )
        .flatten()
        .filter_map(Value::as_array)
        .flatten();
    let mut scopes: Vec<String> = Vec::new();
    for requirement in requirements {
        for scope in requirement
            .get(name)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
    }
    scopes
}

/// The client id and secret a client-credentials scheme fetches its token with.
fn client_credential_fields(endpoint: &TokenEndpoint) -> [Credential; 2] {
    let field = |wire: &str, secret: bool, what: &str| Credential {
        ident: field_ident(wire).unwrap_or_else(|| what.to_owned()),
        docs: format!(
            "The OAuth 2.0 client {what}: with it the client fetches and renews the token from `{}` itself.",
            endpoint.url
        ),
        wire: wire.to_owned(),
        secret,
        integer: false,
        optional: true,
    };
    [
        field(&endpoint.client_id, false, "id"),
        field(&endpoint.client_secret, true, "secret"),
    ]
}

/// `x-token-from`, when the scheme's credential is a token an operation issues.
fn issued_by(spec: &Spec, at: &str, scheme: &Value) -> Result<Option<IssuedToken>, Problem> {
    let Some(from) = scheme.get("x-token-from") else {
        return Ok(None);
    };
    let field = |key: &str| text(from, key);
    let (operation, property) = (field("operationId"), field("property"));
    if operation.is_empty() || property.is_empty() {
        return Err(spec.problem(
            join(at, "x-token-from"),
            "x-token-from needs `operationId` and `property`",
        ));
    }
    let expired = match from.get("expired") {
        Some(node) => Some(answer_code(
            spec,
            &join(&join(at, "x-token-from"), "expired"),
            node,
        )?),
        None => None,
    };
    Ok(Some(IssuedToken {
        operation,
        property,
        expired,
    }))
}

/// How the scheme travels, and the credentials a signature declares (`None`: one credential
/// named like the scheme).
fn wire_kind(
    spec: &Spec,
    at: &str,
    scheme: &Value,
    name: &str,
    issued: bool,
) -> Result<(SchemeKind<'static>, Option<Vec<Credential>>), Problem> {
    let header = |header: String, prefix: String| SchemeKind::Header {
        header: Cow::Owned(header),
        prefix: Cow::Owned(prefix),
        credential: Cow::Owned(name.to_owned()),
    };
    match text(scheme, "type").as_str() {
        "apiKey" => {
            let param = text(scheme, "name");
            if let Some(signature) = scheme.get("x-signature") {
                let (signature, credentials) =
                    read_signature(spec, &join(at, "x-signature"), signature, param)?;
                return Ok((SchemeKind::Hmac(signature), Some(credentials)));
            }
            match text(scheme, "in").as_str() {
                "header" => Ok((header(param, String::new()), None)),
                "cookie" => Ok((
                    SchemeKind::Cookie {
                        cookie: Cow::Owned(param),
                        credential: Cow::Owned(name.to_owned()),
                    },
                    None,
                )),
                "query" if !issued => Ok((
                    SchemeKind::Query {
                        param: Cow::Owned(param),
                        credential: Cow::Owned(name.to_owned()),
                    },
                    None,
                )),
                other => Err(spec.problem(
                    join(at, "in"),
                    format!("API keys in {other:?} are not supported (header, query or cookie)"),
                )),
            }
        }
        "http" => {
            let word = text(scheme, "scheme");
            let word = match word.to_ascii_lowercase().as_str() {
                "bearer" => "Bearer".to_owned(),
                "basic" if !issued => return Ok(basic(scheme, name)),
                _ => word,
            };
            Ok((header("Authorization".into(), format!("{word} ")), None))
        }
        // The caller obtains the access token (any flow) and the client sends it as a bearer
        // token, the way both schemes present it to the API.
        "oauth2" | "openIdConnect" => Ok((header("Authorization".into(), "Bearer ".into()), None)),
        other => Err(spec.problem(
            join(at, "type"),
            format!("security scheme type {other:?} is not supported"),
        )),
    }
}

/// HTTP basic authentication: two credentials, `<scheme>.username` and `<scheme>.password`.
fn basic(scheme: &Value, name: &str) -> (SchemeKind<'static>, Option<Vec<Credential>>) {
    let credential = |part: &str, secret: bool| {
        let wire = format!("{name}.{part}");
        Credential {
            ident: field_ident(&wire).unwrap_or_else(|| part.to_owned()),
            docs: match text(scheme, "description") {
                d if d.is_empty() => format!("The {part} of HTTP basic authentication."),
                d => d,
            },
            wire,
            secret,
            integer: false,
            optional: false,
        }
    };
    let (username, password) = (credential("username", false), credential("password", true));
    let kind = SchemeKind::Basic {
        username: Cow::Owned(username.wire.clone()),
        password: Cow::Owned(password.wire.clone()),
    };
    (kind, Some(vec![username, password]))
}

/// `x-signature`: the signature scheme and the credentials it declares.
fn read_signature(
    spec: &Spec,
    at: &str,
    sig: &Value,
    header: String,
) -> Result<(HmacSignature<'static>, Vec<Credential>), Problem> {
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
    let signature = HmacSignature {
        header: Cow::Owned(header),
        key: Cow::Owned(key),
        clock_format: Cow::Owned(clock_format),
        message: Cow::Owned(message),
        template: Cow::Owned(text(sig, "header-template")),
    };
    if let Some(name) = unknown_placeholder(&signature, &credentials) {
        return Err(spec.problem(
            join(at, "header-template"),
            format!("placeholder {{{name}}} is neither signed-date, signature nor a non-secret credential"),
        ));
    }
    Ok((signature, credentials))
}

/// A header-template placeholder that names no non-secret credential.
fn unknown_placeholder<'s>(
    signature: &'s HmacSignature<'_>,
    credentials: &[Credential],
) -> Option<&'s str> {
    signature.template_parts().find_map(|part| match part {
        TemplatePart::Credential(name)
            if !credentials.iter().any(|c| c.wire == name && !c.secret) =>
        {
            Some(name)
        }
        _ => None,
    })
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
