//! The HTTP side: a loopback server whose only route hands every request to the catalog.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use crate::catalog::Catalog;
use crate::request::MockRequest;

/// A running mock on 127.0.0.1. Stops when dropped.
pub struct MockServer {
    catalog: Arc<Catalog>,
    journal: Journal,
    server: wiremock::MockServer,
}

/// How many exchanges the journal keeps: enough for a test, bounded for a long-running mock.
const JOURNAL_LEN: usize = 1000;

type Journal = Arc<Mutex<VecDeque<Exchange>>>;

/// One request the mock answered, as [`MockServer::journal`] lists it.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub path: String,
    /// The operationId, when the request reached one.
    pub operation: Option<String>,
    pub status: u16,
    /// The example served (or "constructed from the schema").
    pub example: Option<String>,
    /// The answer's body.
    pub body: Value,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("address", self.server.address())
            .finish()
    }
}

/// The mock could not start.
#[derive(Debug)]
pub enum StartError {
    Load(crate::LoadError),
    Bind { port: u16, source: std::io::Error },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Load(e) => e.fmt(f),
            StartError::Bind { port, source } => {
                write!(f, "mock: cannot listen on 127.0.0.1:{port}: {source}")
            }
        }
    }
}

impl std::error::Error for StartError {}

impl From<crate::LoadError> for StartError {
    fn from(e: crate::LoadError) -> Self {
        StartError::Load(e)
    }
}

struct Responder(Arc<Catalog>, Journal);

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let request = MockRequest {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: request.body.clone(),
        };
        let answer = self.0.answer(&request);
        let header = |name: &str| {
            answer
                .headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let operation = header("x-mock-operation").or_else(|| {
            answer
                .body
                .get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        {
            let mut journal = self.1.lock().unwrap_or_else(PoisonError::into_inner);
            if journal.len() == JOURNAL_LEN {
                journal.pop_front();
            }
            journal.push_back(Exchange {
                method: request.method.clone(),
                path: request.path.clone(),
                operation,
                status: answer.status,
                example: header("x-mock-example"),
                body: answer.body.clone(),
            });
        }
        let mut template = wiremock::ResponseTemplate::new(answer.status);
        for (name, value) in &answer.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        if answer.body != Value::Null {
            let body = serde_json::to_vec(&answer.body).unwrap_or_default();
            template = template.set_body_raw(body, "application/json");
        }
        template
    }
}

impl MockServer {
    /// Serves `catalog` on 127.0.0.1:`port` (0 picks a free port).
    pub async fn start(catalog: Catalog, port: u16) -> Result<MockServer, StartError> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .map_err(|source| StartError::Bind { port, source })?;
        let server = wiremock::MockServer::builder()
            .listener(listener)
            .disable_request_recording()
            .start()
            .await;
        let catalog = Arc::new(catalog);
        let journal = Journal::default();
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Responder(catalog.clone(), journal.clone()))
            .mount(&server)
            .await;
        Ok(MockServer {
            catalog,
            journal,
            server,
        })
    }

    /// Serves documents given as text (vendor name, document) on a free port: what tests and
    /// the example programs start, with the document a generated module carries as `SPEC`.
    pub async fn start_texts(documents: &[(&str, &str)]) -> Result<MockServer, StartError> {
        MockServer::start(Catalog::from_texts(documents)?, 0).await
    }

    /// `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The base URL of a vendor's API: give it to the client builder's `base_url`.
    pub fn base_url(&self, vendor: &str) -> Option<String> {
        self.catalog
            .vendor(vendor)
            .map(|v| format!("{}/{}", self.server.uri(), v.name()))
    }

    /// The test credentials the mock accepts for `vendor`, by the spec's credential name.
    pub fn credential(&self, vendor: &str, name: &str) -> Option<&str> {
        self.catalog.vendor(vendor)?.credential(name)
    }

    /// The last exchanges (at most 1,000), oldest first.
    pub fn journal(&self) -> Vec<Exchange> {
        self.journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}
