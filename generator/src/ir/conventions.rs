//! API conventions read from the shape of a spec rather than declared in it:
//! path parameters the client holds for every call, and cursor-paginated
//! list operations. Both run after the types are built, and name the client
//! methods they add in the same namespace as the operation methods, after
//! those (an operation keeps its natural name on a collision); the private
//! request builders are named last.

use super::reserved::{BUILDER_FIELDS, BUILDER_NAMES, STREAM_LOCALS};
use super::{
    ClientParam, Operation, Pagination, ResponseBody, StreamLocals, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{value_name, Namespace};

/// Path parameters marked `deprecated` become client parameters: m3ter's
/// own spec marks `orgId` so, advising to set it once at the client level.
/// One client parameter per wire name, with the first declaration's text;
/// every operation that has it `deprecated` takes it from the client.
/// Only string parameters qualify (the client holds them as strings).
pub fn client_params(
    types: &[TypeDef],
    operations: &mut [Operation],
    methods: &mut Namespace,
) -> Vec<ClientParam> {
    let mut params: Vec<ClientParam> = Vec::new();
    let mut fields = Namespace::new();
    for name in BUILDER_NAMES.iter().chain(BUILDER_FIELDS) {
        fields.reserve(name);
    }
    for op in operations.iter_mut() {
        let held = op
            .path_params
            .iter_mut()
            .filter(|p| p.deprecated && is_string(types, &p.ty));
        for param in held {
            let index = match params.iter().position(|c| c.wire_name == param.wire_name) {
                Some(index) => index,
                None => {
                    let field = fields.claim(&value_name(&param.wire_name));
                    let setter = methods.claim(&format!("with_{field}"));
                    params.push(ClientParam {
                        wire_name: param.wire_name.clone(),
                        field,
                        setter,
                        doc: param.doc.clone(),
                    });
                    params.len() - 1
                }
            };
            param.client_param = Some(index);
        }
    }
    params
}

/// Marks list operations: a JSON response object with an array `data` and
/// a string `nextToken`, and a string `nextToken` query parameter that is
/// not required.
pub fn detect_pagination(types: &[TypeDef], operations: &mut [Operation], methods: &mut Namespace) {
    for op in operations.iter_mut() {
        if let Some(mut pagination) = pagination_of(types, op) {
            let base = suffix_base(&op.name);
            pagination.pages_method = methods.claim(&format!("{base}_pages"));
            pagination.items_method = methods.claim(&format!("{base}_stream"));
            pagination.locals = stream_locals(op);
            op.pagination = Some(pagination);
        }
    }
}

/// Names each operation's private request builder `{name}_request`, after
/// every public method has its name, so that a public method never gives
/// way to a private one.
pub fn name_request_methods(operations: &mut [Operation], methods: &mut Namespace) {
    for op in operations.iter_mut() {
        op.request_method = methods.claim(&format!("{}_request", suffix_base(&op.name)));
    }
}

/// What a suffix is appended to: `self_` (a keyword's escape) loses its
/// underscore, so that it gives `self_pages`, not `self__pages`.
fn suffix_base(method: &str) -> &str {
    method.trim_end_matches('_')
}

fn pagination_of(types: &[TypeDef], op: &Operation) -> Option<Pagination> {
    let ResponseBody::Json(response) = &op.response else {
        return None;
    };
    let TypeKind::Struct(page) = &types[named(types, response)?].kind else {
        return None;
    };
    let query = op.query.as_ref()?;
    let TypeKind::Struct(query) = &types[query.ty.0].kind else {
        return None;
    };
    let query_token = query.fields.iter().find(|f| f.wire_name == "nextToken")?;
    let (query_token_ty, _) = query_token.ty.strip_nullable();
    if query_token.required || !is_string(types, query_token_ty) {
        return None;
    }
    let items = page.fields.iter().find(|f| f.wire_name == "data")?;
    let (items_ty, items_nullable) = items.ty.strip_nullable();
    let TypeRef::List(item) = resolve(types, items_ty) else {
        return None;
    };
    let next = page.fields.iter().find(|f| f.wire_name == "nextToken")?;
    let (next_ty, next_nullable) = next.ty.strip_nullable();
    if !is_string(types, next_ty) {
        return None;
    }
    Some(Pagination {
        item: (**item).clone(),
        items_field: items.name.clone(),
        items_optional: items_nullable || !items.required,
        next_token_field: next.name.clone(),
        next_token_optional: next_nullable || !next.required,
        query_token_field: query_token.name.clone(),
        pages_method: String::new(),
        items_method: String::new(),
        locals: StreamLocals::default(),
    })
}

/// The pages method's locals, named apart from `op`'s arguments.
fn stream_locals(op: &Operation) -> StreamLocals {
    let mut names = Namespace::new();
    let path = op
        .path_params
        .iter()
        .flat_map(|p| [p.arg_name.as_str(), p.local.as_str()]);
    let query = op.query.iter().map(|q| q.arg_name.as_str());
    let headers = op.headers.iter().map(|h| h.arg_name.as_str());
    let body = op.body.iter().map(|b| b.arg_name.as_str());
    for argument in path.chain(query).chain(headers).chain(body) {
        names.reserve(argument);
    }
    let [client, token, page, next] = STREAM_LOCALS.map(|wanted| names.claim(wanted));
    StreamLocals {
        client,
        token,
        page,
        next,
    }
}

fn is_string(types: &[TypeDef], ty: &TypeRef) -> bool {
    matches!(resolve(types, ty), TypeRef::String)
}

/// The struct a type names, through aliases.
fn named(types: &[TypeDef], ty: &TypeRef) -> Option<usize> {
    match resolve(types, ty) {
        TypeRef::Named(id) => Some(id.0),
        _ => None,
    }
}

/// Follows aliases (and strips `Nullable` on the way) to the type a value
/// really has. Alias cycles are rejected earlier; the bound only guards
/// against a bug turning into a hang.
fn resolve<'a>(types: &'a [TypeDef], ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty.strip_nullable().0;
    for _ in 0..=types.len() {
        match current {
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(target) => current = target.strip_nullable().0,
                _ => return current,
            },
            other => return other,
        }
    }
    current
}
