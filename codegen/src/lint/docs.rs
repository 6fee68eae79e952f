//! Every named schema, property, union variant and parameter carries a description, because the
//! generated Rust documents itself from them.

use serde_json::Value;

use crate::Problem;
use crate::spec::Spec;
use crate::spec::walk::{self, Inventory, Role};

pub fn check(spec: &Spec, inventory: &Inventory<'_>, problems: &mut Vec<Problem>) {
    for (at, schema) in &inventory.schemas {
        let named = at.starts_with("/components/schemas/");
        walk::each_subschema(at, schema, &mut |p, node, role| {
            let needs = match role {
                Role::Root => named,
                Role::Property | Role::Variant => true,
                Role::Other | Role::Condition => false,
            };
            if needs && !described(spec, node, p) {
                let name = p.rsplit('/').next().unwrap_or_default();
                let what = match role {
                    Role::Root => format!("schema {name:?}"),
                    Role::Property => format!("property {name:?}"),
                    _ => format!("union variant {name}"),
                };
                problems.push(spec.problem(
                    p,
                    format!("{what} has no `description`; it becomes the Rust documentation (write the page's words, then English)"),
                ));
            }
        });
    }
    for op in &inventory.operations {
        for (at, param) in op.parameters(&spec.root) {
            if !has_description(param) {
                let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
                problems.push(spec.problem(at, format!("parameter {name:?} has no `description`")));
            }
        }
    }
}

/// A node is described by its own `description`, or by that of the schema its `$ref` names.
fn described(spec: &Spec, node: &Value, at: &str) -> bool {
    has_description(node)
        || (node.get("$ref").is_some()
            && walk::follow(&spec.root, node, at)
                .is_some_and(|(_, target)| has_description(target)))
}

fn has_description(node: &Value) -> bool {
    node.get("description")
        .and_then(Value::as_str)
        .is_some_and(|d| !d.trim().is_empty())
}
