//! The document's examples and errata: which part of which operation each example illustrates,
//! and the `x-errata` entries that record where a spec departs from its vendor's page.

use serde_json::Value;

use super::Operation;
use crate::spec::pointer::{self, join};
use crate::spec::walk::{Inventory, follow};

/// A value the document gives as an example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Its name in `examples`, or `example` for a lone `example` member.
    pub name: String,
    /// Where it is written: the Example Object (after `$ref`) or the `example` member.
    pub pointer: String,
    pub value: Value,
}

/// An example of the document and what it illustrates.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentedExample {
    pub example: Example,
    pub owner: ExampleOwner,
}

/// The part an example belongs to. An example shared through `$ref` by several operations
/// belongs to the first, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleOwner {
    /// The request body of `api.operations[operation]`.
    RequestBody { operation: usize },
    /// The answer with this documented status.
    Response { operation: usize, status: String },
    /// The parameter with this wire name.
    Parameter { operation: usize, name: String },
    /// The operation's `x-request-header-examples`.
    RequestHeaders { operation: usize },
    /// Nothing any operation uses (a component no operation refers to, a response header).
    Elsewhere,
}

/// One `x-errata` entry: where the spec departs from its page, and the decision taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Erratum {
    /// The pointer the entry is about.
    pub pointer: String,
    /// Its kind (`page-contradiction`, …).
    pub kind: String,
    /// The entry as written.
    pub entry: Value,
}

/// The examples of a media type, parameter or header node at `at`: its `example`, then each of
/// its `examples` that has a `value`.
pub(super) fn of_node(root: &Value, node: &Value, at: &str) -> Vec<Example> {
    let mut out = Vec::new();
    if let Some(value) = node.get("example") {
        out.push(Example {
            name: "example".to_owned(),
            pointer: join(at, "example"),
            value: value.clone(),
        });
    }
    for (name, written) in node
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some((at, object)) = follow(root, written, &join(&join(at, "examples"), name)) else {
            continue;
        };
        if let Some(value) = object.get("value") {
            out.push(Example {
                name: name.clone(),
                pointer: at,
                value: value.clone(),
            });
        }
    }
    out
}

/// Named examples of an object whose values are Example Objects (`x-request-header-examples`).
pub(super) fn named(node: Option<&Value>, at: &str) -> Vec<Example> {
    node.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, ex)| {
            Some(Example {
                name: name.clone(),
                pointer: join(at, name),
                value: ex.get("value")?.clone(),
            })
        })
        .collect()
}

/// Every example of the document with its owner.
pub(super) fn documented(
    inventory: &Inventory<'_>,
    operations: &[Operation],
) -> Vec<DocumentedExample> {
    let owners = owners(operations);
    let mut out = Vec::new();
    for site in &inventory.example_sites {
        // A media type sits at `<owner>/content/<type>`; a parameter is its own owner.
        let holder = match site.pointer.rfind("/content/") {
            Some(i) => &site.pointer[..i],
            None => site.pointer.as_str(),
        };
        let owner = owners
            .get(holder)
            .cloned()
            .unwrap_or(ExampleOwner::Elsewhere);
        for ex in &site.examples {
            let name = pointer::tokens(&ex.pointer).and_then(|t| t.last().cloned());
            out.push(DocumentedExample {
                example: Example {
                    name: name.unwrap_or_default(),
                    pointer: ex.pointer.clone(),
                    value: ex.value.clone(),
                },
                owner: owner.clone(),
            });
        }
    }
    for (i, op) in operations.iter().enumerate() {
        for example in &op.header_examples {
            out.push(DocumentedExample {
                example: example.clone(),
                owner: ExampleOwner::RequestHeaders { operation: i },
            });
        }
    }
    out
}

/// The owner of each pointer an operation's body, answers and parameters are written at. A
/// pointer shared through `$ref` goes to the first operation that uses it, in document order, and
/// within one operation to its body, then its answers, then its parameters. One map, so that
/// finding the owners of a document's examples is linear in its size.
fn owners(operations: &[Operation]) -> std::collections::HashMap<&str, ExampleOwner> {
    let mut owners = std::collections::HashMap::new();
    for (i, op) in operations.iter().enumerate() {
        if let Some(body) = &op.body {
            owners
                .entry(body.pointer.as_str())
                .or_insert(ExampleOwner::RequestBody { operation: i });
        }
        for r in &op.responses {
            owners
                .entry(r.pointer.as_str())
                .or_insert_with(|| ExampleOwner::Response {
                    operation: i,
                    status: r.status.clone(),
                });
        }
        for p in &op.params {
            owners
                .entry(p.pointer.as_str())
                .or_insert_with(|| ExampleOwner::Parameter {
                    operation: i,
                    name: p.wire.clone(),
                });
        }
    }
    owners
}

/// Every `x-errata` entry of the document, in document order.
pub(super) fn errata(root: &Value) -> Vec<Erratum> {
    crate::lint::errata::entries(root)
        .into_iter()
        .map(|entry| {
            let text = |f: &str| {
                entry
                    .get(f)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            Erratum {
                pointer: text("pointer"),
                kind: text("kind"),
                entry: entry.clone(),
            }
        })
        .collect()
}
