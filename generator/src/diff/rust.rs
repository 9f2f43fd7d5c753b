//! The Rust the emitters write for each IR element, as a user of the
//! generated crate sees it: type names, field declarations, method
//! signatures, the traits each type implements and the client's setters.
//!
//! The comparison rates changes by these strings and facts, so they must
//! say exactly what `emit/` prints; `tests/diff_surface.rs` parses the
//! generated code with syn and checks that they do, for every fixture and
//! for the m3ter spec. Paths are shortened to what a user writes after
//! `use my_crate::models::*` (`Option<StatementJobStatus>`, `Vec<String>`,
//! `chrono::NaiveDate`); method signatures name models as `models::Name`.

use crate::ir::{
    AuthScheme, BodyKind, ErrorBodyType, Field, Ir, Operation, ResponseBody, StructDef, TypeDef,
    TypeId, TypeKind, TypeRef,
};

/// The names `FilePart` and `Base64Bytes` have in `models` (see
/// `ir::reserved`).
use crate::ir::reserved::{BASE64_BYTES, FILE_PART};
use crate::ir::serde_impls::SerdeImpls;

/// How a type is named inside `models.rs` (`emit::type_tokens`).
pub fn type_name(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => ir.types[id.0].name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::List(item) => format!("Vec<{}>", type_name(ir, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_name(ir, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_name(ir, inner)),
        TypeRef::File => FILE_PART.into(),
        TypeRef::Bytes => BASE64_BYTES.into(),
        TypeRef::Unit => "()".into(),
        TypeRef::Tuple(members) => tuple(members.iter().map(|m| type_name(ir, m))),
    }
}

/// `(A, B)`, and `(A,)` for one member.
fn tuple(members: impl Iterator<Item = String>) -> String {
    let members: Vec<String> = members.collect();
    match members.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", members.join(", ")),
    }
}

/// The type of a struct field: boxed when recursive, an `Option` when it
/// may be absent or `null` (`models::emit_field`, `forms::multipart_struct`).
pub fn field_type(ir: &Ir, field: &Field, boxing: bool) -> String {
    let (inner, nullable) = field.ty.strip_nullable();
    let mut ty = type_name(ir, inner);
    if field.boxed && boxing {
        ty = format!("Box<{ty}>");
    }
    if nullable || !field.required {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// `pub name: Type`
pub fn field_declaration(ir: &Ir, field: &Field, boxing: bool) -> String {
    format!("pub {}: {}", field.name, field_type(ir, field, boxing))
}

/// The flattened map of `additionalProperties` beside declared fields.
pub fn additional_declaration(ir: &Ir, (name, value): &(String, TypeRef)) -> String {
    format!("pub {name}: BTreeMap<String, {}>", type_name(ir, value))
}

/// What kind of item a type is, in words (`struct`, `enum`, `type alias`).
pub fn item_kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) | TypeKind::Multipart(_) | TypeKind::Newtype(_) => "struct",
        TypeKind::Enum(_)
        | TypeKind::Union(_)
        | TypeKind::IntegerEnum(_)
        | TypeKind::Responses(_)
        | TypeKind::Webhooks(_) => "enum",
        TypeKind::Alias(_) => "type alias",
    }
}

/// `pub struct Name`, `pub enum Name`, `pub type Name = Target`.
pub fn type_declaration(ir: &Ir, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Alias(target) => format!("pub type {} = {}", def.name, type_name(ir, target)),
        TypeKind::Newtype(target) => {
            format!("pub struct {}(pub {})", def.name, type_name(ir, target))
        }
        kind => format!("pub {} {}", item_kind(kind), def.name),
    }
}

/// The traits a model type implements, derived or by hand, besides the
/// `--extra-derive`s (the same on both sides of a diff).
pub fn traits(def: &TypeDef, serde: SerdeImpls) -> Vec<&'static str> {
    const BASE: [&str; 3] = ["Debug", "Clone", "PartialEq"];
    const SERDE: [&str; 2] = ["Serialize", "Deserialize"];
    let mut traits: Vec<&'static str> = BASE.to_vec();
    let struct_serde = |traits: &mut Vec<&'static str>| {
        if serde.serialize {
            traits.push("Serialize");
        }
        if serde.deserialize {
            traits.push("Deserialize");
        }
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            if s.all_optional() {
                traits.push("Default");
            }
            struct_serde(&mut traits);
        }
        TypeKind::Multipart(s) => {
            if s.all_optional() {
                traits.push("Default");
            }
        }
        TypeKind::Enum(_) => {
            traits.extend(["Eq", "Hash"]);
            traits.extend(SERDE);
            traits.extend(["Display", "FromStr", "From<String>"]);
        }
        TypeKind::IntegerEnum(_) => {
            traits.extend(["Copy", "Eq", "Hash"]);
            traits.extend(SERDE);
            traits.extend(["Display", "From<i64>"]);
        }
        TypeKind::Union(_) | TypeKind::Newtype(_) => struct_serde(&mut traits),
        TypeKind::Responses(_) | TypeKind::Webhooks(_) => {}
        // An alias is its target: the target's traits are compared there.
        TypeKind::Alias(_) => traits.clear(),
    }
    traits
}

/// Whether code outside the crate may name every field of the type's
/// struct literal or every variant of its enum (no `#[non_exhaustive]`):
/// then adding a field or a variant breaks that code. This must follow
/// what the emitters write: the witnesses of `tests/diff_witness.rs` fail
/// when it does not.
pub fn exhaustive(def: &TypeDef) -> bool {
    match &def.kind {
        // Every generated enum is `#[non_exhaustive]`: a value or variant
        // the API adds later is a minor change of the client.
        TypeKind::Enum(_)
        | TypeKind::Union(_)
        | TypeKind::IntegerEnum(_)
        | TypeKind::Responses(_)
        | TypeKind::Webhooks(_) => false,
        // Structs stay exhaustive: callers build them with struct literals
        // (query structs with `..Default::default()`, which
        // `#[non_exhaustive]` would forbid), and tests build responses.
        TypeKind::Struct(_)
        | TypeKind::Multipart(_)
        | TypeKind::Alias(_)
        | TypeKind::Newtype(_) => true,
    }
}

/// The fields of a struct-like type, for the comparison: declared fields
/// and the flattened map of `additionalProperties`.
pub fn struct_of(def: &TypeDef) -> Option<&StructDef> {
    match &def.kind {
        TypeKind::Struct(s) | TypeKind::Multipart(s) => Some(s),
        TypeKind::Enum(_)
        | TypeKind::Union(_)
        | TypeKind::Alias(_)
        | TypeKind::Newtype(_)
        | TypeKind::IntegerEnum(_)
        | TypeKind::Responses(_)
        | TypeKind::Webhooks(_) => None,
    }
}

/// Numbers and booleans are passed by value (`operations::by_value`).
fn by_value(ir: &Ir, ty: &TypeRef) -> bool {
    matches!(
        ir.resolve_alias(ty),
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
    )
}

/// A model named from a sibling module of `models` (`client.rs`).
fn model_name(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("models::{}", ir.types[id.0].name),
        TypeRef::List(item) => format!("Vec<{}>", model_name(ir, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", model_name(ir, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", model_name(ir, inner)),
        TypeRef::File => format!("models::{FILE_PART}"),
        TypeRef::Bytes => format!("models::{BASE64_BYTES}"),
        TypeRef::Tuple(members) => tuple(members.iter().map(|m| model_name(ir, m))),
        other => type_name(ir, other),
    }
}

/// What `&` is put in front of: `str` for strings, `[T]` for lists
/// (`operations::borrowed_type`).
fn borrowed(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "str".into(),
        TypeRef::List(item) => format!("[{}]", model_name(ir, item)),
        other => model_name(ir, other),
    }
}

/// The type of a path argument (`operations::argument_type`).
pub fn path_argument(ir: &Ir, ty: &TypeRef) -> String {
    if by_value(ir, ty) {
        model_name(ir, ty)
    } else {
        format!("&{}", borrowed(ir, ty))
    }
}

/// The type of the body argument (`operations::arguments`).
pub fn body_argument(ir: &Ir, kind: &BodyKind, required: bool) -> String {
    let ty = match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::MultipartValue(ty) => borrowed(ir, ty),
        BodyKind::Multipart(id) => format!("models::{}", ir.types[id.0].name),
        BodyKind::Text => "str".into(),
        BodyKind::Binary => "[u8]".into(),
    };
    if required {
        format!("&{ty}")
    } else {
        format!("Option<&{ty}>")
    }
}

/// The success type a method returns (`operations::response_handling`).
pub fn return_type(ir: &Ir, response: &ResponseBody) -> String {
    match response {
        ResponseBody::Empty => "()".into(),
        ResponseBody::Json(ty) => model_name(ir, ty),
        ResponseBody::Text => "String".into(),
        ResponseBody::Bytes => "Vec<u8>".into(),
        ResponseBody::ByStatus(id) => format!("models::{}", ir.types[id.0].name),
    }
}

/// The arguments of a method, `(name, type)` in order: path parameters
/// the client does not hold, the query struct, the header struct, the body.
pub fn arguments(ir: &Ir, op: &Operation) -> Vec<(String, String)> {
    let mut args: Vec<(String, String)> = op
        .path_params
        .iter()
        .filter(|p| p.client_param.is_none())
        .map(|p| (p.arg_name.clone(), path_argument(ir, &p.ty)))
        .collect();
    let structs = [
        op.query.as_ref().map(|q| (&q.arg_name, q.ty)),
        op.headers.as_ref().map(|h| (&h.arg_name, h.ty)),
    ];
    for (name, TypeId(id)) in structs.into_iter().flatten() {
        args.push((name.clone(), format!("&models::{}", ir.types[id].name)));
    }
    if let Some(body) = &op.body {
        let ty = body_argument(ir, &body.kind, body.required);
        args.push((body.arg_name.clone(), ty));
    }
    args
}

/// `pub fn name(&self, id: &str) -> impl Future<Output = Result<models::Job, Error>> + '_`
pub fn method_signature(ir: &Ir, op: &Operation) -> String {
    let args: String = arguments(ir, op)
        .iter()
        .map(|(name, ty)| format!(", {name}: {ty}"))
        .collect();
    format!(
        "pub fn {}(&self{args}) -> impl Future<Output = Result<{}, Error>> + '_",
        op.name,
        return_type(ir, &op.response)
    )
}

/// Whether a success response is (or may be) a JSON body.
fn answers_json(ir: &Ir, response: &crate::ir::ResponseBody) -> bool {
    use crate::ir::{ResponseBody, TypeKind};
    match response {
        ResponseBody::Json(_) => true,
        ResponseBody::ByStatus(id) => match &ir.types[id.0].kind {
            TypeKind::Responses(responses) => responses
                .variants
                .iter()
                .any(|variant| matches!(variant.body, ResponseBody::Json(_))),
            _ => false,
        },
        _ => false,
    }
}

/// The setters of `ClientBuilder` and `Client` that depend on the spec, as
/// `(item, declaration)`: credentials for the schemes operations use, one
/// per API key, one per client-level parameter, and `strict_responses` when
/// an operation answers with JSON (`builder::setters`).
pub fn setters(ir: &Ir) -> Vec<(String, String)> {
    let schemes: Vec<&AuthScheme> = ir
        .operations
        .iter()
        .filter_map(|op| op.auth.as_ref())
        .collect();
    let oauth = schemes
        .iter()
        .any(|s| matches!(s, AuthScheme::OAuth2ClientCredentials { .. }));
    let bearer = oauth || schemes.iter().any(|s| matches!(s, AuthScheme::Bearer));
    let basic = schemes.iter().any(|s| matches!(s, AuthScheme::Basic));
    let into = "impl Into<String>";
    let mut setters = Vec::new();
    let mut builder = |name: &str, args: String| {
        let item = format!("ClientBuilder::{name}");
        setters.push((item, format!("pub fn {name}(self{args}) -> Self")));
    };
    if oauth || basic {
        builder(
            "credentials",
            format!(", api_key: {into}, api_secret: {into}"),
        );
    }
    if bearer {
        builder("bearer_token", format!(", token: {into}"));
    }
    if oauth {
        builder("token_url", format!(", url: {into}"));
    }
    for key in &ir.api_keys {
        builder(&key.setter, format!(", key: {into}"));
    }
    for param in &ir.client_params {
        builder(&param.field, format!(", value: {into}"));
    }
    if ir
        .operations
        .iter()
        .any(|op| answers_json(ir, &op.response))
    {
        builder("strict_responses", ", strict: bool".into());
    }
    for param in &ir.client_params {
        let item = format!("Client::{}", param.setter);
        setters.push((
            item,
            format!("pub fn {}(&self, value: {into}) -> Self", param.setter),
        ));
    }
    setters
}

/// Whether the client's `Error` has its `Auth` variant: only with OAuth2
/// (`error::variants`).
pub fn has_auth_error(ir: &Ir) -> bool {
    ir.operations
        .iter()
        .any(|op| matches!(op.auth, Some(AuthScheme::OAuth2ClientCredentials { .. })))
}

/// The type of `ApiError::body`'s `Option`: the error schema every
/// operation documents, or any JSON value (`error::error_body_type`).
pub fn error_body_type(ir: &Ir) -> String {
    match ir.error_body_type() {
        ErrorBodyType::Boxed(model) => format!("Box<{}>", model_name(ir, model)),
        ErrorBodyType::Plain(other) => model_name(ir, other),
        ErrorBodyType::Any => "serde_json::Value".into(),
    }
}

/// Whether `models::FilePart` is emitted (`forms::uses_files`).
pub fn uses_files(ir: &Ir) -> bool {
    fn holds_file(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::File => true,
            TypeRef::List(inner) | TypeRef::Nullable(inner) => holds_file(inner),
            _ => false,
        }
    }
    ir.types.iter().any(|def| match &def.kind {
        TypeKind::Multipart(form) => form.fields.iter().any(|f| holds_file(&f.ty)),
        _ => false,
    })
}
