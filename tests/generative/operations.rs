//! Paths, operations, parameters, bodies, responses and security, one idiom
//! per function.

use super::builder::{Builder, Plan};
use super::document::escape;
use super::idioms::Idiom;
use super::schemas::At;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// What an operation is generated for.
struct OpContext {
    path: String,
    method: &'static str,
    word: &'static str,
    /// Path parameters the operation declares itself (empty when the path
    /// item declares them).
    path_params: Vec<Value>,
}

/// A path template and the names of its parameters.
struct Template {
    path: String,
    params: Vec<String>,
}

/// A schema anywhere in an operation may be referred to by a pointer into
/// `#/paths` later.
fn path_pointer(ctx: &OpContext, rest: &[&str]) -> String {
    let mut pointer = format!("#/paths/{}/{}", escape(&ctx.path), ctx.method);
    for segment in rest {
        pointer.push('/');
        pointer.push_str(&escape(segment));
    }
    pointer
}

impl Builder<'_> {
    /// The `paths` object: empty now and then (beside components), else a
    /// few path items.
    pub fn paths(&mut self) -> Map<String, Value> {
        let mut paths = Map::new();
        if self.has(Idiom::EmptyPaths) && self.rng.percent(8) {
            return paths;
        }
        let count = self.rng.between(1, 4);
        let mut used = BTreeSet::new();
        for i in 0..count {
            let mut word = self.names.word(&mut self.rng);
            while !used.insert(word) {
                word = self.names.word(&mut self.rng);
            }
            let template = self.template(word, i);
            let item = self.path_item(&template, word);
            paths.insert(template.path, item);
        }
        paths
    }

    /// `/pets`, `/pets/{id}`, `/pets/{id}/owners/{foo_bar}`,
    /// `/files/{name}.{ext}`, `/pets/{id}:cancel`.
    fn template(&mut self, word: &'static str, index: usize) -> Template {
        if index == 0 && self.rng.percent(4) {
            return Template {
                path: "/".into(),
                params: Vec::new(),
            };
        }
        let mut path = format!("/{word}s");
        let mut params = Vec::new();
        let shapes = if self.has(Idiom::PathParams) { 6 } else { 4 };
        let shape = self.rng.below(shapes);
        let mut taken = BTreeSet::new();
        let mut param = |b: &mut Builder, params: &mut Vec<String>| {
            let name = b.names.parameter(&mut b.rng, "path", &taken);
            taken.insert(name.clone());
            params.push(name.clone());
            format!("{{{name}}}")
        };
        match shape {
            0 => {}
            1 => path += &format!("/{}", param(self, &mut params)),
            2 => path += &format!("/{}/history", param(self, &mut params)),
            3 => {
                let first = param(self, &mut params);
                let second = param(self, &mut params);
                path += &format!("/{first}/owners/{second}");
            }
            4 => {
                let first = param(self, &mut params);
                let second = param(self, &mut params);
                path += &format!("/{first}.{second}");
            }
            _ => path += &format!("/{}:cancel", param(self, &mut params)),
        }
        Template { path, params }
    }

    fn path_item(&mut self, template: &Template, word: &'static str) -> Value {
        let declarations: Vec<Value> = template
            .params
            .iter()
            .map(|name| self.path_param(name))
            .collect();
        let at_path_level =
            !declarations.is_empty() && self.has(Idiom::PathParams) && self.rng.percent(30);
        let mut item = Map::new();
        let count = self.rng.between(1, 3);
        for i in self.rng.sample(METHODS.len(), count) {
            let ctx = OpContext {
                path: template.path.clone(),
                method: METHODS[i],
                word,
                path_params: if at_path_level {
                    Vec::new()
                } else {
                    declarations.clone()
                },
            };
            let operation = self.operation(&ctx);
            item.insert(ctx.method.to_string(), operation);
        }
        if at_path_level {
            item.insert("parameters".into(), Value::Array(declarations));
        }
        Value::Object(item)
    }

    fn path_param(&mut self, name: &str) -> Value {
        let schema = self.path_param_schema();
        let param = json!({"name": name, "in": "path", "required": true, "schema": schema});
        self.maybe_by_ref(param)
    }

    /// Scalars, enums (inline and by `$ref`) and unions of scalars.
    fn path_param_schema(&mut self) -> Value {
        match self.rng.below(7) {
            0 | 1 => json!({"type": "string"}),
            2 => json!({"type": "integer", "format": "int64"}),
            3 => json!({"type": "string", "format": "uuid"}),
            4 if self.has(Idiom::StringEnums) => self.string_enum(),
            5 if self.has(Idiom::StringEnums) && self.room_for_components() => {
                let index = self.plan(Plan::PathEnum);
                self.refer_to(index, At::top())
            }
            6 if self.has(Idiom::OneOf) => {
                json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
            }
            _ => json!({"type": "string", "format": "date"}),
        }
    }

    fn operation(&mut self, ctx: &OpContext) -> Value {
        let mut op = Map::new();
        if !self.has(Idiom::MissingOperationIds) || self.rng.percent(80) {
            let id = self.operation_id(ctx);
            op.insert("operationId".into(), json!(id));
        }
        self.decorate(&mut op);
        let paginated = ctx.method == "get" && self.has(Idiom::Pagination) && self.rng.percent(40);
        let mut params = ctx.path_params.clone();
        params.extend(self.query_params(paginated));
        params.extend(self.header_and_cookie_params(paginated));
        if !params.is_empty() {
            op.insert("parameters".into(), Value::Array(params));
        }
        let wants_body = match ctx.method {
            "post" | "put" | "patch" => self.rng.percent(75),
            "delete" => self.rng.percent(10),
            _ => false,
        };
        if wants_body {
            if let Some(body) = self.request_body(ctx) {
                op.insert("requestBody".into(), body);
            }
        }
        let responses = if paginated {
            self.page_responses(ctx)
        } else {
            self.responses(ctx)
        };
        op.insert("responses".into(), Value::Object(responses));
        if let Some(security) = self.operation_security() {
            op.insert("security".into(), security);
        }
        Value::Object(op)
    }

    /// Unique by spelling (a duplicate is a spec-quality warning, not an
    /// idiom); colliding after case conversion often.
    fn operation_id(&mut self, ctx: &OpContext) -> String {
        let id = self.names.operation_id(&mut self.rng, ctx.method, ctx.word);
        let mut unique = id.clone();
        let mut n = 1;
        while !self.operation_ids.insert(unique.clone()) {
            n += 1;
            unique = format!("{id}{n}");
        }
        let pascal = super::names::pascal(&unique);
        for suffix in ["Query", "Headers", "Request", "Response", "Form"] {
            self.derived_names.push(format!("{pascal}{suffix}"));
        }
        unique
    }

    /// Summary, description, tags, deprecation.
    fn decorate(&mut self, op: &mut Map<String, Value>) {
        if self.rng.percent(40) {
            op.insert("summary".into(), json!("Does a thing."));
        }
        if self.rng.percent(20) {
            let mut holder = json!({});
            self.maybe_description(&mut holder);
            if let Some(description) = holder.get("description") {
                op.insert("description".into(), description.clone());
            }
        }
        if self.features_per_tag {
            op.insert("tags".into(), self.tags());
        } else if self.rng.percent(30) {
            op.insert("tags".into(), json!(["things"]));
        }
        if self.rng.percent(5) {
            op.insert("deprecated".into(), json!(true));
        }
        if self.has(Idiom::Extensions) && self.rng.percent(15) {
            op.insert("x-codegen-request-body-name".into(), json!("body"));
            op.insert(
                "externalDocs".into(),
                json!({"url": "https://example.com/op"}),
            );
            op.insert("callbacks".into(), self.callback());
        }
    }

    /// The tags of an operation of a document with a feature per tag: none
    /// (the untagged operations' feature), one, or two.
    fn tags(&mut self) -> Value {
        let count = self.rng.weighted(&[2, 5, 2]);
        let picked: Vec<&str> = self
            .rng
            .sample(super::names::TAGS.len(), count)
            .into_iter()
            .map(|i| super::names::TAGS[i])
            .collect();
        json!(picked)
    }

    /// A webhook the server calls back, described as a path item.
    fn callback(&mut self) -> Value {
        let schema = self.reference(At::top());
        json!({"onEvent": {"{$request.body#/callbackUrl}": {"post": {
            "requestBody": {"content": {"application/json": {"schema": schema}}},
            "responses": {"200": {"description": "Received."}}
        }}}})
    }

    fn query_params(&mut self, paginated: bool) -> Vec<Value> {
        let mut taken = BTreeSet::new();
        let mut params = Vec::new();
        if paginated {
            taken.insert("nextToken".to_string());
            params.push(json!({"name": "nextToken", "in": "query", "schema": {"type": "string"}}));
        }
        for _ in 0..self.rng.between(0, 3) {
            let name = self.names.parameter(&mut self.rng, "query", &taken);
            taken.insert(name.clone());
            let param = self.query_param(&name);
            params.push(self.maybe_by_ref(param));
        }
        params
    }

    /// A query parameter in one of the styles the idioms allow.
    fn query_param(&mut self, name: &str) -> Value {
        let mut param = json!({"name": name, "in": "query"});
        if self.rng.percent(25) {
            param["required"] = json!(true);
        }
        let styles = self.query_styles();
        match *self.rng.pick(&styles) {
            "scalar" => param["schema"] = self.scalar(),
            "enum" => param["schema"] = self.string_enum(),
            "union" => {
                param["schema"] = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
            }
            "array" => param["schema"] = self.scalar_array(),
            "content" => {
                let object = self.flat_object();
                param["content"] = json!({"application/json": {"schema": object}});
            }
            "component" => param["schema"] = self.reference(At::top()),
            style @ ("form" | "spaceDelimited" | "pipeDelimited") => {
                param["schema"] = self.scalar_array();
                param["style"] = json!(style);
                param["explode"] = json!(false);
            }
            "deepObject" => {
                param["schema"] = self.flat_object();
                param["style"] = json!("deepObject");
                param["explode"] = json!(true);
            }
            "object" => param["schema"] = self.flat_object(),
            _ => {
                // An object in form style without explode: sent as JSON text.
                param["schema"] = self.flat_object();
                param["explode"] = json!(false);
            }
        }
        if self.rng.percent(5) {
            param["allowReserved"] = json!(true);
        }
        param
    }

    fn query_styles(&self) -> Vec<&'static str> {
        let mut styles = vec!["scalar", "scalar", "array"];
        let optional = [
            (Idiom::StringEnums, &["enum"][..]),
            (Idiom::OneOf, &["union"][..]),
            (
                Idiom::QueryStyles,
                &["form", "spaceDelimited", "pipeDelimited"][..],
            ),
            (
                Idiom::DeepObject,
                &["deepObject", "object", "object-unexploded"][..],
            ),
            (Idiom::ContentParams, &["content"][..]),
            (Idiom::DeepObject, &["component"][..]),
        ];
        for (idiom, names) in optional {
            if self.has(idiom) {
                styles.extend_from_slice(names);
            }
        }
        styles
    }

    /// An array of scalars or string enums.
    fn scalar_array(&mut self) -> Value {
        let items = if self.has(Idiom::StringEnums) && self.rng.percent(30) {
            self.string_enum()
        } else {
            self.scalar()
        };
        json!({"type": "array", "items": items})
    }

    /// An object of scalars, for query and form parameters.
    fn flat_object(&mut self) -> Value {
        let mut properties = Map::new();
        for _ in 0..self.rng.between(1, 3) {
            let taken: BTreeSet<String> = properties.keys().cloned().collect();
            let name = self.names.property(&mut self.rng, &taken);
            let value = if self.rng.percent(25) {
                self.scalar_array()
            } else {
                self.scalar()
            };
            properties.insert(name, value);
        }
        let mut object = json!({"type": "object"});
        self.add_properties(&mut object, properties);
        object
    }

    /// Header and cookie parameters (names unique ignoring case, as HTTP
    /// headers are); paginated lists get some only with their idiom.
    fn header_and_cookie_params(&mut self, paginated: bool) -> Vec<Value> {
        if paginated && !self.has(Idiom::PaginatedHeaders) {
            return Vec::new();
        }
        let mut params = Vec::new();
        let mut taken = BTreeSet::new();
        let headers = if self.has(Idiom::HeaderParams) {
            self.rng.between(0, 2)
        } else {
            0
        };
        for _ in 0..headers {
            let name = self.names.parameter(&mut self.rng, "header", &taken);
            if taken.iter().any(|t: &String| t.eq_ignore_ascii_case(&name)) {
                continue;
            }
            taken.insert(name.clone());
            let param = self.header_param(&name);
            params.push(self.maybe_by_ref(param));
        }
        if self.has(Idiom::CookieParams) && self.rng.percent(25) {
            let name = self
                .names
                .parameter(&mut self.rng, "cookie", &BTreeSet::new());
            let schema = self.scalar();
            params.push(json!({"name": name, "in": "cookie", "schema": schema}));
        }
        params
    }

    fn header_param(&mut self, name: &str) -> Value {
        let schema = match self.rng.below(5) {
            0 if self.has(Idiom::StringEnums) => self.string_enum(),
            1 => json!({"type": "array", "items": {"type": "string"}}),
            2 if self.has(Idiom::OneOf) => {
                json!({"oneOf": [{"type": "string", "format": "uuid"}, {"type": "integer"}]})
            }
            _ => self.scalar(),
        };
        let mut param = json!({"name": name, "in": "header", "schema": schema});
        if self.rng.percent(30) {
            param["required"] = json!(true);
        }
        param
    }

    /// With the param-refs idiom, now and then moves a parameter into
    /// `#/components/parameters` (sometimes behind a second `$ref`) and
    /// refers to it.
    fn maybe_by_ref(&mut self, param: Value) -> Value {
        if !self.has(Idiom::ParamRefs) || !self.rng.percent(20) {
            return param;
        }
        let key = format!("P{}", self.parameters.len());
        self.parameters.insert(key.clone(), param);
        let mut target = key;
        if self.rng.percent(25) {
            let alias = format!("P{}", self.parameters.len());
            let reference = json!({"$ref": format!("#/components/parameters/{target}")});
            self.parameters.insert(alias.clone(), reference);
            target = alias;
        }
        json!({"$ref": format!("#/components/parameters/{target}")})
    }

    fn request_body(&mut self, ctx: &OpContext) -> Option<Value> {
        let mut kinds = Vec::new();
        for (idiom, kind, weight) in [
            (Idiom::JsonBodies, "json", 6),
            (Idiom::FormBodies, "form", 2),
            (Idiom::MultipartBodies, "multipart", 2),
            (Idiom::BinaryBodies, "binary", 1),
            (Idiom::BinaryBodies, "text", 1),
            (Idiom::FormBodies, "json+form", 1),
            (Idiom::JsonBodies, "json+xml", 1),
        ] {
            if self.has(idiom) {
                kinds.push((kind, weight));
            }
        }
        if kinds.is_empty() {
            return None;
        }
        let weights: Vec<u32> = kinds.iter().map(|(_, w)| *w).collect();
        let kind = kinds[self.rng.weighted(&weights)].0;
        let content = match kind {
            "json" => json!({"application/json": {"schema": self.body_schema(ctx, None)}}),
            "form" => json!({"application/x-www-form-urlencoded": {"schema": self.form_schema()}}),
            "multipart" => self.multipart_content(),
            "binary" => {
                let media =
                    *self
                        .rng
                        .pick(&["application/octet-stream", "image/png", "application/pdf"]);
                let mut content = Map::new();
                content.insert(
                    media.into(),
                    json!({"schema": {"type": "string", "format": "binary"}}),
                );
                Value::Object(content)
            }
            "text" => json!({"text/plain": {"schema": {"type": "string"}}}),
            "json+form" => {
                let schema = self.form_schema();
                json!({"application/json": {"schema": schema.clone()}, "application/x-www-form-urlencoded": {"schema": schema}})
            }
            _ => {
                let schema = self.body_schema(ctx, None);
                json!({"application/json": {"schema": schema}, "application/xml": {"schema": {"type": "string"}}})
            }
        };
        let mut body = json!({ "content": content });
        if self.rng.percent(60) {
            body["required"] = json!(true);
        }
        if self.has(Idiom::ParamRefs) && self.rng.percent(15) {
            let key = format!("Body{}", self.request_bodies.len());
            self.request_bodies.insert(key.clone(), body);
            return Some(json!({"$ref": format!("#/components/requestBodies/{key}")}));
        }
        Some(body)
    }

    /// A JSON body: a component, an inline schema, or a reference to an
    /// inline schema of an earlier response through `#/paths`. Inline
    /// response schemas (`at` names where below the operation) are recorded
    /// for such references; request bodies are not (one may yet move into
    /// `#/components/requestBodies`).
    fn body_schema(&mut self, ctx: &OpContext, at: Option<&[&str]>) -> Value {
        if self.has(Idiom::PathRefs) && !self.path_schemas.is_empty() && self.rng.percent(10) {
            let pointer = self.rng.pick(&self.path_schemas).clone();
            return json!({ "$ref": pointer });
        }
        let schema = if self.rng.percent(50) {
            self.reference(At::top())
        } else {
            self.schema(At::top())
        };
        if let (None, Some(at), true) = (schema.get("$ref"), at, self.has(Idiom::PathRefs)) {
            self.path_schemas.push(path_pointer(ctx, at));
        }
        schema
    }

    /// A flat object, inline or an object component.
    fn form_schema(&mut self) -> Value {
        let objects: Vec<usize> = (0..self.components.len())
            .filter(|&i| is_flat_object(self.components[i].body.as_ref()))
            .collect();
        if !objects.is_empty() && self.rng.percent(40) {
            let index = *self.rng.pick(&objects);
            return self.refer_to(index, At::top());
        }
        self.flat_object()
    }

    /// Files and text parts: inline, a component (sometimes named with a
    /// `/`), or an `allOf` of objects; sometimes with an `encoding`.
    fn multipart_content(&mut self) -> Value {
        let schema = match self.rng.below(4) {
            0 if self.room_for_components() => {
                let index = self.plan_multipart_component();
                self.refer_to(index, At::top())
            }
            1 if self.has(Idiom::AllOf) => {
                let files = self.multipart_object(At::top());
                let text = self.flat_object();
                json!({"allOf": [files, text]})
            }
            _ => self.multipart_object(At::top()),
        };
        let mut media = json!({ "schema": schema });
        if self.rng.percent(20) {
            media["encoding"] = json!({"file": {"contentType": "image/png, image/jpeg"}});
        }
        json!({ "multipart/form-data": media })
    }

    fn plan_multipart_component(&mut self) -> usize {
        if self.has(Idiom::SlashSchemaNames) && self.rng.percent(30) {
            let taken: BTreeSet<&str> = self.components.iter().map(|c| c.name.as_str()).collect();
            let name = ["Up/load", "Up/load2", "Up/load3"]
                .into_iter()
                .find(|n| !taken.contains(n));
            if let Some(name) = name {
                return self.plan_named(name.to_string(), Plan::Multipart);
            }
        }
        self.plan(Plan::Multipart)
    }

    /// The responses of an ordinary operation.
    fn responses(&mut self, ctx: &OpContext) -> Map<String, Value> {
        let mut responses = Map::new();
        let several = self.has(Idiom::SeveralResponses);
        let primary = if several && self.rng.percent(10) {
            "default"
        } else {
            *self.rng.pick(&["200", "200", "201", "204"])
        };
        let response = self.success_response(ctx, primary);
        responses.insert(primary.into(), response);
        if several {
            for status in ["201", "202", "2XX", "default", "404", "4XX"] {
                if !responses.contains_key(status) && self.rng.percent(15) {
                    let response = self.extra_response(ctx, status);
                    responses.insert(status.into(), response);
                }
            }
        }
        responses
    }

    fn success_response(&mut self, ctx: &OpContext, status: &str) -> Value {
        if status == "204" {
            return json!({"description": "No content."});
        }
        let binary = self.has(Idiom::BinaryBodies);
        let mut response = json!({"description": "Success."});
        response["content"] = match self.rng.below(8) {
            0 if binary => {
                json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
            }
            1 if binary => json!({"text/plain": {"schema": {"type": "string"}}}),
            2 => {
                let media = *self.rng.pick(&[
                    "application/problem+json",
                    "application/json; charset=utf-8",
                    "*/*",
                    "application/vnd.api+json",
                ]);
                let schema = self.body_schema(
                    ctx,
                    Some(&["responses", status, "content", media, "schema"]),
                );
                let mut content = Map::new();
                content.insert(media.into(), json!({ "schema": schema }));
                Value::Object(content)
            }
            _ => {
                let schema = self.body_schema(
                    ctx,
                    Some(&["responses", status, "content", "application/json", "schema"]),
                );
                json!({"application/json": {"schema": schema}})
            }
        };
        if self.rng.percent(10) {
            response["headers"] = json!({"X-Rate-Limit": {"schema": {"type": "integer"}}});
        }
        response
    }

    /// Another success (with a body of its own or none) or an error.
    fn extra_response(&mut self, ctx: &OpContext, status: &str) -> Value {
        match status {
            "202" => json!({"description": "Accepted; no body."}),
            "404" if self.has(Idiom::ParamRefs) => self.shared_response(),
            "default" | "404" | "4XX" => {
                let schema = self.error_schema();
                json!({"description": "An error.", "content": {"application/json": {"schema": schema}}})
            }
            _ => self.success_response(ctx, status),
        }
    }

    fn error_schema(&mut self) -> Value {
        if self.rng.percent(50) {
            self.reference(At::top())
        } else {
            json!({"type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "integer"}}})
        }
    }

    /// `$ref: '#/components/responses/NotFound'`.
    fn shared_response(&mut self) -> Value {
        if !self.responses.contains_key("NotFound") {
            let schema = self.error_schema();
            self.responses.insert(
                "NotFound".into(),
                json!({"description": "Not found.", "content": {"application/json": {"schema": schema}}}),
            );
        }
        json!({"$ref": "#/components/responses/NotFound"})
    }

    /// A page of items: `{data: [...], nextToken}`, a component or inline.
    fn page_responses(&mut self, ctx: &OpContext) -> Map<String, Value> {
        let item = if self.rng.percent(60) {
            self.reference(At::top())
        } else {
            self.object(At::top())
        };
        let page = if self.room_for_components() && self.rng.percent(50) {
            let index = self.plan(Plan::Page { item });
            self.refer_to(index, At::top())
        } else {
            json!({
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": item},
                    "nextToken": {"type": "string"}
                }
            })
        };
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({"description": "A page.", "content": {"application/json": {"schema": page}}}),
        );
        if self.has(Idiom::SeveralResponses) && self.rng.percent(20) {
            let error = self.extra_response(ctx, "default");
            responses.insert("default".into(), error);
        }
        responses
    }

    /// Picks the security schemes of the document.
    pub fn plan_security(&mut self) {
        if !self.has(Idiom::Security) || !self.rng.percent(40) {
            return;
        }
        let all = [
            "ApiKeyHeader",
            "ApiKeyQuery",
            "ApiKeyCookie",
            "bearerAuth",
            "basicAuth",
            "oauth",
        ];
        let count = self.rng.between(1, 3);
        let mut picked = self.rng.sample(all.len(), count);
        picked.sort();
        self.security_schemes = picked.iter().map(|&i| all[i].to_string()).collect();
    }

    pub fn security_schemes_value(&self) -> Option<Value> {
        if self.security_schemes.is_empty() {
            return None;
        }
        let mut schemes = Map::new();
        for name in &self.security_schemes {
            let scheme = match name.as_str() {
                "ApiKeyHeader" => json!({"type": "apiKey", "in": "header", "name": "X-API-Key"}),
                "ApiKeyQuery" => json!({"type": "apiKey", "in": "query", "name": "api_key"}),
                "ApiKeyCookie" => json!({"type": "apiKey", "in": "cookie", "name": "token"}),
                "bearerAuth" => json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
                "basicAuth" => json!({"type": "http", "scheme": "basic"}),
                _ => json!({"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "https://auth.example.com/token",
                    "scopes": {"read": "Read things."}
                }}}),
            };
            schemes.insert(name.clone(), scheme);
        }
        Some(Value::Object(schemes))
    }

    /// One requirement of all schemes, or one requirement per scheme.
    pub fn global_security(&mut self) -> Option<Value> {
        if self.security_schemes.is_empty() {
            return None;
        }
        let requirement = |name: &String| {
            let scopes = if name == "oauth" {
                json!(["read"])
            } else {
                json!([])
            };
            (name.clone(), scopes)
        };
        if self.rng.percent(50) {
            let all: Map<String, Value> = self.security_schemes.iter().map(requirement).collect();
            Some(json!([all]))
        } else {
            let each: Vec<Value> = self
                .security_schemes
                .iter()
                .map(|name| Value::Object([requirement(name)].into_iter().collect()))
                .collect();
            Some(Value::Array(each))
        }
    }

    /// Now and then an operation open to all (`security: []`) or needing
    /// one scheme.
    fn operation_security(&mut self) -> Option<Value> {
        if self.security_schemes.is_empty() || !self.rng.percent(15) {
            return None;
        }
        if self.rng.percent(50) {
            return Some(json!([]));
        }
        let name = self.rng.pick(&self.security_schemes).clone();
        let scopes = if name == "oauth" {
            json!(["read"])
        } else {
            json!([])
        };
        let mut requirement = Map::new();
        requirement.insert(name, scopes);
        Some(json!([requirement]))
    }
}

/// An object of scalars and arrays of scalars only.
fn is_flat_object(body: Option<&Value>) -> bool {
    let Some(body) = body else {
        return false;
    };
    let scalar = |v: &Value| {
        matches!(
            v.get("type").and_then(Value::as_str),
            Some("string" | "integer" | "number" | "boolean")
        ) && v.get("format").and_then(Value::as_str) != Some("binary")
    };
    body.get("type").and_then(Value::as_str) == Some("object")
        && body.get("additionalProperties").is_none()
        && body
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty() && p.values().all(scalar))
}
