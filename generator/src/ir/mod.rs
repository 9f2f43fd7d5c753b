//! Stage 2: the intermediate representation.
//!
//! Everything the emitters need, and nothing they must look up in the raw
//! spec: `$ref`s are resolved to [`TypeId`]s, every type, field, variant,
//! operation and argument has its final Rust name, and fields that would make
//! a type infinitely large are marked `boxed`. The IR holds no tokens.
//!
//! This file holds the data model, and [`build`], which runs the passes in
//! order:
//!
//! 1. `schemas`: component schemas → named types, kept in the `store`;
//! 2. `operations`: paths → operations, with their parameters, bodies and
//!    responses typed by `schemas`, and their authentication (`auth`,
//!    `api_keys`);
//! 3. `cycles`: fields on a cycle of types put behind a `Box`;
//! 4. `conventions`: client parameters and paginated lists, read from the
//!    shape of the operations.
//!
//! The first two follow `$ref`s with `resolve` and report to one
//! `diagnostics` sink; any error stops the build after them; `webhooks`
//! (a 3.1 spec's) are typed with the operations. `reserved` holds the
//! names the generated code claims for itself; `untyped` counts the
//! fields and parameters left as any JSON value, and why. Last, with
//! `--features-per-tag`, `features` decides the cargo feature of every
//! operation and type from what each operation reaches (`reach`, which
//! `diff` reads too).

mod api_keys;
mod auth;
mod conventions;
mod cycles;
mod diagnostics;
pub mod features;
mod operations;
pub(crate) mod reach;
pub mod reserved;
mod resolve;
mod schemas;
pub mod serde_impls;
mod store;
pub mod untyped;
mod webhooks;

use crate::diagnostic::Diagnostic;
use diagnostics::Diagnostics;
use openapiv3::OpenAPI;

pub use cycles::box_recursive_fields;
pub use untyped::{Untyped, UntypedReason};

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// `Debug` for an IR struct whose last fields are printed only when they
/// are set (differ from their default): what OpenAPI 3.1 added to the model
/// shows where a 3.1 spec uses it, and the IR of a spec that uses none of
/// it prints as it did before (the IR snapshots of 3.0 specs stay as they
/// are).
macro_rules! debug_unless_default {
    ($name:ident { $($field:ident),* ; $($optional:ident),* }) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut s = f.debug_struct(stringify!($name));
                $(s.field(stringify!($field), &self.$field);)*
                $(
                    if !is_default(&self.$optional) {
                        s.field(stringify!($optional), &self.$optional);
                    }
                )*
                s.finish()
            }
        }
    };
}

/// The whole API, ready to emit.
#[derive(Clone, PartialEq)]
pub struct Ir {
    pub api: ApiInfo,
    /// Indexed by [`TypeId`]; in the order the spec declares them.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub auth: Vec<AuthScheme>,
    /// Path parameters set once on the client instead of on every call.
    pub client_params: Vec<ClientParam>,
    /// The API keys operations send (`apiKey` security schemes).
    pub api_keys: Vec<ApiKey>,
    /// Things the generator could not represent exactly and approximated.
    pub warnings: Vec<Diagnostic>,
    /// The crate's cargo features, when generated with features per tag.
    pub features: Option<features::Features>,
}

debug_unless_default!(Ir { api, types, operations, auth, client_params, api_keys, warnings; features });

impl Ir {
    /// The error body every operation that documents one documents alike:
    /// `ApiError::body`'s type. `None` when none is documented or they
    /// differ (the body is then any JSON value).
    pub fn common_error_body(&self) -> Option<&TypeRef> {
        let mut documented = self
            .operations
            .iter()
            .filter_map(|op| op.error_response.as_ref());
        let first = documented.next()?;
        documented.all(|other| other == first).then_some(first)
    }

    /// `ApiError::body`'s type, inside its `Option` (which also stands for
    /// a `null` body, so a nullable error schema loses its own `Option`).
    pub fn error_body_type(&self) -> ErrorBodyType<'_> {
        match self.common_error_body().map(|ty| ty.strip_nullable().0) {
            Some(model @ TypeRef::Named(_)) => ErrorBodyType::Boxed(model),
            Some(other) => ErrorBodyType::Plain(other),
            None => ErrorBodyType::Any,
        }
    }

    /// Follows aliases to the type a value really has.
    pub fn resolve_alias<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        let mut current = ty;
        // Alias cycles are rejected when the IR is built; the bound only
        // guards against a bug turning into a hang.
        for _ in 0..=self.types.len() {
            match current {
                TypeRef::Named(id) => match &self.types[id.0].kind {
                    TypeKind::Alias(target) => current = target,
                    _ => return current,
                },
                other => return other,
            }
        }
        current
    }
}

/// The type of `ApiError::body`, inside its `Option`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ErrorBodyType<'a> {
    /// A model, boxed: `Error` holds the body, and every `Result<_, Error>`
    /// should stay small (clippy's `result_large_err`).
    Boxed(&'a TypeRef),
    /// A list, map or scalar, small already.
    Plain(&'a TypeRef),
    /// Any JSON value: operations document no error body, or several.
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiInfo {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL, used as the client's default base URL.
    pub server_url: Option<String>,
}

/// A handle to a type in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// How a value is typed where it is used (a field, an argument, a body).
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Date,
    DateTime,
    /// Any JSON value.
    Any,
    /// Bytes, sent as base64 text (`contentEncoding: base64`, or `format:
    /// byte` in a 3.1 spec).
    Bytes,
    /// An array of a fixed length, each item of its own type (3.1's
    /// `prefixItems`).
    Tuple(Vec<TypeRef>),
    /// No value but `null` (a 3.1 `type: "null"` alone): `()`, in the
    /// `Option` its nullability makes.
    Unit,
    List(Box<TypeRef>),
    /// A JSON object with string keys.
    Map(Box<TypeRef>),
    /// The value may be JSON `null`.
    Nullable(Box<TypeRef>),
    /// A file sent in a `multipart/form-data` body (`format: binary`).
    File,
}

impl TypeRef {
    /// The type without its outer `Nullable`, and whether there was one.
    pub fn strip_nullable(&self) -> (&TypeRef, bool) {
        match self {
            TypeRef::Nullable(inner) => (inner.strip_nullable().0, true),
            other => (other, false),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// Where the type comes from in the spec.
    pub pointer: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    /// `oneOf`/`anyOf`: one of several types.
    Union(UnionDef),
    /// `pub type Name = Target;`
    Alias(TypeRef),
    /// `pub struct Name(pub Target);`: an alias that reaches itself through
    /// a list or map (`Tree: {type: array, items: {$ref: Tree}}`), which a
    /// `type` alias cannot express.
    Newtype(TypeRef),
    /// An integer enum, open like the string ones: unknown values are kept.
    IntegerEnum(IntegerEnumDef),
    /// The parts of a `multipart/form-data` request body: a plain struct
    /// (files are [`TypeRef::File`]) that the client encodes part by part.
    Multipart(StructDef),
    /// The success answers of an operation whose 2xx statuses have
    /// different bodies: one variant per status.
    Responses(ResponsesDef),
    /// The webhooks of a 3.1 spec: one variant per event, holding its
    /// payload, which a server receiving them decodes by the event's name.
    Webhooks(WebhooksDef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct WebhooksDef {
    pub variants: Vec<WebhookVariant>,
    /// The variant for an event the spec does not document.
    pub other_variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WebhookVariant {
    pub name: String,
    /// The webhook's name in the spec (the key under `webhooks`).
    pub event: String,
    /// The JSON body's type; `None` when the webhook sends no JSON body.
    pub payload: Option<TypeRef>,
    /// The webhook operation's summary and description.
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntegerEnumDef {
    /// Named from `x-enum-varnames` when the spec gives names, else from
    /// the values (`Value1`, `ValueMinus1`).
    pub variants: Vec<IntegerVariant>,
    pub other_variant: String,
}

#[derive(Clone, PartialEq)]
pub struct IntegerVariant {
    pub name: String,
    pub value: i64,
    /// The value's description (a `const` member's, in a 3.1 spec).
    pub doc: Option<String>,
}

debug_unless_default!(IntegerVariant { name, value; doc });

#[derive(Debug, Clone, PartialEq)]
pub struct ResponsesDef {
    pub variants: Vec<StatusVariant>,
    /// The variant for a 2xx status the spec does not document.
    pub other_variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub name: String,
    pub status: StatusMatch,
    /// Never [`ResponseBody::ByStatus`].
    pub body: ResponseBody,
    /// The response's description.
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX`: any 2xx status not documented on its own.
    AnySuccess,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside declared properties: the name of the
    /// flattened map field and the type of its values.
    pub additional: Option<(String, TypeRef)>,
}

impl StructDef {
    /// Every field may be left out, so `Default` makes sense.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
}

#[derive(Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// Behind a `Box` because the field's type contains this struct.
    pub boxed: bool,
    pub doc: Option<String>,
    /// Marked `deprecated` in a 3.1 spec: `#[deprecated]`.
    pub deprecated: bool,
}

debug_unless_default!(Field { name, wire_name, ty, required, boxed, doc; deprecated });

/// A value that is one of several types. With a discriminator whose value
/// is known for every variant, decoding picks the variant by that property
/// (and keeps unknown ones); otherwise the first variant that decodes wins.
#[derive(Clone, PartialEq)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when every variant has tag values.
    pub discriminator: Option<String>,
    /// The variant for unknown discriminator values (tagged unions only).
    pub other_variant: String,
    /// What the discriminator's values are on the wire.
    pub tag: TagKind,
}

debug_unless_default!(UnionDef { variants, discriminator, other_variant; tag });

/// The JSON type of a union's tag values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TagKind {
    /// Strings, as OpenAPI's discriminators are.
    #[default]
    String,
    /// Integers (`type: 1`, a `const` in a 3.1 spec): [`UnionVariant::tag_values`]
    /// hold them as decimal text.
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Behind a `Box` because the variant's type contains this union.
    pub boxed: bool,
    /// Discriminator values selecting this variant.
    pub tag_values: Vec<String>,
}

/// A string enum that stays open: values the spec does not list are kept in
/// the `other_variant`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub variants: Vec<Variant>,
    pub other_variant: String,
}

#[derive(Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire_value: String,
    /// The value's description (a `const` member's, in a 3.1 spec).
    pub doc: Option<String>,
}

debug_unless_default!(Variant { name, wire_value; doc });

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The client method's name.
    pub name: String,
    /// Upper-case HTTP method, e.g. `POST`.
    pub method: String,
    /// The path template as written in the spec.
    pub path: String,
    pub segments: Vec<PathSegment>,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The spec's tags, in its order: the cargo features of a crate
    /// generated with features per tag.
    pub tags: Vec<String>,
    pub path_params: Vec<PathParam>,
    /// A struct holding the query parameters, if there are any.
    pub query: Option<QueryParams>,
    /// A struct holding the header and cookie parameters, if there are any.
    pub headers: Option<HeaderParams>,
    pub body: Option<RequestBody>,
    pub response: ResponseBody,
    /// The `Accept` header: the media types of the success responses.
    pub accept: String,
    /// The JSON body of the operation's documented error responses (`4XX`,
    /// `5XX`, `default`, or a 4xx/5xx code), if it documents one.
    pub error_response: Option<TypeRef>,
    /// How requests are authenticated: the scheme of the first security
    /// requirement the client supports other than API keys, or `None`.
    pub auth: Option<AuthScheme>,
    /// The API keys the same requirement asks for: indices into
    /// [`Ir::api_keys`].
    pub api_keys: Vec<usize>,
    /// Set when the operation returns a page of a cursor-paginated list.
    pub pagination: Option<Pagination>,
    /// The client's private method that builds the operation's request
    /// (`get_job_request`), named after the public methods.
    pub request_method: String,
    pub pointer: String,
}

/// A list operation whose response is an object with an array `data` and a
/// string `nextToken`, and which takes a `nextToken` query parameter: the
/// client can follow the tokens from page to page.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The type of one item of `data`.
    pub item: TypeRef,
    /// The response field holding the items.
    pub items_field: String,
    /// Whether that field is an `Option` (not required, or nullable).
    pub items_optional: bool,
    /// The response field holding the next page's token.
    pub next_token_field: String,
    /// Whether that field is an `Option`.
    pub next_token_optional: bool,
    /// The query struct's field that sends the token.
    pub query_token_field: String,
    /// The client method streaming whole pages.
    pub pages_method: String,
    /// The client method streaming the items of all pages.
    pub items_method: String,
    /// The locals of the pages method, named apart from its arguments.
    pub locals: StreamLocals,
}

/// The locals of a `…_pages` method beside its arguments (wanted as
/// [`reserved::STREAM_LOCALS`] says, with a suffix where an argument has
/// the name): an argument they shadowed would be lost inside the stream.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamLocals {
    /// The client copy the stream owns.
    pub client: String,
    /// Each call's page token.
    pub token: String,
    /// The page a call answers.
    pub page: String,
    /// The next page's token.
    pub next: String,
}

/// A path parameter set on the client once (and overridable per call)
/// rather than passed to every method: one the spec marks `deprecated`,
/// as m3ter does for `orgId` to advise setting it at the client level.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientParam {
    pub wire_name: String,
    /// The client builder's method and field, and the client's field.
    pub field: String,
    /// The client method returning a copy with another value.
    pub setter: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    Literal(String),
    /// Index into [`Operation::path_params`].
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    pub arg_name: String,
    /// The local the method keeps the percent-encoded value in, named in
    /// the path's `format!`: the argument's own name, or a name of its own
    /// when that is a raw identifier (`r#type`), which `format!` cannot name.
    pub local: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub doc: Option<String>,
    /// Marked `deprecated` in the spec.
    pub deprecated: bool,
    /// Index into [`Ir::client_params`] when the value comes from the client.
    pub client_param: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueryParams {
    pub arg_name: String,
    /// A struct in [`Ir::types`] whose fields are the parameters.
    pub ty: TypeId,
    /// How each field (in order) is written into the query string.
    pub styles: Vec<QueryStyle>,
}

/// OpenAPI's query parameter serialization, for arrays and objects
/// (scalars are `name=value` in every style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` with `explode: true` (the default): `ids=a&ids=b`; an
    /// object's properties become parameters of their own.
    FormExploded,
    /// `form` with `explode: false`: `ids=a,b`.
    Form,
    /// `ids=a%20b`
    SpaceDelimited,
    /// `ids=a|b`
    PipeDelimited,
    /// `filter[name]=value` for each property of an object.
    DeepObject,
}

/// Header and cookie parameters, gathered into one struct.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderParams {
    pub arg_name: String,
    /// A struct in [`Ir::types`] whose fields are the parameters.
    pub ty: TypeId,
    /// For each field (in order): sent in the `Cookie` header rather than
    /// as a header of its own.
    pub cookies: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub arg_name: String,
    pub kind: BodyKind,
    pub required: bool,
    /// The `Content-Type` sent.
    pub media_type: String,
}

/// How a request body is typed and encoded; JSON is preferred when the
/// spec offers several media types.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the value's properties as
    /// `name=value` pairs.
    Form(TypeRef),
    /// `multipart/form-data` with a [`TypeKind::Multipart`] struct: one part
    /// per field.
    Multipart(TypeId),
    /// `multipart/form-data` whose schema is not a plain object: one text
    /// part per property of the value's JSON form.
    MultipartValue(TypeRef),
    /// `text/*`: a string.
    Text,
    /// Any other media type (`application/octet-stream`, ...): bytes.
    Binary,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body is documented for the success response.
    Empty,
    Json(TypeRef),
    Text,
    Bytes,
    /// 2xx statuses with different bodies: a [`TypeKind::Responses`] enum.
    ByStatus(TypeId),
}

/// An `apiKey` security scheme the client sends.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    /// The scheme's name under `components/securitySchemes`.
    pub scheme: String,
    /// The header, query parameter or cookie name.
    pub wire_name: String,
    pub location: ApiKeyLocation,
    /// The variant naming the key in the client's code.
    pub variant: String,
    /// The client builder's method setting the key.
    pub setter: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthScheme {
    /// OAuth2 client-credentials flow: a bearer token from `token_url`.
    OAuth2ClientCredentials { token_url: String },
    /// A bearer token (HTTP `bearer` scheme or any other OAuth2 flow).
    Bearer,
    /// HTTP `basic`: a user name and password.
    Basic,
}

/// Builds the IR, collecting every error of the pass before failing.
pub fn build(spec: &OpenAPI, options: &crate::Options) -> Result<Ir, Vec<Diagnostic>> {
    build_counting_untyped(spec, options).map(|(ir, _)| ir)
}

/// [`build`], and the count of the fields and parameters left untyped.
pub fn build_counting_untyped(
    spec: &OpenAPI,
    options: &crate::Options,
) -> Result<(Ir, Untyped), Vec<Diagnostic>> {
    let mut schemas = schemas::Converter::new(spec, Diagnostics::new(options.strict));
    schemas.declare_components();
    let mut api_keys = api_keys::ApiKeys::default();
    let (mut operations, mut method_names) =
        operations::build(spec, options, &mut schemas, &mut api_keys);
    webhooks::build(spec, &mut schemas);
    let auth = auth::schemes(spec);
    let (mut type_defs, diagnostics, fallbacks) = schemas.finish();
    let warnings = diagnostics.finish()?;
    let untyped = fallbacks.count(&type_defs);
    box_recursive_fields(&mut type_defs);
    let client_params = conventions::client_params(&type_defs, &mut operations, &mut method_names);
    let api_keys = api_keys.finish(reserved::BUILDER_NAMES, &client_params);
    conventions::detect_pagination(&type_defs, &mut operations, &mut method_names);
    conventions::name_request_methods(&mut operations, &mut method_names);
    let mut ir = Ir {
        api: api_info(spec),
        types: type_defs,
        operations,
        auth,
        client_params,
        api_keys,
        warnings,
        features: None,
    };
    if options.features_per_tag && !options.models_only {
        let mut warnings = std::mem::take(&mut ir.warnings);
        ir.features = features::per_tag(&ir, &mut warnings);
        ir.warnings = warnings;
    }
    Ok((ir, untyped))
}

fn api_info(spec: &OpenAPI) -> ApiInfo {
    ApiInfo {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        server_url: spec
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_string()),
    }
}
