//! What the mock knows about each vendor, read from its spec once at start: operations, the
//! compiled schemas of their parameters and bodies, their documented answers, and test credentials.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use codegen::Problem;
use codegen::model::{self, Api, Auth, ParamIn};
use codegen::schema::{CompiledSchema, SchemaSet};
use codegen::spec::pointer::join;
use codegen::spec::walk::{self, follow};
use codegen::spec::{self, Spec};
use serde_json::Value;

use crate::sample::{Fill, sample};

/// Every vendor the mock serves.
#[derive(Debug)]
pub struct Catalog {
    pub(crate) vendors: Vec<Vendor>,
}

/// One vendor: served under `/<name>`.
#[derive(Debug)]
pub struct Vendor {
    pub(crate) name: String,
    pub(crate) title: String,
    /// The test credentials, by the spec's credential name.
    pub(crate) credentials: Vec<(String, String)>,
    pub(crate) auth: Auth,
    /// The schema of the `x-rpc-envelope` form and how its fields are read, for vendors whose
    /// calls are signed forms.
    pub(crate) rpc_form: Option<(CompiledSchema, Vec<(String, TextKind)>)>,
    pub(crate) operations: Vec<MockOperation>,
    /// For bodies: a tagged union is explained through the variant its tag selects, which needs
    /// schemas compiled on demand.
    schemas: Mutex<SchemaSet>,
}

#[derive(Debug)]
pub(crate) struct MockOperation {
    pub id: String,
    pub method: String,
    pub template: String,
    pub segments: Vec<Segment>,
    pub rpc_method: Option<String>,
    pub params: Vec<MockParam>,
    pub body: Option<MockBody>,
    pub security: Vec<String>,
    pub responses: Vec<MockResponse>,
    /// Documented request bodies, by name.
    pub request_examples: Vec<(String, Value)>,
    /// A request body built from the schema, when none is documented.
    pub request_constructed: Option<Value>,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Debug)]
pub(crate) struct MockParam {
    pub name: String,
    pub location: ParamIn,
    pub required: bool,
    pub schema: CompiledSchema,
    /// The JSON type a text value is read as.
    pub kind: TextKind,
    pub sample: Value,
}

/// How a value that arrives as text (path, query, header, form field) is read before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    Text,
    Integer,
    Number,
    Boolean,
    /// Repeated keys or comma-separated items, each read as the inner kind.
    List(ScalarKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScalarKind {
    Text,
    Integer,
    Number,
    Boolean,
}

#[derive(Debug)]
pub(crate) struct MockBody {
    pub required: bool,
    pub media_type: String,
    /// Where the body's schema is.
    pub schema: Option<String>,
    /// Property name → kind, for form bodies whose fields arrive as text.
    pub form_fields: Vec<(String, TextKind)>,
}

#[derive(Debug)]
pub(crate) struct MockResponse {
    /// `200`, `4XX` or `default`.
    pub status: String,
    /// Documented examples, by name (`example` for a lone `example`).
    pub examples: Vec<(String, Value)>,
    /// An answer built from the schema when none is documented.
    pub constructed: Option<Value>,
}

/// Why specs could not be served.
#[derive(Debug)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        write!(
            f,
            "mock: {} problem(s); nothing is served",
            self.problems.len()
        )
    }
}

impl std::error::Error for LoadError {}

impl Catalog {
    /// Reads every spec (`*.yaml`, `*.yml`, `*.json`) in `dir`, or only those named in `only`
    /// (file stems). A spec that lint refuses is refused here with the same messages.
    pub fn load(dir: &Path, only: &[&str]) -> Result<Catalog, LoadError> {
        let fail = |message: String| LoadError {
            problems: vec![Problem::new(&dir.display().to_string(), "", message)],
        };
        let paths = spec::files(dir).map_err(|e| fail(format!("cannot list specs: {e}")))?;
        let stem = |p: &PathBuf| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned()
        };
        for wanted in only {
            if !paths.iter().any(|p| stem(p) == *wanted) {
                let known: Vec<String> = paths.iter().map(stem).collect();
                return Err(fail(format!(
                    "no spec named {wanted:?}; there are: {}",
                    known.join(", ")
                )));
            }
        }
        let mut vendors = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let name = stem(&path);
            if !only.is_empty() && !only.contains(&name.as_str()) {
                continue;
            }
            match Vendor::load(&path, &name) {
                Ok(v) => vendors.push(v),
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_empty() {
            Ok(Catalog { vendors })
        } else {
            Err(LoadError { problems })
        }
    }

    /// The vendors served, in file name order.
    pub fn vendors(&self) -> impl Iterator<Item = &Vendor> {
        self.vendors.iter()
    }

    pub fn vendor(&self, name: &str) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.name == name)
    }
}

impl Vendor {
    fn load(path: &Path, name: &str) -> Result<Vendor, Vec<Problem>> {
        let shown = path.display().to_string();
        let spec = spec::load_file(path, &shown).map_err(|p| vec![p])?;
        let report = codegen::lint::lint(&spec);
        if !report.problems.is_empty() {
            return Err(report.problems);
        }
        let api = model::build(&spec, name)?;
        let inventory = walk::inventory(&spec.root);
        let mut schemas = SchemaSet::new(&spec, &inventory);
        let mut problems = Vec::new();
        let mut compile = |pointer: &str| {
            schemas.schema(pointer).map_err(|e| {
                spec.problem(pointer, format!("the mock cannot compile this schema: {e}"))
            })
        };
        let rpc_form = match spec.root.pointer("/x-rpc-envelope/form-schema") {
            Some(node) => match compile("/x-rpc-envelope/form-schema") {
                Ok(s) => Some((
                    s,
                    form_fields(&spec.root, Some(node), "/x-rpc-envelope/form-schema"),
                )),
                Err(p) => {
                    problems.push(p);
                    None
                }
            },
            None => None,
        };
        let mut operations = Vec::new();
        for op in &api.operations {
            match operation(&spec, &inventory, op, &mut compile) {
                Ok(o) => operations.push(o),
                Err(p) => problems.extend(p),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Vendor {
            name: name.to_owned(),
            title: api.title.clone(),
            credentials: test_credentials(&api),
            auth: api.auth,
            rpc_form,
            operations,
            schemas: Mutex::new(schemas),
        })
    }

    /// Every way `value` breaks the schema at `pointer`, a tagged union through its variant.
    pub(crate) fn explain(&self, pointer: &str, value: &Value) -> Vec<codegen::schema::Violation> {
        let mut schemas = self.schemas.lock().unwrap_or_else(PoisonError::into_inner);
        // Compiled when the spec was loaded; a variant compiles here, and cannot fail where its
        // union compiled.
        schemas.explain(pointer, value).unwrap_or_else(|(at, e)| {
            vec![codegen::schema::Violation {
                instance_path: String::new(),
                message: format!("the mock cannot compile the schema at {at}: {e}"),
                variant: None,
            }]
        })
    }

    /// The spec's file stem: the path prefix and the generated module's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// The credentials the mock accepts, by the spec's credential name. Tokens are not listed:
    /// the operation that issues them answers with its documented example.
    pub fn credentials(&self) -> &[(String, String)] {
        &self.credentials
    }

    /// The credentials an operation issues (`x-token-from`): (credential, operationId). The mock
    /// accepts any non-empty token.
    pub fn tokens(&self) -> Vec<(&str, &str)> {
        self.auth
            .schemes
            .iter()
            .filter_map(|s| match &s.kind {
                model::SchemeKind::Token { operation, .. } => {
                    Some((s.name.as_str(), operation.as_str()))
                }
                _ => None,
            })
            .collect()
    }

    /// The operationIds, in spec order.
    pub fn operation_ids(&self) -> impl Iterator<Item = &str> {
        self.operations.iter().map(|o| o.id.as_str())
    }

    fn operation(&self, id: &str) -> Option<&MockOperation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// The documented request bodies of an operation, by example name.
    pub fn request_examples(&self, operation: &str) -> Vec<(&str, &Value)> {
        self.operation(operation)
            .map(|o| {
                o.request_examples
                    .iter()
                    .map(|(n, v)| (n.as_str(), v))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A request body for an operation: its first documented example, else one built from the
    /// schema (`None` when the operation takes no body).
    pub fn request_sample(&self, operation: &str) -> Option<Value> {
        let op = self.operation(operation)?;
        op.request_examples
            .first()
            .map(|(_, v)| v.clone())
            .or_else(|| op.request_constructed.clone())
    }

    /// A value for each parameter of an operation: its example, else one built from its schema.
    pub fn parameter_samples(&self, operation: &str) -> serde_json::Map<String, Value> {
        self.operation(operation)
            .map(|o| {
                o.params
                    .iter()
                    .map(|p| (p.name.clone(), p.sample.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The documented answers with examples: (status, example name, value).
    pub fn answer_examples(&self, operation: &str) -> Vec<(&str, &str, &Value)> {
        self.operation(operation)
            .map(|o| {
                o.responses
                    .iter()
                    .flat_map(|r| {
                        r.examples
                            .iter()
                            .map(move |(n, v)| (r.status.as_str(), n.as_str(), v))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// One test credential by name.
    pub fn credential(&self, name: &str) -> Option<&str> {
        self.credentials
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Deterministic test credentials, so the values printed at start stay the same between runs.
fn test_credentials(api: &Api) -> Vec<(String, String)> {
    api.auth
        .credentials()
        .into_iter()
        .filter(|c| !c.optional)
        .map(|c| {
            let value = if c.integer {
                "10001".to_owned()
            } else {
                format!("mock-{}-{}", api.name, c.wire)
            };
            (c.wire, value)
        })
        .collect()
}

type Compile<'a> = dyn FnMut(&str) -> Result<CompiledSchema, Problem> + 'a;

fn operation(
    spec: &Spec,
    inventory: &walk::Inventory<'_>,
    op: &model::Operation,
    compile: &mut Compile<'_>,
) -> Result<MockOperation, Vec<Problem>> {
    let root = &spec.root;
    let mut problems = Vec::new();
    let raw = inventory
        .operations
        .iter()
        .find(|o| o.pointer == op.pointer);
    let node = raw.map(|r| r.node);
    let mut params = Vec::new();
    for (at, node) in raw.map(|r| r.parameters(root)).unwrap_or_default() {
        let location = match node.get("in").and_then(Value::as_str) {
            Some("path") => ParamIn::Path,
            Some("query") => ParamIn::Query,
            Some("header") => ParamIn::Header,
            _ => continue,
        };
        let schema_at = join(&at, "schema");
        match compile(&schema_at) {
            Ok(schema) => params.push(MockParam {
                name: text(node, "name"),
                location,
                required: node.get("required") == Some(&Value::Bool(true)),
                schema,
                kind: text_kind(root, node.get("schema"), &schema_at),
                sample: node
                    .get("example")
                    .cloned()
                    .or_else(|| {
                        node.get("examples")
                            .and_then(Value::as_object)
                            .and_then(|e| e.values().next())
                            .and_then(|e| {
                                follow(root, e, "").and_then(|(_, e)| e.get("value").cloned())
                            })
                    })
                    .unwrap_or_else(|| {
                        node.get("schema")
                            .map(|s| sample(root, s, Fill::Required))
                            .unwrap_or(Value::Null)
                    }),
            }),
            Err(p) => problems.push(p),
        }
    }
    let (mut request_examples, mut request_constructed) = (Vec::new(), None);
    let body = match node.and_then(|n| n.get("requestBody")) {
        Some(node) => {
            let at = join(&op.pointer, "requestBody");
            (request_examples, request_constructed) =
                media_examples(root, node, &at, None, Fill::Required);
            match request_body(root, node, &at, compile) {
                Ok(b) => b,
                Err(p) => {
                    problems.push(p);
                    None
                }
            }
        }
        None => None,
    };
    let responses = node
        .and_then(|n| n.get("responses"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(status, node)| {
            response(
                root,
                status,
                node,
                &join(&join(&op.pointer, "responses"), status),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(MockOperation {
        id: op.id.clone(),
        method: op.http_method.to_ascii_uppercase(),
        template: op.path.clone(),
        segments: segments(&op.path),
        rpc_method: op.rpc_method.clone(),
        params,
        body,
        security: op.security.clone(),
        responses,
        request_examples,
        request_constructed,
    })
}

pub(crate) fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param(name.to_owned()),
                None => Segment::Literal(s.to_owned()),
            },
        )
        .collect()
}

fn request_body(
    root: &Value,
    node: &Value,
    at: &str,
    compile: &mut Compile<'_>,
) -> Result<Option<MockBody>, Problem> {
    let Some((at, node)) = follow(root, node, at) else {
        return Ok(None);
    };
    let Some((media_type, media)) = node
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.iter().next())
    else {
        return Ok(None);
    };
    let media_at = join(&join(&at, "content"), media_type);
    let schema = match media.get("schema") {
        Some(_) => {
            let at = join(&media_at, "schema");
            compile(&at)?;
            Some(at)
        }
        None => None,
    };
    let form_fields = if media_type == "application/x-www-form-urlencoded" {
        form_fields(root, media.get("schema"), &join(&media_at, "schema"))
    } else {
        Vec::new()
    };
    Ok(Some(MockBody {
        required: node.get("required") == Some(&Value::Bool(true)),
        media_type: media_type.clone(),
        schema,
        form_fields,
    }))
}

/// The properties of a flat object schema, each with the kind its text is read as.
pub(crate) fn form_fields(
    root: &Value,
    schema: Option<&Value>,
    at: &str,
) -> Vec<(String, TextKind)> {
    let Some((at, schema)) = schema.and_then(|s| follow(root, s, at)) else {
        return Vec::new();
    };
    let properties_at = join(&at, "properties");
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, p)| {
            (
                name.clone(),
                text_kind(root, Some(p), &join(&properties_at, name)),
            )
        })
        .collect()
}

fn response(root: &Value, status: &str, node: &Value, at: &str) -> MockResponse {
    let (examples, constructed) =
        media_examples(root, node, at, Some("application/json"), Fill::Every);
    MockResponse {
        status: status.to_owned(),
        examples,
        constructed,
    }
}

/// The named examples of a request body or answer (`media_type`, or its first media type), and a
/// value built from its schema when it has none.
fn media_examples(
    root: &Value,
    node: &Value,
    at: &str,
    media_type: Option<&str>,
    fill: Fill,
) -> (Vec<(String, Value)>, Option<Value>) {
    let mut examples = Vec::new();
    let Some((at, node)) = follow(root, node, at) else {
        return (examples, None);
    };
    let content = node.get("content").and_then(Value::as_object);
    let found = match media_type {
        Some(m) => content.and_then(|c| c.get_key_value(m)),
        None => content.and_then(|c| c.iter().next()),
    };
    let Some((media_type, media)) = found else {
        return (examples, None);
    };
    let examples_at = join(&join(&join(&at, "content"), media_type), "examples");
    for (name, ex) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(value) =
            follow(root, ex, &join(&examples_at, name)).and_then(|(_, ex)| ex.get("value"))
        {
            examples.push((name.clone(), value.clone()));
        }
    }
    if let Some(value) = media.get("example") {
        examples.push(("example".to_owned(), value.clone()));
    }
    let constructed = if examples.is_empty() {
        media.get("schema").map(|s| sample(root, s, fill))
    } else {
        None
    };
    (examples, constructed)
}

fn text(node: &Value, key: &str) -> String {
    node.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn text_kind(root: &Value, schema: Option<&Value>, at: &str) -> TextKind {
    let Some((_, schema)) = schema.and_then(|s| follow(root, s, at)) else {
        return TextKind::Text;
    };
    match scalar_kind(schema) {
        Some(kind) => match kind {
            ScalarKind::Text => TextKind::Text,
            ScalarKind::Integer => TextKind::Integer,
            ScalarKind::Number => TextKind::Number,
            ScalarKind::Boolean => TextKind::Boolean,
        },
        None if type_names(schema).contains(&"array") => {
            let items = schema
                .get("items")
                .and_then(|i| follow(root, i, at))
                .and_then(|(_, i)| scalar_kind(i))
                .unwrap_or(ScalarKind::Text);
            TextKind::List(items)
        }
        None => TextKind::Text,
    }
}

fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn scalar_kind(schema: &Value) -> Option<ScalarKind> {
    let types = type_names(schema);
    // The first non-null type decides; `[integer, string]` is read as an integer when it parses.
    match types.iter().find(|t| **t != "null").copied() {
        Some("integer") => Some(ScalarKind::Integer),
        Some("number") => Some(ScalarKind::Number),
        Some("boolean") => Some(ScalarKind::Boolean),
        Some("array") => None,
        _ => Some(ScalarKind::Text),
    }
}
