//! One request of one operation: what a generated method fills in (path, query, headers, body)
//! and the runtime does the rest (validation refusal, credentials and signatures from the spec's
//! schemes, sending with retries), then the answer it turns into the operation's result.

use std::borrow::Cow;

use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::auth::{ApplyError, CredentialSource, Scheme, SignedRequest};
use crate::client::ClientCore;
use crate::envelope::Envelope;
use crate::error::{Error, InvalidRequest, RawResponse, SendError, Violation};
use crate::http;
use crate::oauth2::WithTokens;
use crate::secret::Secret;
use crate::validate::Validate;

/// What the spec says of one operation, as the runtime needs it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Operation {
    /// The operationId.
    pub id: &'static str,
    /// The HTTP method, e.g. `PUT`.
    pub method: &'static str,
    /// Safe to send again (by HTTP method, or `x-idempotent`).
    pub idempotent: bool,
    /// The security schemes applied, by name, in order.
    pub security: &'static [&'static str],
}

impl Operation {
    /// An operation sent with `method` under `security`; safe to repeat when its method is
    /// (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`).
    pub fn new(id: &'static str, method: &'static str, security: &'static [&'static str]) -> Self {
        let idempotent = matches!(
            method,
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE"
        );
        Operation {
            id,
            method,
            idempotent,
            security,
        }
    }
}

/// A body ready to send, or the RPC payload still to be wrapped in the signed form.
#[derive(Debug, Clone)]
enum Body {
    Encoded {
        content_type: Cow<'static, str>,
        /// Shared, so each attempt's request takes it without a copy.
        bytes: bytes::Bytes,
    },
    #[cfg_attr(not(feature = "form-envelope"), allow(dead_code))]
    Rpc {
        method: &'static str,
        payload: Vec<u8>,
    },
}

/// A request being built; [`Call::send`] refuses it if anything recorded so far is wrong.
#[derive(Debug)]
#[must_use]
pub struct Call<'c, C> {
    core: &'c ClientCore<C>,
    request: Request,
    violations: Vec<Violation>,
    problem: Option<String>,
    pub(crate) issues: Vec<IssuedToken<C>>,
}

/// What goes on the wire, kept apart from the client so that a token-issuing request can be
/// sent again to renew its token. Its `Debug` shows no value: a body or parameter may hold a
/// password (the client keeps the request that issued its token).
#[derive(Clone)]
pub(crate) struct Request {
    operation: Operation,
    path: String,
    query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
    /// `name=value` pairs of the one `Cookie` header (cookie parameters and credentials).
    cookies: Vec<String>,
    body: Option<Body>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.query.iter().map(|(k, _)| k.as_ref()).collect();
        let headers: Vec<&str> = self.headers.iter().map(|(k, _)| *k).collect();
        f.debug_struct("Request")
            .field("operation", &self.operation.id)
            .field("path", &self.path)
            .field("query", &names)
            .field("headers", &headers)
            .field("has_body", &self.body.is_some())
            .finish_non_exhaustive()
    }
}

/// A token a successful answer carries (`x-token-from`): the scheme it is for, the property
/// holding it, and where it goes in the credentials.
pub(crate) struct IssuedToken<C> {
    pub(crate) scheme: &'static str,
    property: &'static str,
    slot: fn(&mut C) -> &mut Option<Secret>,
}

/// What a call does with a JSON body: checks it (adding violations to `out`) and encodes it.
pub fn json_body<T: Serialize + Validate + ?Sized>(
    body: &T,
    out: &mut Vec<Violation>,
) -> serde_json::Result<Vec<u8>> {
    body.validate_at(&crate::validate::Path::ROOT, out);
    serde_json::to_vec(body)
}

impl<C> Clone for IssuedToken<C> {
    fn clone(&self) -> Self {
        IssuedToken { ..*self }
    }
}

impl<C> std::fmt::Debug for IssuedToken<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("scheme", &self.scheme)
            .field("property", &self.property)
            .finish_non_exhaustive()
    }
}

impl<'c, C> Call<'c, C> {
    pub(crate) fn new(core: &'c ClientCore<C>, operation: Operation) -> Self {
        let request = Request {
            operation,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
        };
        Call::of(core, request)
    }

    pub(crate) fn of(core: &'c ClientCore<C>, request: Request) -> Self {
        Call {
            core,
            request,
            violations: Vec::new(),
            problem: None,
            issues: Vec::new(),
        }
    }

    /// A successful answer carries the token of `scheme` in `property` (`x-token-from`): it is
    /// kept in the credentials' `slot`, and this request is sent again to renew the token when
    /// the vendor says it expired.
    pub fn issues_token(
        &mut self,
        scheme: &'static str,
        property: &'static str,
        slot: fn(&mut C) -> &mut Option<Secret>,
    ) {
        self.issues.push(IssuedToken {
            scheme,
            property,
            slot,
        });
    }

    /// Whether the request is safe to send again, where the spec says so (`x-idempotent`).
    pub fn idempotent(&mut self, idempotent: bool) {
        self.request.operation.idempotent = idempotent;
    }

    /// Runs checks that add violations (a parameter's documented constraints).
    pub fn check(&mut self, checks: impl FnOnce(&mut Vec<Violation>)) {
        checks(&mut self.violations);
    }

    /// A body field that must repeat a parameter (`x-same-as-parameter`): the request is refused
    /// when they differ.
    pub fn same_as<F: Serialize + ?Sized, P: Serialize + ?Sized>(
        &mut self,
        field: &str,
        value: &F,
        parameter: &str,
        parameter_value: &P,
    ) {
        crate::validate::same_as(
            field,
            value,
            parameter,
            parameter_value,
            &mut self.violations,
        );
    }

    /// The path from a template whose each `{}` takes the next parameter, in order, already
    /// encoded (see [`segment`]).
    pub fn path_params(&mut self, template: &str, params: &[&str]) {
        let mut path =
            String::with_capacity(template.len() + params.iter().map(|p| p.len()).sum::<usize>());
        let mut params = params.iter();
        let mut pieces = template.split("{}");
        path.push_str(pieces.next().unwrap_or_default());
        for piece in pieces {
            path.push_str(params.next().copied().unwrap_or_default());
            path.push_str(piece);
        }
        self.request.path = path;
    }

    /// Checks a value against its type's documented constraints before anything is sent.
    pub fn validate<T: Validate + ?Sized>(&mut self, path: &str, value: &T) {
        value.validate_at(&crate::validate::Path::Start(path), &mut self.violations);
    }

    /// A query parameter: nothing for `None`, one pair per item of a list, text otherwise.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match self.encode("query parameter", name, value) {
            None => {}
            Some(Value::Array(items)) => {
                for item in &items {
                    self.request.query.push((Cow::Borrowed(name), text(item)));
                }
            }
            // OpenAPI's default for a query object (form, exploded): one pair per property.
            Some(Value::Object(fields)) => {
                for (key, field) in &fields {
                    if !field.is_null() {
                        self.request
                            .query
                            .push((Cow::Owned(key.clone()), text(field)));
                    }
                }
            }
            Some(other) => self.request.query.push((Cow::Borrowed(name), text(&other))),
        }
    }

    /// A query parameter in one of OpenAPI's other serialisations (see [`QueryStyle`]); nothing
    /// for `None`. A value the style does not describe (a scalar, a list given to `deepObject`)
    /// is sent as [`Call::query`] sends it.
    pub fn query_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: QueryStyle,
    ) {
        let Some(json) = self.encode("query parameter", name, value) else {
            return;
        };
        match (style, json) {
            (QueryStyle::DeepObject, Value::Object(fields)) => {
                deep_object(name, &fields, &mut self.request.query);
            }
            (QueryStyle::FormJoined, Value::Object(fields)) => {
                let pairs: Vec<String> = fields
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .flat_map(|(k, v)| [k.clone(), text(v)])
                    .collect();
                self.request
                    .query
                    .push((Cow::Borrowed(name), pairs.join(",")));
            }
            (style, Value::Array(items)) if style != QueryStyle::DeepObject => {
                let joined: Vec<String> = items.iter().map(text).collect();
                self.request
                    .query
                    .push((Cow::Borrowed(name), joined.join(style.separator())));
            }
            (_, other) => self.query(name, &other),
        }
    }

    /// A header parameter: nothing for `None`, a list's items joined with commas.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(json) = self.encode("header", name, value) {
            self.request.headers.push((name, simple(&json)));
        }
    }

    /// A cookie parameter: nothing for `None`, a list's items joined with commas.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(json) = self.encode("cookie", name, value) {
            self.request
                .cookies
                .push(format!("{name}={}", simple(&json)));
        }
    }

    /// A query parameter sent as JSON text (`content: application/json`); nothing for `None`.
    pub fn query_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(json) = self.encode("query parameter", name, value) {
            self.request
                .query
                .push((Cow::Borrowed(name), json.to_string()));
        }
    }

    /// A header parameter sent as JSON text (`content: application/json`); nothing for `None`.
    pub fn header_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(json) = self.encode("header", name, value) {
            self.request.headers.push((name, json.to_string()));
        }
    }

    /// A parameter as JSON; `None` when it is `None` (nothing is sent) or cannot be encoded (the
    /// call then fails with the reason).
    fn encode<T: Serialize + ?Sized>(
        &mut self,
        what: &str,
        name: &str,
        value: &T,
    ) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(Value::Null) => None,
            Ok(json) => Some(json),
            Err(e) => {
                self.fail(format!("cannot encode {what} {name}: {e}"));
                None
            }
        }
    }

    /// A JSON body, checked against its documented constraints.
    pub fn json<T: Serialize + Validate + ?Sized>(&mut self, body: &T) {
        match json_body(body, &mut self.violations) {
            Ok(bytes) => {
                self.request.body = Some(Body::Encoded {
                    content_type: Cow::Borrowed("application/json"),
                    bytes: bytes.into(),
                })
            }
            Err(e) => self.fail(format!("cannot encode the body: {e}")),
        }
    }

    /// A text body (`text/*`, XML) of media type `content_type`, sent as given.
    pub fn text(&mut self, content_type: &'static str, body: &str) {
        self.bytes(content_type, body.as_bytes());
    }

    /// A body of media type `content_type` that is not JSON, sent as given.
    pub fn bytes(&mut self, content_type: &'static str, body: &[u8]) {
        self.request.body = Some(Body::Encoded {
            content_type: Cow::Borrowed(content_type),
            bytes: bytes::Bytes::copy_from_slice(body),
        });
    }

    /// A `multipart/form-data` body from the parts the caller built.
    pub fn multipart(&mut self, parts: crate::Multipart) {
        let (content_type, bytes) = parts.encode();
        self.request.body = Some(Body::Encoded {
            content_type: Cow::Owned(content_type),
            bytes: bytes.into(),
        });
    }

    /// An `application/x-www-form-urlencoded` body from a flat struct, checked first.
    #[cfg(feature = "form-envelope")]
    pub fn form<T: Serialize + Validate + ?Sized>(&mut self, body: &T) {
        body.validate_at(&crate::validate::Path::ROOT, &mut self.violations);
        match serde_urlencoded::to_string(body) {
            Ok(text) => {
                self.request.body = Some(Body::Encoded {
                    content_type: Cow::Borrowed("application/x-www-form-urlencoded"),
                    bytes: text.into_bytes().into(),
                })
            }
            Err(e) => self.fail(format!("cannot encode the form body: {e}")),
        }
    }

    /// An RPC call: `body` is the JSON payload of the API's signed form envelope.
    pub fn rpc<T: Serialize + Validate + ?Sized>(&mut self, method: &'static str, body: &T) {
        match json_body(body, &mut self.violations) {
            Ok(payload) => self.request.body = Some(Body::Rpc { method, payload }),
            Err(e) => self.fail(format!("cannot encode the body: {e}")),
        }
    }

    fn fail(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    fn build_error(&self, message: impl Into<String>) -> SendError {
        SendError(Error::Build {
            operation: self.request.operation.id,
            message: message.into(),
        })
    }
}

impl<C: CredentialSource> Call<'_, C> {
    /// Refuses the request if it broke a documented constraint, else signs and sends it (with
    /// the client's retries and rate limit) and reads the whole answer.
    pub async fn send(self) -> Result<Answer, SendError> {
        let operation = self.request.operation.id;
        if !self.violations.is_empty() {
            return Err(SendError(Error::InvalidRequest(InvalidRequest {
                operation,
                violations: self.violations,
            })));
        }
        if let Some(message) = &self.problem {
            return Err(self.build_error(message.clone()));
        }
        let mut response = self.send_once().await?;
        if let Some(scheme) = self.expired_token(&response) {
            // The vendor refused the request before acting on it, so it is repeated whatever
            // its method, once, with the renewed token.
            // Boxed: renewal is a whole second request and rare; inline it made every call's
            // future 600 bytes larger (a signed JSON update: 4,992 bytes, 4,408 boxed).
            if Box::pin(self.core.renew_token(scheme)).await {
                response = self.send_once().await?;
            }
        }
        self.keep_issued_tokens(&response);
        crate::response::record(&response);
        Ok(Answer {
            operation,
            response,
        })
    }

    /// Signs and sends the request once (with the client's retries), reading the whole answer.
    pub(crate) async fn send_once(&self) -> Result<RawResponse, SendError> {
        let tokens = self.fetched_tokens().await?;
        let request = self.wire_request(&tokens)?;
        let api = self.core.api();
        let call = http::Call {
            vendor: api.vendor,
            operation: self.request.operation.id,
            idempotent: self.request.operation.idempotent,
            rate_limited: api.rate_limited,
        };
        // A further attempt builds its request again (signed afresh) rather than copying this one.
        let again = || self.wire_request(&tokens).ok();
        let mut response = http::send_rebuilding(
            &call,
            request,
            Some(again),
            &self.core.retry,
            self.core.rate.as_ref(),
        )
        .await
        .map_err(SendError)?;
        for (name, value) in response.headers.iter_mut() {
            if api.is_sensitive_header(name.as_str()) {
                value.set_sensitive(true);
            }
        }
        response.sensitive = api.sensitive_properties;
        Ok(response)
    }

    /// The scheme of this operation whose issued token the answer says has expired.
    fn expired_token(&self, response: &RawResponse) -> Option<&'static str> {
        let api = self.core.api();
        api.expired_tokens
            .iter()
            .find(|e| {
                self.request.operation.security.contains(&e.scheme)
                    && e.when.matches(&response.body)
            })
            .map(|e| e.scheme)
    }

    /// Keeps the tokens a successful answer issues, and this request to renew them with.
    /// Returns whether every token was found.
    pub(crate) fn keep_issued_tokens(&self, response: &RawResponse) -> bool {
        if self.issues.is_empty() || !response.status.is_success() {
            return false;
        }
        let Ok(answer) = serde_json::from_slice::<Value>(&response.body) else {
            return false;
        };
        let mut all = true;
        for issued in &self.issues {
            match crate::envelope::find_string(&answer, issued.property) {
                Some(token) => {
                    self.core
                        .update_credentials(|c| *(issued.slot)(c) = Some(Secret::new(token)));
                    self.core.remember_renewal(issued.clone(), &self.request);
                }
                None => all = false,
            }
        }
        all
    }

    /// Tokens for the operation's client-credentials schemes whose token the caller left unset:
    /// cached, or fetched now.
    async fn fetched_tokens(&self) -> Result<Vec<(&'static str, Secret)>, SendError> {
        let mut tokens = Vec::new();
        for name in self.request.operation.security {
            let Some(endpoint) = self.core.api().token_endpoint(name) else {
                continue;
            };
            let token = self.core.token(endpoint, self.request.operation.id).await;
            if let Some(token) = token.map_err(SendError)? {
                tokens.push((endpoint.scheme, token));
            }
        }
        Ok(tokens)
    }

    /// The request as it goes on the wire: URL, parameters, body, then credentials.
    fn wire_request(&self, tokens: &[(&'static str, Secret)]) -> Result<RequestBuilder, SendError> {
        let guard = self.core.read_credentials();
        let credentials = WithTokens {
            credentials: &*guard,
            tokens,
        };
        let api = self.core.api();
        let schemes = self
            .request
            .operation
            .security
            .iter()
            .map(|name| {
                api.scheme(name).ok_or_else(|| {
                    self.build_error(format!("security scheme {name:?} is not defined"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut query: Vec<(&str, String)> = Vec::new();
        for scheme in &schemes {
            let added = scheme.query_credential(&credentials);
            if let Some((param, value)) = added.map_err(|e| self.apply_error(scheme, e))? {
                query.push((param, value.into_owned()));
            }
        }
        query.extend(
            self.request
                .query
                .iter()
                .map(|(k, v)| (k.as_ref(), v.clone())),
        );
        let url = http::url(
            self.request.operation.id,
            &self.core.base_url,
            &self.request.path,
            &query,
        )
        .map_err(SendError)?;
        let method = Method::from_bytes(self.request.operation.method.as_bytes())
            .map_err(|_| self.build_error("invalid HTTP method"))?;
        let signed = SignedRequest {
            method: self.request.operation.method,
            path: url.path(),
            query: url.query().unwrap_or(""),
        };
        let now = self.core.clock.now();
        // HTTP/1.1 allows one Cookie header: parameters and credentials share it.
        let mut cookies = self.request.cookies.clone();
        let mut secret_cookie = false;
        let mut credential_headers = Vec::new();
        for scheme in &schemes {
            let added = scheme.header_credential(&signed, now, &credentials);
            match added.map_err(|e| self.apply_error(scheme, e))? {
                Some((header, value)) if header.eq_ignore_ascii_case("cookie") => {
                    cookies.push(value);
                    secret_cookie = true;
                }
                Some((header, value)) => {
                    let value =
                        http::sensitive(self.request.operation.id, &value).map_err(SendError)?;
                    credential_headers.push((header, value));
                }
                None => {}
            }
        }
        // The URL moves into the request only now: the signature above was computed over it.
        let mut request = self.core.http.request(method, url);
        for (name, value) in &self.request.headers {
            request = request.header(*name, value.as_str());
        }
        request = self.body(request, &credentials)?;
        for (header, value) in credential_headers {
            request = request.header(header, value);
        }
        if !cookies.is_empty() {
            let joined = cookies.join("; ");
            request = if secret_cookie {
                let value =
                    http::sensitive(self.request.operation.id, &joined).map_err(SendError)?;
                request.header("cookie", value)
            } else {
                request.header("cookie", joined)
            };
        }
        Ok(request)
    }

    #[cfg(feature = "form-envelope")]
    fn credential<'a>(
        &self,
        credentials: &'a dyn CredentialSource,
        scheme: &'static str,
        name: &str,
    ) -> Result<Cow<'a, str>, SendError> {
        credentials
            .credential(name)
            .ok_or(SendError(Error::MissingCredential {
                operation: self.request.operation.id,
                scheme,
            }))
    }

    fn apply_error(&self, scheme: &'static Scheme<'static>, error: ApplyError) -> SendError {
        match error {
            ApplyError::MissingCredential(_) => SendError(Error::MissingCredential {
                operation: self.request.operation.id,
                scheme: &scheme.name,
            }),
            other => self.build_error(other.to_string()),
        }
    }

    #[cfg_attr(not(feature = "form-envelope"), allow(unused_variables))]
    fn body(
        &self,
        request: RequestBuilder,
        credentials: &dyn CredentialSource,
    ) -> Result<RequestBuilder, SendError> {
        match &self.request.body {
            None => Ok(request),
            Some(Body::Encoded {
                content_type,
                bytes,
            }) => Ok(request
                .header("content-type", content_type.as_ref())
                .body(bytes.clone())),
            #[cfg(not(feature = "form-envelope"))]
            Some(Body::Rpc { .. }) => {
                Err(self.build_error("built without the form-envelope feature"))
            }
            #[cfg(feature = "form-envelope")]
            Some(Body::Rpc { method, payload }) => {
                let envelope = self
                    .core
                    .api()
                    .form_envelope
                    .ok_or_else(|| self.build_error("the API has no RPC form envelope"))?;
                let scheme = "x-rpc-envelope";
                let account = self.credential(credentials, scheme, envelope.account_credential)?;
                let secret = self.credential(credentials, scheme, envelope.secret_credential)?;
                let now = crate::clock::unix_seconds(self.core.clock.now());
                let fields = envelope.fields(method, &account, now, payload);
                let form = envelope.body(&fields, &crate::Secret::new(secret.into_owned()));
                Ok(request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form))
            }
        }
    }
}

/// A path parameter as it goes into the path: its text, percent-encoded.
pub fn segment<T: Serialize + ?Sized>(value: &T) -> String {
    http::path_segment(&http::param_text(value))
}

/// OpenAPI's `simple` style (headers, cookies): a list's items joined with commas, text otherwise.
/// How a query parameter is serialised when it is not OpenAPI's default (`form`, exploded: one
/// pair per list item or object member).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryStyle {
    /// `style: form, explode: false`: `ids=1,2,3`; an object as `name=k1,v1,k2,v2`.
    FormJoined,
    /// `style: spaceDelimited`: `ids=1%202%203`.
    SpaceDelimited,
    /// `style: pipeDelimited`: `ids=1|2|3`.
    PipeDelimited,
    /// `style: deepObject`: `filter[status]=open&filter[size]=2`, nested objects one bracket
    /// deeper.
    DeepObject,
}

impl QueryStyle {
    fn separator(self) -> &'static str {
        match self {
            QueryStyle::SpaceDelimited => " ",
            QueryStyle::PipeDelimited => "|",
            QueryStyle::FormJoined | QueryStyle::DeepObject => ",",
        }
    }
}

/// `prefix[key]=value` pairs for an object, recursing into member objects; a member list gives
/// one pair per item.
fn deep_object(
    prefix: &str,
    fields: &serde_json::Map<String, Value>,
    query: &mut Vec<(Cow<'static, str>, String)>,
) {
    for (key, value) in fields {
        let name = format!("{prefix}[{key}]");
        match value {
            Value::Null => {}
            Value::Object(inner) => deep_object(&name, inner, query),
            Value::Array(items) => {
                for item in items {
                    query.push((Cow::Owned(name.clone()), text(item)));
                }
            }
            other => query.push((Cow::Owned(name), text(other))),
        }
    }
}

fn simple(value: &Value) -> String {
    match value {
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => text(other),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An answer to a call, to be turned into the operation's result.
#[derive(Debug)]
pub struct Answer {
    operation: &'static str,
    response: RawResponse,
}

impl Answer {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.response.status.as_u16()
    }

    /// The answer as it arrived.
    pub fn raw(&self) -> &RawResponse {
        &self.response
    }

    /// The JSON body, decoded; a failure keeps the answer and names where decoding failed.
    pub fn decode<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        http::decode(self.operation, self.response)
    }

    /// The result inside the vendor's envelope; a failure code is [`Error::Vendor`].
    pub fn envelope<T: DeserializeOwned, E>(self, envelope: &Envelope) -> Result<T, Error<E>> {
        crate::envelope::unwrap(self.operation, envelope, self.response)
    }

    /// A text body (`text/*`, XML), which must be UTF-8.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        match String::from_utf8(self.response.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(e) => Err(Error::decode(
                self.operation,
                "",
                format!("the text answer is not UTF-8: {e}"),
                self.response,
            )),
        }
    }

    /// The body as it arrived (downloads, images, anything not JSON or text).
    pub fn bytes<E>(self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.response.body.to_vec())
    }

    /// A documented error answer whose body decodes into one variant of the operation's errors.
    pub fn documented<T, D: DeserializeOwned, E>(self, variant: fn(D) -> E) -> Result<T, Error<E>> {
        http::documented_as(self.operation, self.response, variant)
    }

    /// A documented error answer without a body.
    pub fn documented_empty<T, E>(self, body: E) -> Result<T, Error<E>> {
        Err(Error::Documented {
            operation: self.operation,
            body,
            response: Box::new(self.response),
        })
    }

    /// A status the operation does not document.
    pub fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        http::unexpected(self.operation, self.response)
    }
}
