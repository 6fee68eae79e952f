//! The document's shape: version, operations, path templates and security requirements.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::Problem;
use crate::spec::Spec;
use crate::spec::pointer::join;
use crate::spec::walk::{Inventory, Operation};

/// Checks `openapi`; false when the version is missing or unsupported, which stops the lint.
pub fn version(spec: &Spec, problems: &mut Vec<Problem>) -> bool {
    match spec.root.get("openapi") {
        None if spec.root.get("swagger").is_some() => problems.push(spec.problem(
            "/swagger",
            "this is a Swagger 2.0 document, which is not read here: convert it to OpenAPI 3 first \
             (for example `npx swagger2openapi <file> -o <name>.yaml`, or File → Convert to \
             OpenAPI 3 in editor.swagger.io) and use the converted file",
        )),
        None => problems.push(spec.problem(
            "",
            "missing `openapi`: this does not look like an OpenAPI document (expected `openapi: 3.1.0` or 3.0.x)",
        )),
        Some(Value::String(v)) if is_supported(v) => return true,
        Some(Value::String(v)) => problems.push(spec.problem(
            "/openapi",
            format!("unsupported OpenAPI version {v:?}: expected 3.0.x or 3.1.x"),
        )),
        Some(other) => problems.push(spec.problem(
            "/openapi",
            format!("`openapi` must be a version string such as \"3.1.0\", found {other}"),
        )),
    }
    false
}

fn is_supported(version: &str) -> bool {
    let mut parts = version.split('.');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("3"), Some("0" | "1"), Some(patch), None) if !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit())
    )
}

/// Validity problems go to `problems`; house rules (operationIds, summaries and descriptions on
/// every operation) to `house`.
pub fn check(
    spec: &Spec,
    inventory: &Inventory<'_>,
    problems: &mut Vec<Problem>,
    house: &mut Vec<Problem>,
) {
    for key in ["title", "version"] {
        match spec.root.pointer(&join("/info", key)) {
            Some(Value::String(_)) => {}
            // YAML reads an unquoted `version: 1.0` as a number; the meaning is still plain.
            Some(Value::Number(_)) => house.push(spec.problem(
                join("/info", key),
                format!("`info.{key}` should be a string: quote it (\"1.0\" rather than 1.0)"),
            )),
            _ => problems
                .push(spec.problem("/info", format!("`info.{key}` is missing or not a string"))),
        }
    }
    if let Some(paths) = spec.root.get("paths").and_then(Value::as_object) {
        for key in paths.keys() {
            if !key.starts_with('/') {
                problems.push(spec.problem(
                    join("/paths", key),
                    format!("path {key:?} must start with `/`"),
                ));
            }
        }
    }
    operation_fields(spec, inventory, problems, house);
    for op in &inventory.operations {
        path_parameters(spec, op, problems);
    }
    security(spec, inventory, problems);
}

fn operation_fields(
    spec: &Spec,
    inventory: &Inventory<'_>,
    problems: &mut Vec<Problem>,
    house: &mut Vec<Problem>,
) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for op in &inventory.operations {
        let described = |key: &str| {
            op.node
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty())
        };
        for key in ["operationId", "summary", "description"] {
            if !described(key) {
                house.push(spec.problem(
                    &op.pointer,
                    format!("{} {} has no `{key}`", op.method.to_uppercase(), op.path),
                ));
            }
        }
        if let Some(id) = op.node.get("operationId").and_then(Value::as_str) {
            if let Some(first) = seen.get(id) {
                problems.push(spec.problem(
                    join(&op.pointer, "operationId"),
                    format!("operationId {id:?} is already used by the operation at {first}"),
                ));
            } else {
                seen.insert(id, &op.pointer);
            }
        }
    }
}

/// Every `{name}` in the template is a declared path parameter, and every declared path
/// parameter is in the template and required.
fn path_parameters(spec: &Spec, op: &Operation<'_>, problems: &mut Vec<Problem>) {
    let template: BTreeSet<&str> = crate::spec::template::placeholders(op.path).collect();
    let mut declared: BTreeSet<&str> = BTreeSet::new();
    for (p_at, p) in op.parameters(&spec.root) {
        if p.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        if !template.contains(name) {
            problems.push(spec.problem(
                &p_at,
                format!(
                    "path parameter {name:?} does not appear in the path {}",
                    op.path
                ),
            ));
        }
        if p.get("required") != Some(&Value::Bool(true)) {
            problems.push(spec.problem(
                &p_at,
                format!("path parameter {name:?} must have `required: true`"),
            ));
        }
        declared.insert(name);
    }
    for name in template {
        if !declared.contains(name) {
            problems.push(spec.problem(
                &op.pointer,
                format!(
                    "{} {}: path parameter {{{name}}} is not declared in `parameters` (in: path)",
                    op.method.to_uppercase(),
                    op.path
                ),
            ));
        }
    }
}

fn security(spec: &Spec, inventory: &Inventory<'_>, problems: &mut Vec<Problem>) {
    let schemes = spec
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    let mut requirements: Vec<(String, &Value)> = Vec::new();
    if let Some(s) = spec.root.get("security") {
        requirements.push(("/security".to_owned(), s));
    }
    for op in &inventory.operations {
        if let Some(s) = op.node.get("security") {
            requirements.push((join(&op.pointer, "security"), s));
        }
    }
    for (at, list) in requirements {
        let Some(list) = list.as_array() else {
            problems.push(spec.problem(&at, "`security` must be a list of requirement objects"));
            continue;
        };
        for (i, requirement) in list.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else {
                problems.push(spec.problem(
                    format!("{at}/{i}"),
                    "a security requirement must be a mapping of scheme names",
                ));
                continue;
            };
            for name in requirement.keys() {
                if !schemes.is_some_and(|s| s.contains_key(name)) {
                    problems.push(spec.problem(
                        join(&format!("{at}/{i}"), name),
                        format!(
                            "security scheme {name:?} is not defined in components/securitySchemes"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_templates() {
        assert!(is_supported("3.1.0") && is_supported("3.0.3") && is_supported("3.1.12"));
        assert!(
            !is_supported("3.2.0")
                && !is_supported("2.0")
                && !is_supported("3.1")
                && !is_supported("3.1.x")
        );
        let names: Vec<_> = crate::spec::template::placeholders("/a/{x}/b/{y}.json").collect();
        assert_eq!(names, ["x", "y"]);
    }
}
