//! Random valid OpenAPI documents that combine the constructs published documents use: every
//! parameter location, required or not, typed as scalars with ranges, enum `$ref`s, arrays of
//! enums, nullable values and exploded objects; schemas that are objects, enums, unions with and
//! without a discriminator, `allOf` inheritance, maps, top-level arrays and recursive trees; names
//! that are Rust keywords, prelude types, non-ASCII or that clash once turned into Rust; every
//! kind of body and answer; and every kind of security scheme.
//!
//! The same seed always gives the same document, so a failure is reproduced from its seed.

use fastrand::Rng;
use serde_json::{Map, Value, json};

/// Schema names: prelude and generated-code names and names that clash once in Rust case.
/// (Component names are limited to `[a-zA-Z0-9._-]` by the OpenAPI specification.)
const SCHEMA_NAMES: &[&str] = &[
    "Order",
    "order",
    "ORDER",
    "Result",
    "Option",
    "Vec",
    "String",
    "Box",
    "Client",
    "Error",
    "Self",
    "type",
    "Item_List",
    "item-list",
    "Item.List",
    "Node",
    "Validate",
    "Value",
    "Answer",
    "Call",
    "2xx",
    "Page",
];

/// Property names: keywords, names generated code uses, `$ref`-like and symbol names, clashes
/// after case conversion, and names in other scripts.
const PROPERTY_NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "match",
    "async",
    "default",
    "build",
    "additional",
    "$ref",
    "@type",
    "1st",
    "order_id",
    "orderId",
    "OrderID",
    "주문번호",
    "订单号",
    "x-y",
    "x_y",
    "value",
    "r#raw",
    "Self",
    "super",
    "crate",
    "fn",
    "None",
    "Some",
    "ok",
    "err",
];

/// Parameter names: keywords, the generated method's own locals, and names in other scripts.
const PARAMETER_NAMES: &[&str] = &[
    "client",
    "path",
    "query",
    "body",
    "self",
    "type",
    "page-size",
    "page_size",
    "limit",
    "state",
    "request",
    "call",
    "url",
    "headers",
    "주문번호",
    "async",
    "default",
];

/// Names a header or cookie may carry: the `token` characters of RFC 9110 only.
const HEADER_NAMES: &[&str] = &[
    "X-Request-Id",
    "x-request-id",
    "Accept-Language",
    "X-Page",
    "Client",
    "Path",
    "X-Type",
];

/// Enum values that clash or have no letters once turned into Rust names.
const ENUM_VALUES: &[&str] = &[
    "+1",
    "-1",
    "add",
    "Add",
    "ADD",
    "",
    "UNKNOWN",
    "Unknown",
    "open",
    "closed",
    "준비중",
    "已发货",
    "a b",
    "a-b",
    "a_b",
    "self",
    "Self",
    "1",
    "true",
    "null",
];

/// One random valid document for `seed`.
pub fn document(seed: u64) -> Value {
    Document::new(seed).build()
}

struct Document {
    rng: Rng,
    openapi_31: bool,
    schemas: Map<String, Value>,
    /// Schemas by what they can stand for.
    objects: Vec<String>,
    flat_objects: Vec<String>,
    string_enums: Vec<String>,
    schemes: Vec<String>,
}

impl Document {
    fn new(seed: u64) -> Self {
        let mut rng = Rng::with_seed(seed);
        let openapi_31 = rng.bool();
        Document {
            rng,
            openapi_31,
            schemas: Map::new(),
            objects: Vec::new(),
            flat_objects: Vec::new(),
            string_enums: Vec::new(),
            schemes: Vec::new(),
        }
    }

    fn build(mut self) -> Value {
        let mut names = SCHEMA_NAMES.to_vec();
        self.rng.shuffle(&mut names);
        // A string enum and a flat object first, so parameters always have one to point at.
        let count = self.rng.usize(4..9);
        for (i, name) in names.into_iter().take(count).enumerate() {
            let schema = match i {
                0 => self.string_enum(),
                1 => self.flat_object(name),
                _ => self.any_schema(name),
            };
            self.schemas.insert(name.to_owned(), schema);
        }
        let security = self.security_schemes();
        let mut paths = Map::new();
        for i in 0..self.rng.usize(2..6) {
            let (path, item) = self.path_item(i);
            paths.insert(path, item);
        }
        let mut doc = json!({
            "openapi": if self.openapi_31 { "3.1.0" } else { "3.0.3" },
            "info": {"title": "A random document", "version": "1"},
            "servers": [{"url": "https://{region}.random.example.test/v1", "variables": {"region": {"default": "kr"}}}],
            "paths": paths,
            "components": {"schemas": self.schemas, "securitySchemes": security},
        });
        if !self.schemes.is_empty() && self.rng.bool() {
            let scheme = pick(&mut self.rng, &self.schemes).clone();
            doc["security"] = json!([{ scheme: [] }]);
        }
        doc
    }

    /// The name of a schema built so far (there is one: parameters and bodies come after them).
    fn earlier_schema(&mut self) -> String {
        let i = self.rng.usize(..self.schemas.len().max(1));
        self.schemas.keys().nth(i).cloned().unwrap_or_default()
    }

    fn reference(name: &str) -> Value {
        json!({"$ref": format!("#/components/schemas/{}", escape(name))})
    }

    fn nullable(&self, mut schema: Value) -> Value {
        if self.openapi_31 {
            if let Some(Value::String(t)) = schema.get("type").cloned() {
                schema["type"] = json!([t, "null"]);
                return schema;
            }
            return json!({"oneOf": [schema, {"type": "null"}]});
        }
        if schema.get("$ref").is_some() {
            return json!({"allOf": [schema], "nullable": true});
        }
        schema["nullable"] = Value::Bool(true);
        schema
    }

    fn enum_values(&mut self) -> Vec<Value> {
        let mut values = ENUM_VALUES.to_vec();
        self.rng.shuffle(&mut values);
        let n = self.rng.usize(1..6);
        values.into_iter().take(n).map(Value::from).collect()
    }

    fn string_enum(&mut self) -> Value {
        json!({"type": "string", "enum": self.enum_values()})
    }

    fn integer_enum(&mut self) -> Value {
        let mut values: Vec<i64> = vec![-1, 0, 1, 2, 10, 99];
        self.rng.shuffle(&mut values);
        values.truncate(self.rng.usize(1..4));
        json!({"type": "integer", "enum": values})
    }

    fn scalar(&mut self) -> Value {
        match self.rng.u8(..7) {
            0 => json!({"type": "string", "maxLength": self.rng.u8(1..60), "minLength": 0}),
            1 => json!({"type": "string", "pattern": "^[0-9-]{9,13}$"}),
            2 => json!({"type": "string", "format": "date-time"}),
            3 => {
                let low = self.rng.i32(-5..5);
                json!({"type": "integer", "format": "int64", "minimum": low, "maximum": low + 100})
            }
            4 if self.openapi_31 => json!({"type": "number", "exclusiveMinimum": 0}),
            4 => json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
            5 => json!({"type": "boolean"}),
            _ => json!({"type": "string", "enum": self.enum_values()}),
        }
    }

    /// A property or item schema that may point at the schemas built so far.
    fn member(&mut self, own_name: &str) -> Value {
        let schema = match self.rng.u8(..9) {
            0 | 1 => self.scalar(),
            2 if !self.schemas.is_empty() => Self::reference(&self.earlier_schema()),
            3 if !self.string_enums.is_empty() => {
                let e = pick(&mut self.rng, &self.string_enums).clone();
                json!({"type": "array", "items": Self::reference(&e), "maxItems": 5})
            }
            4 => json!({"type": "object", "additionalProperties": {"type": "integer"}}),
            5 => json!({"type": "array", "items": Self::reference(own_name)}),
            6 => self.integer_enum(),
            7 => json!({}),
            _ => json!({"type": "array", "items": self.scalar(), "minItems": 1}),
        };
        if self.rng.u8(..4) == 0 {
            self.nullable(schema)
        } else {
            schema
        }
    }

    fn property_names(&mut self, max: usize) -> Vec<&'static str> {
        let mut names = PROPERTY_NAMES.to_vec();
        self.rng.shuffle(&mut names);
        names.truncate(self.rng.usize(1..=max));
        names
    }

    fn object(&mut self, name: &str) -> Value {
        let names = self.property_names(6);
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in names {
            let schema = self.member(name);
            // A required member that points at itself would make the type infinite.
            let recursive = schema.to_string().contains(&escape(name));
            if !recursive && self.rng.bool() {
                required.push(p);
            }
            properties.insert(p.to_owned(), schema);
        }
        self.objects.push(name.to_owned());
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = json!(required);
        }
        schema
    }

    /// An object whose properties are scalars: usable as an exploded query parameter or form.
    fn flat_object(&mut self, name: &str) -> Value {
        let names = self.property_names(4);
        let mut properties = Map::new();
        for p in &names {
            let scalar = self.scalar();
            properties.insert((*p).to_owned(), scalar);
        }
        self.objects.push(name.to_owned());
        self.flat_objects.push(name.to_owned());
        json!({"type": "object", "properties": properties, "required": [names[0]]})
    }

    fn any_schema(&mut self, name: &str) -> Value {
        match self.rng.u8(..10) {
            0 => {
                self.string_enums.push(name.to_owned());
                self.string_enum()
            }
            1 => self.integer_enum(),
            2 if self.objects.len() >= 2 => self.tagged_union(),
            3 if !self.schemas.is_empty() => self.untagged_union(),
            4 if !self.objects.is_empty() => self.inheritance(name),
            5 => json!({"type": "object", "additionalProperties": self.member(name)}),
            6 if !self.schemas.is_empty() => {
                json!({"type": "array", "items": Self::reference(&self.earlier_schema())})
            }
            7 => self.tree(name),
            _ => self.object(name),
        }
    }

    /// `oneOf` object variants told apart by a `kind` member, with or without explicit mapping.
    fn tagged_union(&mut self) -> Value {
        let mut variants = Vec::new();
        let mut mapping = Map::new();
        for (i, name) in ["Parcel", "Freight", "Pickup"]
            .iter()
            .take(self.rng.usize(1..4))
            .enumerate()
        {
            let variant = format!("{name}{}", self.schemas.len());
            let tag = json!({"type": "string", "enum": [variant.clone()]});
            let mut schema = self.object(&variant);
            schema["properties"]["kind"] = tag;
            let mut required: Vec<Value> =
                schema["required"].as_array().cloned().unwrap_or_default();
            required.retain(|r| r != "kind");
            required.push("kind".into());
            schema["required"] = Value::Array(required);
            self.schemas.insert(variant.clone(), schema);
            if i % 2 == 0 {
                mapping.insert(variant.clone(), Self::reference(&variant)["$ref"].clone());
            }
            variants.push(Self::reference(&variant));
        }
        let mut discriminator = json!({"propertyName": "kind"});
        // Without `mapping`, each tag is its variant's schema name (the implicit mapping).
        if !mapping.is_empty() && self.rng.bool() {
            discriminator["mapping"] = Value::Object(mapping);
        }
        json!({"oneOf": variants, "discriminator": discriminator})
    }

    fn untagged_union(&mut self) -> Value {
        let mut variants = vec![Self::reference(&self.earlier_schema())];
        variants.push(self.scalar());
        if self.rng.bool() {
            variants.push(json!({"type": "array", "items": {"type": "string"}}));
        }
        let key = if self.rng.bool() { "oneOf" } else { "anyOf" };
        json!({ key: variants })
    }

    fn inheritance(&mut self, name: &str) -> Value {
        let base = pick(&mut self.rng, &self.objects).clone();
        let own = self.object(name);
        json!({"allOf": [Self::reference(&base), own]})
    }

    fn tree(&mut self, name: &str) -> Value {
        self.objects.push(name.to_owned());
        json!({
            "type": "object",
            "required": ["label"],
            "properties": {
                "label": {"type": "string"},
                "children": {"type": "array", "items": Self::reference(name)},
                "parent": self.nullable(Self::reference(name)),
            }
        })
    }

    fn security_schemes(&mut self) -> Value {
        let all = [
            (
                "apiKeyHeader",
                json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"}),
            ),
            (
                "apiKeyQuery",
                json!({"type": "apiKey", "in": "query", "name": "api_key"}),
            ),
            (
                "apiKeyCookie",
                json!({"type": "apiKey", "in": "cookie", "name": "SESSION"}),
            ),
            ("bearer", json!({"type": "http", "scheme": "bearer"})),
            ("basic", json!({"type": "http", "scheme": "basic"})),
            (
                "oauth",
                json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://random.example.test/token", "scopes": {"read": "Read."}}}}),
            ),
            (
                "oidc",
                json!({"type": "openIdConnect", "openIdConnectUrl": "https://random.example.test/.well-known/openid-configuration"}),
            ),
        ];
        let mut schemes = Map::new();
        for (name, scheme) in all {
            if self.rng.u8(..3) == 0 {
                schemes.insert(name.to_owned(), scheme);
                self.schemes.push(name.to_owned());
            }
        }
        Value::Object(schemes)
    }

    fn path_item(&mut self, index: usize) -> (String, Value) {
        let mut names = PARAMETER_NAMES.to_vec();
        self.rng.shuffle(&mut names);
        let path_param = names.pop().unwrap_or("id");
        let path = format!("/things{index}/{{{path_param}}}");
        let mut item = Map::new();
        let methods = ["get", "post", "put", "patch", "delete"];
        let count = self.rng.usize(1..3);
        for method in methods
            .iter()
            .skip(self.rng.usize(..methods.len() - count))
            .take(count)
        {
            let op = self.operation(method, index, path_param, &mut names);
            item.insert((*method).to_owned(), op);
        }
        (path, Value::Object(item))
    }

    fn operation(
        &mut self,
        method: &str,
        index: usize,
        path_param: &str,
        names: &mut Vec<&'static str>,
    ) -> Value {
        let mut parameters = vec![json!({
            "name": path_param, "in": "path", "required": true, "schema": self.parameter_schema(false)
        })];
        for _ in 0..self.rng.usize(..4) {
            let Some(name) = names.pop() else { break };
            parameters.push(json!({
                "name": name, "in": "query", "required": self.rng.bool(), "schema": self.parameter_schema(true)
            }));
        }
        if self.rng.bool() {
            let header = pick(&mut self.rng, HEADER_NAMES);
            parameters.push(json!({
                "name": header, "in": "header", "required": self.rng.bool(), "schema": self.parameter_schema(false)
            }));
        }
        if self.rng.u8(..4) == 0 {
            parameters.push(json!({"name": "lang", "in": "cookie", "schema": self.string_enum()}));
        }
        let mut op = json!({"parameters": parameters, "responses": self.responses()});
        if self.rng.u8(..4) != 0 {
            op["operationId"] = json!(format!("{method}Thing{index}"));
        }
        if method != "get" && method != "delete" && self.rng.u8(..4) != 0 {
            op["requestBody"] = self.request_body();
        }
        if !self.schemes.is_empty() && self.rng.bool() {
            let scheme = pick(&mut self.rng, &self.schemes).clone();
            op["security"] = json!([{ scheme: [] }]);
        }
        op
    }

    /// A parameter schema; query parameters may also be arrays and exploded objects.
    fn parameter_schema(&mut self, query: bool) -> Value {
        let schema = match self.rng.u8(..6) {
            0 if !self.string_enums.is_empty() => {
                Self::reference(&pick(&mut self.rng, &self.string_enums).clone())
            }
            1 if query && !self.string_enums.is_empty() => {
                let e = pick(&mut self.rng, &self.string_enums).clone();
                json!({"type": "array", "items": Self::reference(&e)})
            }
            2 if query && !self.flat_objects.is_empty() => {
                Self::reference(&pick(&mut self.rng, &self.flat_objects).clone())
            }
            3 => self.integer_enum(),
            _ => self.scalar(),
        };
        if query && schema.get("$ref").is_none() && self.rng.u8(..4) == 0 {
            self.nullable(schema)
        } else {
            schema
        }
    }

    fn body_schema(&mut self) -> Value {
        match self.rng.u8(..3) {
            0 => Self::reference(pick(&mut self.rng, &self.objects).as_str()),
            1 => {
                json!({"type": "array", "items": Self::reference(pick(&mut self.rng, &self.objects).as_str())})
            }
            _ => Self::reference(&self.earlier_schema()),
        }
    }

    fn request_body(&mut self) -> Value {
        let content = match self.rng.u8(..6) {
            0 if !self.flat_objects.is_empty() => {
                let form = pick(&mut self.rng, &self.flat_objects).clone();
                json!({"application/x-www-form-urlencoded": {"schema": Self::reference(&form)}})
            }
            1 => json!({"multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"}, "note": {"type": "string"}
            }}}}),
            2 => json!({"text/plain": {"schema": {"type": "string"}}}),
            3 => {
                json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
            }
            _ => json!({"application/json": {"schema": self.body_schema()}}),
        };
        json!({"required": self.rng.bool(), "content": content})
    }

    fn responses(&mut self) -> Value {
        let mut responses = Map::new();
        let ok = match self.rng.u8(..6) {
            0 => ("204", json!({"description": "Done."})),
            1 => (
                "200",
                json!({"description": "A file.", "content": {"text/csv": {"schema": {"type": "string"}}}}),
            ),
            2 => (
                "200",
                json!({"description": "Bytes.", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}),
            ),
            3 => (
                "201",
                json!({"description": "Made.", "headers": {"Location": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": self.body_schema()}}}),
            ),
            _ => (
                "200",
                json!({"description": "The thing.", "content": {"application/json": {"schema": self.body_schema()}}}),
            ),
        };
        responses.insert(ok.0.to_owned(), ok.1);
        match self.rng.u8(..3) {
            0 => {
                let error = self.body_schema();
                responses.insert(
                    "default".into(),
                    json!({"description": "An error.", "content": {"application/json": {"schema": error}}}),
                );
            }
            1 => {
                responses.insert("4XX".into(), json!({"description": "Refused."}));
            }
            _ => {}
        }
        Value::Object(responses)
    }
}

/// One of `from`, which is never empty where it is called.
fn pick<'a, T>(rng: &mut Rng, from: &'a [T]) -> &'a T {
    &from[rng.usize(..from.len())]
}

/// A schema name as a JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_document_and_others_differ() {
        assert_eq!(document(7), document(7));
        assert_ne!(document(7), document(8));
    }

    #[test]
    fn random_documents_pass_lint_as_published_documents() {
        for seed in 0..40 {
            let text = serde_json::to_string_pretty(&document(seed)).expect("serialises");
            let spec = codegen::spec::parse(&format!("random_{seed}.json"), &text).expect("parses");
            let report = codegen::lint::lint_with(&spec, codegen::lint::Rules::Published);
            assert!(
                report.problems.is_empty(),
                "seed {seed}: {:#?}",
                report.problems
            );
        }
    }
}
