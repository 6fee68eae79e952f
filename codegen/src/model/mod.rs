//! The intermediate model: what the generator emits, decided once from a linted spec.
//!
//! Everything vendor-shaped is read from the spec here (names, directions, constraints, auth,
//! envelopes); the emitter only turns this model into Rust.

mod auth;
mod examples;
mod naming;
mod operations;
mod pattern;
mod resolve;
mod sample;
mod text_kind;
mod types;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::Problem;
use crate::spec::Spec;

pub use examples::{DocumentedExample, Erratum, Example, ExampleOwner};
pub use naming::{field_ident, is_rust_keyword, type_name};
pub use operations::idempotent_method;
pub use pattern::{PatternStep, simple as simple_pattern};
pub use text_kind::{ScalarKind, TextKind};

/// One vendor's API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// The spec's file stem: module and Cargo feature name.
    pub name: String,
    pub title: String,
    pub docs: String,
    pub servers: Vec<Server>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub auth: auth::Auth,
    pub response_envelope: Option<ResponseEnvelope>,
    /// `x-rate-limit`: the documented requests per second.
    pub rate_limit: Option<f64>,
    /// `x-rate-limit`'s `in-band`: answers reporting the rate limit in their body.
    pub rate_limited: Option<AnswerCode>,
    /// Every example of the document, with the part it illustrates.
    pub examples: Vec<DocumentedExample>,
    /// Every `x-errata` entry.
    pub errata: Vec<Erratum>,
    /// Type name → its index in `types`.
    index: HashMap<String, usize>,
}

pub use auth::{AnswerCode, Auth, Credential, IssuedToken, RpcEnvelope, Scheme, WireScheme};

impl Api {
    /// Whether an `x-errata` entry is about `pointer` or a node that encloses it: a difference
    /// there is recorded and decided, not a defect.
    pub fn explains(&self, pointer: &str) -> bool {
        self.errata.iter().any(|e| {
            !e.pointer.is_empty()
                && (pointer == e.pointer || pointer.starts_with(&format!("{}/", e.pointer)))
        })
    }

    /// The type called `name`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|&i| &self.types[i])
    }

    /// The kind of the type `ty` names, if it names one.
    pub fn kind_of(&self, ty: &Ty) -> Option<&TypeKind> {
        match ty {
            Ty::Named(n) => self.type_def(n).map(|t| &t.kind),
            _ => None,
        }
    }

    /// The fields of the struct `ty` names (empty for anything else).
    pub fn fields_of(&self, ty: &Ty) -> &[Field] {
        match self.kind_of(ty) {
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => &[],
        }
    }

    /// The underlying type of an alias (aliases carry their constraints into their users).
    pub fn unalias<'a>(&'a self, ty: &'a Ty) -> &'a Ty {
        let mut current = ty;
        for _ in 0..16 {
            match self.kind_of(current) {
                Some(TypeKind::Alias { ty, .. }) => current = ty,
                _ => return current,
            }
        }
        current
    }

    /// The wire names of properties that hold secrets (a [`Ty::Secret`] field anywhere, an
    /// issued token's property), sorted: answer bodies quoted in errors redact their values.
    pub fn sensitive_properties(&self) -> Vec<&str> {
        let fields = self.types.iter().flat_map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.as_slice(),
            _ => &[],
        });
        let secret_fields = fields
            .filter(|f| f.ty == Ty::Secret)
            .map(|f| f.wire.as_str());
        let tokens = self
            .auth
            .schemes
            .iter()
            .filter_map(|s| Some(s.issued_by.as_ref()?.property.as_str()));
        let mut out: Vec<&str> = secret_fields.chain(tokens).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The scheme called `name`.
    pub fn scheme(&self, name: &str) -> Option<&Scheme> {
        self.auth.schemes.iter().find(|s| s.name() == name)
    }

    /// The optional parts of the runtime crate this API's generated code uses.
    pub fn runtime_features(&self) -> BTreeSet<&'static str> {
        let mut out = BTreeSet::new();
        out.extend(
            self.auth
                .schemes
                .iter()
                .filter_map(|s| s.wire.cargo_feature()),
        );
        let form_body = self
            .operations
            .iter()
            .any(|o| o.body.as_ref().is_some_and(|b| b.kind == BodyKind::Form));
        if self.auth.rpc.is_some() || form_body {
            out.insert("form-envelope");
        }
        if self.operations.iter().any(|o| o.pagination.is_some()) {
            out.insert("paging");
        }
        if resolve::checks_patterns(self) {
            out.insert("pattern");
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub docs: String,
}

/// Which way a type travels, which decides how strict it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// Only sent: closed enums, constraints enforced, unknown fields refused when the schema says so.
    Request,
    /// Only received: open enums, unknown fields kept, nothing rejected for breaking a constraint.
    Response,
    /// Both: tolerant when received, validated when sent.
    Both,
}

impl Direction {
    pub fn join(self, other: Direction) -> Direction {
        if self == other { self } else { Direction::Both }
    }
    pub fn receives(self) -> bool {
        self != Direction::Request
    }
    pub fn sends(self) -> bool {
        self != Direction::Response
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub docs: String,
    /// Where the schema is, for messages and for the docs' "generated from".
    pub pointer: String,
    pub direction: Direction,
    pub kind: TypeKind,
    /// An enumeration whose list is known to grow (`x-extensible-enum`): values outside it are
    /// kept when received and allowed when sent.
    pub extensible: bool,
    pub facts: Facts,
}

/// What a schema says about its values that the generated code does not act on, kept so a
/// review sees it change: the `format`, the pattern as written (also one no regex engine here
/// compiles), the values of an enumeration that is not all strings (an integer `enum`), and the
/// keywords that restrict an object schema without properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub format: Option<String>,
    pub pattern: Option<String>,
    pub values: Vec<Value>,
    /// `required`, `minProperties`, `if`, `dependentRequired`, ... as written, by keyword.
    pub object: BTreeMap<String, Value>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enumeration.
    Enum(Vec<EnumValue>),
    /// A union told apart by a tag property (discriminator or `const`).
    Tagged {
        tag: String,
        variants: Vec<TaggedVariant>,
    },
    /// A union told apart by shape (`oneOf` without a tag), tried in order.
    Untagged(Vec<UntaggedVariant>),
    /// Another name for a type, with the constraints that name carries.
    Alias {
        ty: Ty,
        constraints: Constraints,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// Conditional requirements from `if`/`then`/`else`.
    pub rules: Vec<Rule>,
    /// `x-outcome`: the property that tells whether this item succeeded, and its success values.
    pub outcome: Option<(String, Vec<Value>)>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub ident: String,
    pub docs: String,
    pub ty: Ty,
    /// Listed in the schema's `required` (a wire fact; see [`Field::always_present`] for Rust).
    pub required: bool,
    pub nullable: bool,
    pub default: Option<Value>,
    /// A received-only field whose documented default fills it when absent.
    pub defaulted: bool,
    pub constraints: Constraints,
    /// The field's type contains its own struct without a list in between (a parent, a next
    /// node), so Rust holds it in a `Box`.
    pub boxed: bool,
    /// `x-same-as-parameter`: a request body field that must equal this parameter of the
    /// operation (an account id repeated in path and body), checked before sending.
    pub same_as: Option<String>,
    pub facts: Facts,
}

impl Field {
    /// The Rust field is a plain value, not an `Option`: required and never null, or filled by
    /// its default when absent.
    pub fn always_present(&self) -> bool {
        (self.required && !self.nullable) || self.defaulted
    }

    /// The field may be left out of the JSON (optional and without a default filling it).
    pub fn may_be_absent(&self) -> bool {
        !self.required && !self.defaulted
    }
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    pub ident: String,
    pub docs: String,
}

#[derive(Debug, Clone)]
pub struct TaggedVariant {
    pub tag_value: String,
    pub ident: String,
    /// The struct holding the variant's fields (the tag property left out).
    pub ty: String,
    pub docs: String,
}

#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    pub ident: String,
    pub ty: Ty,
    pub docs: String,
    pub constraints: Constraints,
}

/// A Rust type as the model needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    /// A string that carries a secret (a password, a key, an issued token): never printed.
    Secret,
    Integer,
    Number,
    Boolean,
    /// Any JSON.
    Json,
    /// A free-form JSON object.
    Object,
    Vec(Box<Ty>),
    Named(String),
    /// A body that is not JSON, as bytes.
    Bytes,
    /// An object whose members are all of one type (`additionalProperties: {schema}`).
    Map(Box<Ty>),
}

impl Ty {
    /// Whether the named type `name` appears anywhere in this type (`Vec<Node>` mentions `Node`).
    pub fn mentions(&self, name: &str) -> bool {
        match self {
            Ty::Named(n) => n == name,
            Ty::Vec(inner) | Ty::Map(inner) => inner.mentions(name),
            _ => false,
        }
    }
}

/// The documented constraints of one value (JSON Schema validation keywords).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// `not: {exclusiveMinimum, exclusiveMaximum}`.
    pub not_between: Option<(f64, f64)>,
    /// Allowed values of a plain string (`const`, or `enum` outside an enum type).
    pub one_of: Vec<String>,
    /// Constraints of each item of a list.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// `other`'s constraints added where this has none (a field's own keywords win over its type's).
    pub fn or(mut self, other: &Constraints) -> Constraints {
        macro_rules! fill { ($($f:ident),*) => {$( if self.$f.is_none() { self.$f = other.$f.clone(); } )*} }
        fill!(
            min_length,
            max_length,
            pattern,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            min_items,
            max_items,
            not_between,
            items
        );
        if self.one_of.is_empty() {
            self.one_of = other.one_of.clone();
        }
        self
    }
}

/// `if` a field has one of some values, `then` some effects, `else` others.
#[derive(Debug, Clone)]
pub struct Rule {
    pub docs: String,
    pub field: String,
    pub values: Vec<Value>,
    pub then: Vec<Effect>,
    pub otherwise: Vec<Effect>,
}

#[derive(Debug, Clone)]
pub enum Effect {
    Require(String),
    Forbid(String),
    Constrain(String, Box<Constraints>),
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: String,
    /// snake_case method name.
    pub method_name: String,
    /// UpperCamelCase base of the operation's own type names (`…Error`, `…Response`).
    pub type_name: String,
    pub http_method: String,
    /// The path template as sent (a `#fragment` naming an RPC method removed).
    pub path: String,
    /// The path template's literal pieces and parameters, each parameter declared.
    pub segments: Vec<Segment>,
    pub summary: String,
    pub docs: String,
    pub pointer: String,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Security schemes to apply (the first requirement alternative).
    pub security: Vec<String>,
    /// Every requirement alternative the server accepts, each the schemes it combines; an empty
    /// alternative is anonymous access, and no alternatives at all is no security.
    pub accepted_security: Vec<Vec<String>>,
    pub rpc_method: Option<String>,
    pub envelope: Option<ResponseEnvelope>,
    pub pagination: Option<Pagination>,
    /// The schemes whose token this operation's answer issues.
    pub issues_tokens: Vec<(String, String)>,
    /// Safe to send again: by HTTP method, or as `x-idempotent` says.
    pub idempotent: bool,
    /// `x-request-header-examples`: documented header sets of a request.
    pub header_examples: Vec<Example>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// A path parameter, by wire name.
    Param(String),
}

impl Operation {
    /// The parameter called `wire` in `location`.
    pub fn param(&self, location: ParamIn, wire: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.location == location && p.wire == wire)
    }

    /// The documented answers with a 2XX status.
    pub fn successes(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| r.is_success())
    }

    /// The documented answers with any other status.
    pub fn failures(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| !r.is_success())
    }

    /// The name of the operation's documented-errors enum, when it documents errors.
    pub fn error_type(&self) -> Option<String> {
        self.failures()
            .next()
            .map(|_| format!("{}Error", self.type_name))
    }

    /// The name of the enum of its successful answers, when it documents more than one.
    pub fn success_enum(&self) -> Option<String> {
        (self.successes().count() > 1).then(|| format!("{}Response", self.type_name))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamIn {
    /// The location as the spec spells it (`in: query`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire: String,
    pub ident: String,
    pub location: ParamIn,
    pub docs: String,
    pub ty: Ty,
    pub required: bool,
    pub constraints: Constraints,
    /// Where the Parameter Object is (after `$ref`).
    pub pointer: String,
    /// Where its schema is.
    pub schema_pointer: String,
    /// How its text is read before the schema checks it.
    pub text: TextKind,
    /// Sent as JSON text (`content: application/json` rather than `schema`).
    pub json_text: bool,
    /// How a query value is serialised (`style`, `explode`).
    pub style: QueryStyle,
    pub examples: Vec<Example>,
    /// A value for it: its first example, else one built from its schema.
    pub sample: Value,
    /// What the server assumes when it is left out.
    pub default: Option<Value>,
    pub facts: Facts,
}

/// How a query parameter's value is serialised. Other locations have one style each
/// (`simple` for path and header, `form` for cookie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryStyle {
    /// `form`, exploded: one pair per list item or object member.
    #[default]
    Form,
    /// `form` with `explode: false`: one pair, items joined with commas.
    FormJoined,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// How a body travels, by its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyKind {
    /// `application/json`, `*+json`, `*/*`: typed from its schema.
    Json,
    /// `application/x-www-form-urlencoded`: typed from its schema.
    Form,
    /// `multipart/*`: parts the caller builds (`runtime::Multipart`).
    Multipart,
    /// `text/*` and XML: a string.
    Text,
    /// Anything else (`application/octet-stream`, images, PDFs): bytes.
    Bytes,
}

impl BodyKind {
    /// How a body of media type `media` travels.
    pub fn of_media(media: &str) -> BodyKind {
        let media = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if media == "application/json" || media.ends_with("+json") || media == "*/*" {
            BodyKind::Json
        } else if media == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if media.starts_with("multipart/") {
            BodyKind::Multipart
        } else if media.starts_with("text/") || media.ends_with("/xml") || media.ends_with("+xml") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        }
    }
}

#[derive(Debug, Clone)]
pub struct Body {
    pub kind: BodyKind,
    pub ty: Ty,
    pub required: bool,
    pub docs: String,
    /// Where the Request Body Object is (after `$ref`).
    pub pointer: String,
    /// The media type sent.
    pub media_type: String,
    /// Where the media type's schema is (`None` when it has none).
    pub schema_pointer: Option<String>,
    pub examples: Vec<Example>,
    /// A body built from the schema (only the required members), when there is no example.
    pub sample: Option<Value>,
    /// A form's fields and how each is read (empty for JSON).
    pub form_fields: Vec<(String, TextKind)>,
    pub schema: BodySchema,
}

#[derive(Debug, Clone)]
pub struct Response {
    /// `200`, `4XX`, or `default`.
    pub status: String,
    /// The Rust variant naming this status (`Ok`, `BadRequest`, `ClientError`, `Other`).
    pub variant: String,
    pub docs: String,
    /// `None` when the answer has no body (or, for a failure, no JSON body).
    pub ty: Option<Ty>,
    /// How the body travels (`Json` when there is none).
    pub kind: BodyKind,
    /// What the caller gets: the body, or the envelope's data; `None` without a body.
    pub value: Option<Returned>,
    /// Where the Response Object is (after `$ref`).
    pub pointer: String,
    /// The examples of its JSON body.
    pub examples: Vec<Example>,
    /// A JSON body built from the schema (every member), when there is no example.
    pub sample: Option<Value>,
    /// The body's own schema: `null` allowed, constraints and facts (a list body's `minItems`).
    pub schema: BodySchema,
    /// The documented response headers.
    pub headers: Vec<Header>,
}

/// What a body's top-level schema says beside its type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodySchema {
    pub nullable: bool,
    pub constraints: Constraints,
    pub facts: Facts,
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: String,
    pub required: bool,
    pub docs: String,
}

/// The value a successful answer hands to the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct Returned {
    pub ty: Ty,
    /// The envelope's data property may be missing or null (the method returns an `Option`).
    pub optional: bool,
}

impl Response {
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }
}

/// How answers are wrapped (`x-response-envelope`).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseEnvelope {
    pub code_property: String,
    pub message_property: Option<String>,
    pub data_property: Option<String>,
    /// A JSON Schema the code satisfies on success.
    pub success_code: Value,
    /// The same, as tests that all hold on success.
    pub success: Vec<CodeTest>,
    /// Documented failure codes: (code, description).
    pub codes: Vec<(String, String)>,
}

/// One test of an envelope's success code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeTest {
    OneOf(Vec<CodeValue>),
    AtLeast(i64),
    AtMost(i64),
    Integer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeValue {
    Text(String),
    Integer(i64),
}

/// How an operation's list is walked page by page (`x-pagination`, by its `style`).
#[derive(Debug, Clone)]
pub enum Pagination {
    /// `page-number`: the request body says which page; the answer may say how many rows exist.
    PageNumber(PageNumber),
    /// `token`: each answer gives the next page's token, which the next request sends back.
    Token(TokenPaging),
}

/// Page-number paging: field names in the request body and the answer.
#[derive(Debug, Clone)]
pub struct PageNumber {
    pub page_field: String,
    pub size_field: String,
    pub first_page: i64,
    pub items_field: String,
    pub total_field: Option<String>,
}

/// Token paging: where the request carries the token, and the answer's next token and rows.
#[derive(Debug, Clone)]
pub struct TokenPaging {
    pub token: TokenIn,
    /// The answer's field holding the next page's token; absent or empty on the last page.
    pub next_field: String,
    pub items_field: String,
}

/// Where a request sends the page token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenIn {
    /// An operation parameter, by wire name (`token-parameter`).
    Parameter(String),
    /// A request body field, by wire name (`token-field`).
    BodyField(String),
}

/// A string member of a spec node, trimmed; empty when absent.
fn text(node: &Value, key: &str) -> String {
    node.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// A server's URL with each `{variable}` replaced by its default.
fn server_url(server: &Value) -> Option<String> {
    let url = server.get("url")?.as_str()?;
    let pieces = crate::spec::template::pieces(url);
    Some(
        pieces
            .into_iter()
            .map(|piece| match piece {
                crate::spec::template::Piece::Text(text) => text.to_owned(),
                crate::spec::template::Piece::Placeholder(name) => server
                    .pointer(&format!(
                        "/variables/{}/default",
                        crate::spec::pointer::escape(name)
                    ))
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{{{name}}}"), str::to_owned),
            })
            .collect(),
    )
}

/// Builds the model of one linted spec; `name` is the file stem.
pub fn build(spec: &Spec, name: &str) -> Result<Api, Vec<Problem>> {
    let mut ctx = types::Context::new(spec);
    let inventory = crate::spec::walk::inventory(&spec.root);
    let mut auth = auth::read(spec, &inventory).map_err(|p| vec![p])?;
    let response_envelope = match spec.root.get("x-response-envelope") {
        Some(e) => {
            Some(operations::envelope(spec, "/x-response-envelope", e, None).map_err(|p| vec![p])?)
        }
        None => None,
    };
    let operations = operations::read(
        spec,
        &inventory,
        &mut ctx,
        response_envelope.as_ref(),
        &auth,
    );
    let types = ctx.finish();
    let (operations, types) = match (operations, types) {
        (Ok(o), Ok(t)) => (o, t),
        (o, t) => {
            let mut problems = o.err().unwrap_or_default();
            problems.extend(t.err().unwrap_or_default());
            return Err(problems);
        }
    };
    auth.set_later_credentials(&operations);
    let info = spec.root.get("info").cloned().unwrap_or(Value::Null);
    let servers = spec
        .root
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            Some(Server {
                url: server_url(s)?,
                docs: s
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            })
        })
        .collect();
    let index = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut api = Api {
        name: name.to_owned(),
        title: text(&info, "title"),
        docs: text(&info, "description"),
        servers,
        types,
        operations,
        auth,
        response_envelope,
        rate_limit: spec
            .root
            .pointer("/x-rate-limit/requests-per-second")
            .and_then(Value::as_f64),
        rate_limited: match spec.root.pointer("/x-rate-limit/in-band") {
            Some(node) => {
                Some(auth::answer_code(spec, "/x-rate-limit/in-band", node).map_err(|p| vec![p])?)
            }
            None => None,
        },
        examples: Vec::new(),
        errata: examples::errata(&spec.root),
        index,
    };
    api.examples = examples::documented(&inventory, &api.operations);
    resolve::finish(spec, &mut api)?;
    Ok(api)
}
