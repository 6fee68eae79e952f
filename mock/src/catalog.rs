//! What the mock knows about each vendor: the model of its spec (operations, parameters,
//! bodies, answers with their examples, credentials) and the compiled schemas requests are
//! checked against. The model is the only reader of the spec.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use codegen::Problem;
use codegen::model::{self, Api, Operation};
use codegen::schema::{CompiledSchema, SchemaSet};
use codegen::{Spec, spec};
use serde_json::Value;

/// Every vendor the mock serves.
#[derive(Debug)]
pub struct Catalog {
    pub(crate) vendors: Vec<Vendor>,
}

/// One vendor: served under `/<name>`.
#[derive(Debug)]
pub struct Vendor {
    pub(crate) api: Api,
    /// The test credentials, by the spec's credential name.
    pub(crate) credentials: Vec<(String, String)>,
    /// Parameter schemas and the signed form's, compiled at start, by pointer.
    compiled: HashMap<String, CompiledSchema>,
    /// For bodies: a tagged union is explained through the variant its tag selects, which needs
    /// schemas compiled on demand.
    schemas: Mutex<SchemaSet>,
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
            let shown = path.display().to_string();
            match Vendor::from_spec(spec::load_file(&path, &shown), &name) {
                Ok(v) => vendors.push(v),
                Err(p) => problems.extend(p),
            }
        }
        Catalog::from(vendors, problems)
    }

    /// Serves documents given as text, each under its vendor name (the path prefix and the
    /// generated module's name): what a crate without this repository's files, such as a user's
    /// tests, starts from. A generated vendor module carries its document as `SPEC`:
    /// `Catalog::from_texts(&[("shop", shop::SPEC)])`.
    pub fn from_texts(documents: &[(&str, &str)]) -> Result<Catalog, LoadError> {
        let mut vendors = Vec::new();
        let mut problems = Vec::new();
        for (name, text) in documents {
            match Vendor::from_spec(spec::parse(name, text), name) {
                Ok(v) => vendors.push(v),
                Err(p) => problems.extend(p),
            }
        }
        Catalog::from(vendors, problems)
    }

    fn from(vendors: Vec<Vendor>, problems: Vec<Problem>) -> Result<Catalog, LoadError> {
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
        self.vendors.iter().find(|v| v.name() == name)
    }
}

impl Vendor {
    fn from_spec(spec: Result<Spec, Problem>, name: &str) -> Result<Vendor, Vec<Problem>> {
        Vendor::build(&spec.map_err(|p| vec![p])?, name)
    }

    fn build(spec: &Spec, name: &str) -> Result<Vendor, Vec<Problem>> {
        let report = codegen::lint::lint(spec);
        if !report.problems.is_empty() {
            return Err(report.problems);
        }
        let api = model::build(spec, name)?;
        let mut schemas = SchemaSet::for_spec(spec);
        let mut problems = Vec::new();
        let mut compiled = HashMap::new();
        for pointer in checked_schemas(&api) {
            match schemas.schema(&pointer) {
                Ok(schema) => {
                    compiled.insert(pointer, schema);
                }
                Err(e) => problems.push(spec.problem(
                    &pointer,
                    format!("the mock cannot compile this schema: {e}"),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Vendor {
            credentials: test_credentials(&api),
            api,
            compiled,
            schemas: Mutex::new(schemas),
        })
    }

    /// The compiled schema at `pointer`: every schema a request is checked against was compiled
    /// when the spec was loaded.
    pub(crate) fn compiled(&self, pointer: &str) -> Option<&CompiledSchema> {
        self.compiled.get(pointer)
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
        &self.api.name
    }

    pub fn title(&self) -> &str {
        &self.api.title
    }

    /// The credentials the mock accepts, by the spec's credential name. Tokens are not listed:
    /// the operation that issues them answers with its documented example.
    pub fn credentials(&self) -> &[(String, String)] {
        &self.credentials
    }

    /// The credentials an operation issues (`x-token-from`): (credential, operationId). The mock
    /// accepts any non-empty token.
    pub fn tokens(&self) -> Vec<(&str, &str)> {
        self.api
            .auth
            .schemes
            .iter()
            .filter_map(|s| Some((s.name(), s.issued_by.as_ref()?.operation.as_str())))
            .collect()
    }

    /// The operationIds, in spec order.
    pub fn operation_ids(&self) -> impl Iterator<Item = &str> {
        self.api.operations.iter().map(|o| o.id.as_str())
    }

    pub(crate) fn operations(&self) -> &[Operation] {
        &self.api.operations
    }

    fn operation(&self, id: &str) -> Option<&Operation> {
        self.api.operations.iter().find(|o| o.id == id)
    }

    /// The documented request bodies of an operation, by example name.
    pub fn request_examples(&self, operation: &str) -> Vec<(&str, &Value)> {
        self.operation(operation)
            .and_then(|o| o.body.as_ref())
            .map(|b| {
                b.examples
                    .iter()
                    .map(|e| (e.name.as_str(), &e.value))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A request body for an operation: its first documented example, else one built from the
    /// schema (`None` when the operation takes no body).
    pub fn request_sample(&self, operation: &str) -> Option<Value> {
        let body = self.operation(operation)?.body.as_ref()?;
        body.examples
            .first()
            .map(|e| e.value.clone())
            .or_else(|| body.sample.clone())
    }

    /// A value for each parameter of an operation: its example, else one built from its schema.
    pub fn parameter_samples(&self, operation: &str) -> serde_json::Map<String, Value> {
        self.operation(operation)
            .map(|o| {
                o.params
                    .iter()
                    .map(|p| (p.wire.clone(), p.sample.clone()))
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
                            .map(move |e| (r.status.as_str(), e.name.as_str(), &e.value))
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

/// The schemas a request is checked against: parameters, bodies and the signed form.
fn checked_schemas(api: &Api) -> Vec<String> {
    let params = api
        .operations
        .iter()
        .flat_map(|o| o.params.iter().map(|p| p.schema_pointer.clone()));
    let bodies = api
        .operations
        .iter()
        .filter_map(|o| o.body.as_ref()?.schema_pointer.clone());
    let form = api
        .auth
        .rpc
        .as_ref()
        .and_then(|r| r.form_schema_pointer.clone());
    params.chain(bodies).chain(form).collect()
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
