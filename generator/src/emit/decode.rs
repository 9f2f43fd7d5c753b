//! `decode.rs`: decoding JSON response bodies so that a body that strays
//! from the spec still decodes where its data can be represented, and says
//! exactly where it strayed.
//!
//! The generic part (the same for every spec) is `Shape`, a compact
//! description of what a JSON value should be, and the functions that walk a
//! body's `serde_json::Value` with it: `check` finds a value no coercion can
//! fix, `normalize` applies the faithful coercions (one value where an array
//! is declared, a number or boolean sent as a string, `null` in an optional
//! field) and takes out the optional fields whose values cannot be
//! represented. Then the typed decode (`serde_path_to_error`, for the path of
//! anything the shapes do not see: date formats, integer ranges, unions)
//! runs, and an optional field it fails on is taken out too.
//!
//! The part of each spec is the `shapes` module: one `static` per struct a
//! response can hold, named as the struct (statics may refer to each other,
//! so recursive types need nothing special). Unions are `Any` to the
//! shapes: their variants decide for themselves in the typed decode.

use super::{ident, resolve_alias, Gates};
use crate::ir::{Ir, ResponseBody, TypeId, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The module: the runtime, then the shapes of the structs responses hold.
pub fn emit(ir: &Ir, gates: Gates) -> TokenStream {
    let runtime = [shape_types(), paths(), entry(), collection()];
    let walking = [walk(), check(), normalize(), fields(), scalars()];
    let typed = [typed_pass(), error_paths()];
    let shapes = shapes(ir, gates);
    quote! {
        //! Decoding JSON response bodies: what the spec documents is decoded
        //! as is; a body that strays from it is decoded where its data can be
        //! represented, and every deviation is reported (see the crate's
        //! README, "Responses that stray from the spec").

        use std::cell::RefCell;
        use std::future::Future;

        use serde_json::{Map, Value};

        use super::error::{DecodeError, Deviation, DeviationKind, Error};

        #(#runtime)*
        #(#walking)*
        #(#typed)*
        #shapes
    }
}

/// The reference to the shape of a response of type `ty`, as an operation
/// method in `client.rs` passes it: the struct's static, or a local static
/// for any other type.
pub fn response_shape(ir: &Ir, ty: &TypeRef) -> TokenStream {
    let runtime = quote!(super::decode::Shape);
    let shape = shape_ref(ir, ty, &runtime, &quote!(super::decode::shapes::));
    if is_struct(ir, ty) {
        return shape;
    }
    quote! {
        {
            static SHAPE: &#runtime = #shape;
            SHAPE
        }
    }
}

fn is_struct(ir: &Ir, ty: &TypeRef) -> bool {
    matches!(resolve_alias(ir, ty), TypeRef::Named(id) if matches!(ir.types[id.0].kind, TypeKind::Struct(_)))
}

/// A `&'static Shape` of `ty`, naming the runtime's type by `runtime` and
/// the structs' statics by `statics`: a struct's static by reference,
/// anything else a reference to its value (for a static's initializer, which
/// keeps it alive for good).
fn shape_ref(ir: &Ir, ty: &TypeRef, runtime: &TokenStream, statics: &TokenStream) -> TokenStream {
    let nested = |inner: &TypeRef| shape_ref(ir, inner, runtime, statics);
    match ty {
        TypeRef::Named(id) => match &ir.types[id.0].kind {
            TypeKind::Struct(_) => {
                let name = ident(&ir.types[id.0].name);
                quote!(&#statics #name)
            }
            TypeKind::Alias(target) => nested(target),
            TypeKind::Enum(_) => quote!(&#runtime::String),
            TypeKind::IntegerEnum(_) => quote!(&#runtime::Integer),
            // A newtype (a list or map of itself) decides for itself in the
            // typed decode, as unions do.
            TypeKind::Union(_)
            | TypeKind::Newtype(_)
            | TypeKind::Multipart(_)
            | TypeKind::Responses(_)
            | TypeKind::Webhooks(_) => quote!(&#runtime::Any),
        },
        TypeRef::String | TypeRef::Date | TypeRef::DateTime | TypeRef::Bytes => {
            quote!(&#runtime::String)
        }
        // A tuple's items have places of their own, which a one-value list
        // coercion would break.
        TypeRef::Tuple(_) | TypeRef::Unit => quote!(&#runtime::Any),
        TypeRef::Bool => quote!(&#runtime::Boolean),
        TypeRef::I32 | TypeRef::I64 => quote!(&#runtime::Integer),
        TypeRef::F32 | TypeRef::F64 => quote!(&#runtime::Number),
        TypeRef::Any | TypeRef::File => quote!(&#runtime::Any),
        TypeRef::List(item) => {
            let item = nested(item);
            quote!(&#runtime::List(#item))
        }
        TypeRef::Map(value) => {
            let value = nested(value);
            quote!(&#runtime::Map(#value))
        }
        TypeRef::Nullable(inner) => {
            let inner = nested(inner);
            quote!(&#runtime::Nullable(#inner))
        }
    }
}

/// The structs a JSON response can hold, directly or through fields, lists,
/// maps and aliases (not through unions, which are `Any`), in IR order.
fn response_structs(ir: &Ir) -> BTreeSet<TypeId> {
    let mut found = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = Vec::new();
    for op in &ir.operations {
        match &op.response {
            ResponseBody::Json(ty) => pending.push(ty),
            ResponseBody::ByStatus(id) => {
                if let TypeKind::Responses(responses) = &ir.types[id.0].kind {
                    for variant in &responses.variants {
                        if let ResponseBody::Json(ty) = &variant.body {
                            pending.push(ty);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) => match &ir.types[id.0].kind {
                TypeKind::Struct(def) if found.insert(*id) => {
                    pending.extend(def.fields.iter().map(|field| &field.ty));
                    pending.extend(def.additional.iter().map(|(_, ty)| ty));
                }
                TypeKind::Alias(target) => pending.push(target),
                _ => {}
            },
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner)
            }
            _ => {}
        }
    }
    found
}

/// `mod shapes`: a static per struct responses hold.
fn shapes(ir: &Ir, gates: Gates) -> TokenStream {
    let runtime = quote!(super::Shape);
    let statics = TokenStream::new();
    let items = response_structs(ir).into_iter().map(|id| {
        let def = &ir.types[id.0];
        let TypeKind::Struct(fields_def) = &def.kind else {
            return TokenStream::new();
        };
        let name = ident(&def.name);
        let fields = fields_def.fields.iter().map(|field| {
            let wire = &field.wire_name;
            let required = field.required;
            let shape = shape_ref(ir, &field.ty, &runtime, &statics);
            quote!(super::Field { name: #wire, required: #required, shape: #shape },)
        });
        // Absolute paths: the statics are named as the spec's schemas, and
        // a schema may be called `None` or `Some`.
        let additional = match &fields_def.additional {
            Some((_, ty)) => {
                let shape = shape_ref(ir, ty, &runtime, &statics);
                quote!(::std::option::Option::Some(#shape))
            }
            None => quote!(::std::option::Option::None),
        };
        let cfg = gates.of_type(id);
        quote! {
            #cfg
            pub(crate) static #name: #runtime = #runtime::Object {
                fields: &[#(#fields)*],
                additional: #additional,
            };
        }
    });
    quote! {
        /// The shape of each struct a response can hold, named as the struct.
        #[allow(non_upper_case_globals)]
        pub(crate) mod shapes {
            #(#items)*
        }
    }
}

/// `Shape` and `Field`, what the `shapes` module is made of.
fn shape_types() -> TokenStream {
    quote! {
        /// What the spec documents a JSON value to be: enough to tell where a
        /// body strays from it, and how to bring it back. (The same for every
        /// spec; a spec's responses may not need every kind.)
        #[allow(dead_code)]
        pub(crate) enum Shape {
            /// Any value (`serde_json::Value`, and unions, whose variants decide
            /// in the typed decode).
            Any,
            /// A string: also dates, times and string enums.
            String,
            Integer,
            Number,
            Boolean,
            List(&'static Shape),
            /// An object with string keys and values of one shape.
            Map(&'static Shape),
            /// The value may be `null`.
            Nullable(&'static Shape),
            Object {
                fields: &'static [Field],
                /// The shape of undeclared properties, when a map keeps them.
                additional: Option<&'static Shape>,
            },
        }

        /// A declared property of an object.
        pub(crate) struct Field {
            name: &'static str,
            required: bool,
            shape: &'static Shape,
        }

        impl Shape {
            /// What the shape expects, for messages: `an array`.
            fn expected(&self) -> &'static str {
                match self {
                    Shape::Any => "any value",
                    Shape::String => "a string",
                    Shape::Integer => "an integer",
                    Shape::Number => "a number",
                    Shape::Boolean => "a boolean",
                    Shape::List(_) => "an array",
                    Shape::Map(_) | Shape::Object { .. } => "an object",
                    Shape::Nullable(inner) => inner.expected(),
                }
            }

            /// The shape without `Nullable` around it.
            fn resolved(&'static self) -> &'static Shape {
                match self {
                    Shape::Nullable(inner) => inner.resolved(),
                    other => other,
                }
            }

            /// Whether `null` is a value of the shape.
            fn admits_null(&self) -> bool {
                matches!(self, Shape::Any | Shape::Nullable(_))
            }
        }
    }
}

/// Paths and values as messages show them.
fn paths() -> TokenStream {
    quote! {
        /// What a value is, for messages: `a string`.
        fn found(value: &Value) -> String {
            match value {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::String(_) => "a string",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
            }
            .to_string()
        }

        /// One step of a JSON path.
        #[derive(Clone, Debug)]
        enum Segment {
            Key(String),
            Index(usize),
        }

        /// A JSON path as messages show it: `filters.meterIds`, `data[2].id`,
        /// and `.` for the whole body.
        fn path_text(path: &[Segment]) -> String {
            let mut text = String::new();
            for segment in path {
                match segment {
                    Segment::Key(key) => {
                        if !text.is_empty() {
                            text.push('.');
                        }
                        text.push_str(key);
                    }
                    Segment::Index(index) => text.push_str(&format!("[{index}]")),
                }
            }
            if text.is_empty() {
                text.push('.');
            }
            text
        }
    }
}

/// `decode_json`, the entry point.
fn entry() -> TokenStream {
    quote! {
        /// Decodes the JSON `body` of a 2xx answer to `operation` as `T`, whose
        /// shape is `shape`: faithfully coerced where it strays from the spec,
        /// with every deviation logged and collected, unless `strict`.
        pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
            body: &[u8],
            operation: &'static str,
            shape: &'static Shape,
            strict: bool,
        ) -> Result<T, Error> {
            let failure = |path: String, expected: &str, found: String, deviations, source| {
                Error::Decode(Box::new(DecodeError {
                    operation,
                    path,
                    expected: expected.into(),
                    found,
                    body: body.to_vec(),
                    value: serde_json::from_slice(body).ok(),
                    deviations,
                    source,
                }))
            };
            let mut value: Value = match serde_json::from_slice(body) {
                Ok(value) => value,
                Err(error) => {
                    return Err(failure(".".into(), "a JSON body", error.to_string(), Vec::new(), Some(error)));
                }
            };
            let mut walk = Walk { operation, path: Vec::new(), deviations: Vec::new() };
            if let Err(mismatch) = walk.check(&value, shape) {
                return Err(failure(mismatch.path, mismatch.expected, mismatch.found, walk.deviations, None));
            }
            walk.normalize(&mut value, shape);
            let typed = match walk.typed(&mut value, shape) {
                Ok(typed) => typed,
                Err((path, expected, error)) => {
                    let found = error.to_string();
                    return Err(failure(path, expected, found, walk.deviations, Some(error)));
                }
            };
            let deviations = walk.deviations;
            if strict {
                if let Some(first) = deviations.first() {
                    let (path, expected, found) = (first.path.clone(), first.expected.clone(), first.found.clone());
                    return Err(failure(path, &expected, found, deviations, None));
                }
            }
            publish(deviations);
            Ok(typed)
        }
    }
}

/// `collect_deviations`, and the events and collection of deviations.
fn collection() -> TokenStream {
    quote! {
        tokio::task_local! {
            /// The deviations of the calls `collect_deviations` runs.
            static DEVIATIONS: RefCell<Vec<Deviation>>;
        }

        /// Logs each deviation as a `tracing` event at warn level, and hands it
        /// to the `collect_deviations` the call runs in, if any.
        fn publish(deviations: Vec<Deviation>) {
            for deviation in &deviations {
                tracing::warn!(
                    operation = deviation.operation,
                    path = %deviation.path,
                    "the response strays from the spec: {deviation}"
                );
            }
            if !deviations.is_empty() {
                // Outside `collect_deviations` there is no one to hand them to.
                let _ = DEVIATIONS.try_with(|collected| collected.borrow_mut().extend(deviations));
            }
        }

        /// Runs `call` (one or more calls of the client) and returns its output
        /// with the deviations from the spec of the responses it decoded: what
        /// was coerced, and the optional fields that were set to `None` with
        /// the values that were sent. For example,
        /// `collect_deviations(client.get_item("id")).await` gives the item
        /// and the deviations met in decoding it.
        pub async fn collect_deviations<F: Future>(call: F) -> (F::Output, Vec<Deviation>) {
            DEVIATIONS
                .scope(RefCell::new(Vec::new()), async {
                    let output = call.await;
                    let deviations = DEVIATIONS.with(|collected| collected.take());
                    (output, deviations)
                })
                .await
        }
    }
}

/// `Walk`: a walk over a body with its shape, and what it records.
fn walk() -> TokenStream {
    quote! {
        /// A value no coercion can bring to its shape.
        struct Mismatch {
            path: String,
            expected: &'static str,
            found: String,
        }

        /// A walk over a body with its shape: where it is, and what it found.
        struct Walk {
            operation: &'static str,
            path: Vec<Segment>,
            deviations: Vec<Deviation>,
        }

        impl Walk {
            fn mismatch(&self, shape: &Shape, value: &Value) -> Mismatch {
                Mismatch {
                    path: path_text(&self.path),
                    expected: shape.expected(),
                    found: found(value),
                }
            }

            fn record(&mut self, kind: DeviationKind, shape: &Shape, raw: Value) {
                let found = found(&raw);
                self.deviations.push(Deviation {
                    operation: self.operation,
                    path: path_text(&self.path),
                    kind,
                    expected: shape.expected().into(),
                    found,
                    raw,
                });
            }

            /// Runs `step` one step further down the path.
            fn at<R>(&mut self, segment: Segment, step: impl FnOnce(&mut Self) -> R) -> R {
                self.path.push(segment);
                let result = step(self);
                self.path.pop();
                result
            }
        }
    }
}

/// `Walk::check`: the values no coercion brings to their shape.
fn check() -> TokenStream {
    quote! {
        impl Walk {
            /// The first value that no coercion brings to its shape and that is
            /// not in an optional field (which would be set to `None`).
            fn check(&mut self, value: &Value, shape: &'static Shape) -> Result<(), Mismatch> {
                match (shape, value) {
                    (Shape::Any, _) | (Shape::Nullable(_), Value::Null) => Ok(()),
                    (Shape::Nullable(inner), _) => self.check(value, inner),
                    (Shape::String, Value::String(_)) => Ok(()),
                    (Shape::Integer | Shape::Number | Shape::Boolean, _) => {
                        if fits(shape, value) || parsed(shape, value).is_some() {
                            Ok(())
                        } else {
                            Err(self.mismatch(shape, value))
                        }
                    }
                    (Shape::List(item), Value::Array(items)) => {
                        for (index, element) in items.iter().enumerate() {
                            self.at(Segment::Index(index), |walk| walk.check(element, item))?;
                        }
                        Ok(())
                    }
                    // One value where an array is declared: an array of one,
                    // if the value fits the items.
                    (Shape::List(item), value) if !value.is_null() => self
                        .at(Segment::Index(0), |walk| walk.check(value, item))
                        .map_err(|_| self.mismatch(shape, value)),
                    (Shape::Map(entry), Value::Object(entries)) => {
                        for (key, element) in entries {
                            self.at(Segment::Key(key.clone()), |walk| walk.check(element, entry))?;
                        }
                        Ok(())
                    }
                    (Shape::Object { fields, .. }, Value::Object(object)) => {
                        for field in fields.iter().filter(|field| field.required) {
                            self.at(Segment::Key(field.name.into()), |walk| match object.get(field.name) {
                                Some(element) => walk.check(element, field.shape),
                                None if field.shape.admits_null() && !matches!(field.shape, Shape::Any) => Ok(()),
                                None => Err(Mismatch {
                                    path: path_text(&walk.path),
                                    expected: field.shape.expected(),
                                    found: "nothing (the field is required)".into(),
                                }),
                            })?;
                        }
                        Ok(())
                    }
                    _ => Err(self.mismatch(shape, value)),
                }
            }
        }
    }
}

/// `Walk::normalize`: the coercions.
fn normalize() -> TokenStream {
    quote! {
        impl Walk {
            /// Brings a value that passed `check` to its shape, recording each
            /// coercion, and takes out the optional fields whose values cannot
            /// be brought to theirs.
            fn normalize(&mut self, value: &mut Value, shape: &'static Shape) {
                match shape {
                    Shape::Any | Shape::String => {}
                    Shape::Nullable(inner) => {
                        if !value.is_null() {
                            self.normalize(value, inner);
                        }
                    }
                    Shape::Integer | Shape::Number | Shape::Boolean => {
                        if let (false, Some(number)) = (fits(shape, value), parsed(shape, value)) {
                            let raw = std::mem::replace(value, number);
                            self.record(DeviationKind::ParsedFromString, shape, raw);
                        }
                    }
                    Shape::List(item) => {
                        if !value.is_array() {
                            let raw = value.take();
                            *value = Value::Array(vec![raw.clone()]);
                            self.record(DeviationKind::WrappedInArray, shape, raw);
                        }
                        if let Value::Array(items) = value {
                            for (index, element) in items.iter_mut().enumerate() {
                                self.at(Segment::Index(index), |walk| walk.normalize(element, item));
                            }
                        }
                    }
                    Shape::Map(entry) => {
                        if let Value::Object(entries) = value {
                            for (key, element) in entries.iter_mut() {
                                self.at(Segment::Key(key.clone()), |walk| walk.normalize(element, entry));
                            }
                        }
                    }
                    Shape::Object { fields, additional } => {
                        if let Value::Object(object) = value {
                            self.object(object, fields, *additional);
                        }
                    }
                }
            }
        }
    }
}

/// `Walk::object` and the fields of an object, optional fields taken out
/// when their values cannot be represented.
fn fields() -> TokenStream {
    quote! {
        impl Walk {
            fn object(&mut self, object: &mut Map<String, Value>, fields: &'static [Field], additional: Option<&'static Shape>) {
                for field in fields {
                    self.at(Segment::Key(field.name.into()), |walk| walk.field(object, field));
                }
                let Some(shape) = additional else {
                    return;
                };
                let undeclared: Vec<String> = object
                    .keys()
                    .filter(|key| !fields.iter().any(|field| field.name == key.as_str()))
                    .cloned()
                    .collect();
                for key in undeclared {
                    self.at(Segment::Key(key.clone()), |walk| walk.optional(object, &key, shape));
                }
            }

            /// A declared field, at the end of the path.
            fn field(&mut self, object: &mut Map<String, Value>, field: &Field) {
                match object.get_mut(field.name) {
                    None if field.required => self.record(DeviationKind::AbsentAsNone, field.shape, Value::Null),
                    None => {}
                    Some(Value::Null) if field.shape.admits_null() => {}
                    Some(Value::Null) if !field.required => {
                        object.remove(field.name);
                        self.record(DeviationKind::AbsentAsNone, field.shape, Value::Null);
                    }
                    Some(value) if field.required => self.normalize(value, field.shape),
                    Some(_) => self.optional(object, field.name, field.shape),
                }
            }

            /// An optional field, or an undeclared property a map keeps: a value
            /// no coercion brings to its shape is taken out, so the field is
            /// `None` (the property absent).
            fn optional(&mut self, object: &mut Map<String, Value>, key: &str, shape: &'static Shape) {
                let Some(value) = object.get_mut(key) else {
                    return;
                };
                match self.check(value, shape) {
                    Ok(()) => self.normalize(value, shape),
                    Err(mismatch) => {
                        let raw = object.remove(key).unwrap_or_default();
                        self.deviations.push(Deviation {
                            operation: self.operation,
                            path: mismatch.path,
                            kind: DeviationKind::Dropped { field: path_text(&self.path) },
                            expected: mismatch.expected.into(),
                            found: mismatch.found,
                            raw,
                        });
                    }
                }
            }
        }
    }
}

/// The numbers and booleans of their shape, or held by a string.
fn scalars() -> TokenStream {
    quote! {
        /// A number or boolean of its shape, as is.
        fn fits(shape: &Shape, value: &Value) -> bool {
            match (shape, value) {
                (Shape::Integer, Value::Number(number)) => number.is_i64() || number.is_u64(),
                (Shape::Number, Value::Number(_)) | (Shape::Boolean, Value::Bool(_)) => true,
                _ => false,
            }
        }

        /// The number or boolean a string holds (`"42"`, `" 4.5 "`, `"TRUE"`).
        fn parsed(shape: &Shape, value: &Value) -> Option<Value> {
            let text = value.as_str()?.trim();
            match shape {
                Shape::Integer => text
                    .parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| text.parse::<u64>().map(Value::from))
                    .ok(),
                Shape::Number => text.parse::<i64>().map(Value::from).ok().or_else(|| {
                    let number = text.parse::<f64>().ok()?;
                    serde_json::Number::from_f64(number).map(Value::Number)
                }),
                Shape::Boolean if text.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
                Shape::Boolean if text.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
                _ => None,
            }
        }
    }
}

/// `Walk::typed`: the typed decode, taking out the optional fields it fails
/// on.
fn typed_pass() -> TokenStream {
    quote! {
        impl Walk {
            /// Decodes `value` as `T`. Where that fails in an optional field (a
            /// date that does not parse, an integer out of range, a union
            /// variant the client does not know), the field is taken out and
            /// the decode runs again; a failure anywhere else is the error, with
            /// its path, what the shape expects there, and the decoder's error.
            fn typed<T: serde::de::DeserializeOwned>(
                &mut self,
                value: &mut Value,
                shape: &'static Shape,
            ) -> Result<T, (String, &'static str, serde_json::Error)> {
                loop {
                    let error = match serde_path_to_error::deserialize::<_, T>(&*value) {
                        Ok(typed) => return Ok(typed),
                        Err(error) => error,
                    };
                    let path = segments(error.path());
                    let (field, expected) = optional_field(value, shape, &path);
                    let taken = field.and_then(|length| take(value, &path[..length]).map(|raw| (length, raw)));
                    let Some((length, raw)) = taken else {
                        return Err((path_text(&path), expected, error.into_inner()));
                    };
                    let field = path_text(&path[..length]);
                    // Coercions inside the field are moot now.
                    let inside = |path: &str| {
                        path.strip_prefix(field.as_str())
                            .is_some_and(|rest| rest.starts_with(['.', '[']))
                    };
                    self.deviations.retain(|deviation| !inside(&deviation.path));
                    self.deviations.push(Deviation {
                        operation: self.operation,
                        path: path_text(&path),
                        kind: DeviationKind::Dropped { field },
                        expected: expected.into(),
                        found: error.into_inner().to_string(),
                        raw,
                    });
                }
            }
        }
    }
}

/// The path of a decoder's error, and the optional field on it.
fn error_paths() -> TokenStream {
    quote! {
        /// The path of a decoder's error, as far as it follows the body.
        fn segments(path: &serde_path_to_error::Path) -> Vec<Segment> {
            let mut segments = Vec::new();
            for segment in path.iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => segments.push(Segment::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => segments.push(Segment::Key(key.clone())),
                    _ => break,
                }
            }
            segments
        }

        /// How many steps of `path` lead to the deepest optional field on it
        /// (or undeclared property a map keeps), and what the shape expects
        /// where the path ends.
        fn optional_field(value: &Value, shape: &'static Shape, path: &[Segment]) -> (Option<usize>, &'static str) {
            let (mut value, mut shape, mut field) = (value, shape.resolved(), None);
            for (depth, segment) in path.iter().enumerate() {
                let next = match (shape, segment, value) {
                    (Shape::Object { fields, additional }, Segment::Key(key), Value::Object(object)) => {
                        let declared = fields.iter().find(|field| field.name == key.as_str());
                        let next = match declared {
                            Some(declared) => Some((declared.shape, !declared.required)),
                            None => additional.map(|shape| (shape, true)),
                        };
                        next.zip(object.get(key)).map(|((shape, optional), value)| {
                            if optional {
                                field = Some(depth + 1);
                            }
                            (shape, value)
                        })
                    }
                    (Shape::Map(entry), Segment::Key(key), Value::Object(object)) => {
                        object.get(key).map(|value| (*entry, value))
                    }
                    (Shape::List(item), Segment::Index(index), Value::Array(items)) => {
                        items.get(*index).map(|value| (*item, value))
                    }
                    _ => None,
                };
                let Some((next_shape, next_value)) = next else {
                    return (field, "a value of the documented type");
                };
                (shape, value) = (next_shape.resolved(), next_value);
            }
            (field, shape.expected())
        }

        /// Takes the property at `path` (which ends with a key) out of `value`.
        fn take(value: &mut Value, path: &[Segment]) -> Option<Value> {
            let (Segment::Key(key), parents) = path.split_last()? else {
                return None;
            };
            let mut parent = value;
            for segment in parents {
                parent = match segment {
                    Segment::Key(key) => parent.get_mut(key.as_str())?,
                    Segment::Index(index) => parent.get_mut(*index)?,
                };
            }
            parent.as_object_mut()?.remove(key)
        }
    }
}
