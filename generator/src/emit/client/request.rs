//! The statements of an operation method that build its request: the path
//! (with the client's path parameters), the query pairs, the headers and
//! cookies, and the encoded body.

use super::operations::by_value;
use crate::emit::analysis::is_object;
use crate::emit::text::{has_text_form, sent_as_display_text, wire_text};
use crate::emit::{ident, resolve_alias};
use crate::ir::{
    BodyKind, ClientParam, Field, Ir, Operation, PathParam, PathSegment, QueryStyle, TypeKind,
    TypeRef,
};
use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The statements that percent-encode the path parameters into locals and
/// format the path (`format!("/organizations/{org_id}/statementjobs/{id}")`
/// into `request_path`), and the argument of `endpoint`: the path literal
/// when there are no parameters, else `&request_path`. The values
/// the client holds are read first, so that one it lacks is the error
/// whatever the others are; then each parameter is encoded in path order.
pub fn path(ir: &Ir, op: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut statements: Vec<TokenStream> = op
        .path_params
        .iter()
        .filter_map(|p| {
            let param = &ir.client_params[p.client_param?];
            let arg = ident(&p.arg_name);
            let field = ident(&param.field);
            let missing = missing_const(param);
            Some(quote!(let #arg = client_param(&self.#field, #missing)?;))
        })
        .collect();
    statements.extend(
        op.path_params
            .iter()
            .map(|param| encode_path_param(ir, param)),
    );
    let mut template = String::new();
    for segment in &op.segments {
        match segment {
            PathSegment::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"));
            }
            PathSegment::Param(index) => {
                template.push_str(&format!("{{{}}}", op.path_params[*index].local));
            }
        }
    }
    if op.path_params.is_empty() {
        return (statements, quote!(#template));
    }
    statements.push(quote!(let request_path = format!(#template);));
    (statements, quote!(&request_path))
}

/// `let id = encode_path_parameter("id", id)?;`; a value that is not a
/// string is written as text first, into the same local.
fn encode_path_param(ir: &Ir, param: &PathParam) -> TokenStream {
    let arg = ident(&param.arg_name);
    let local = ident(&param.local);
    let wire_name = &param.wire_name;
    if matches!(resolve_alias(ir, &param.ty), TypeRef::String) {
        return quote!(let #local = encode_path_parameter(#wire_name, #arg)?;);
    }
    let value = if by_value(ir, &param.ty) {
        quote!(&#arg)
    } else {
        quote!(#arg)
    };
    let text = wire_text(ir, &param.ty, value);
    quote! {
        let #local = #text;
        let #local = encode_path_parameter(#wire_name, &#local)?;
    }
}

/// The constant holding the message of the error for a client parameter
/// that is not set: `ORG_ID_MISSING`.
pub fn missing_const(param: &ClientParam) -> proc_macro2::Ident {
    format_ident!("{}_MISSING", param.field.to_shouty_snake_case())
}

/// `let request_query = Vec::from([...])` with required parameters, then pushes
/// for the optional ones.
pub fn query_pairs(ir: &Ir, op: &Operation) -> TokenStream {
    let Some(query) = &op.query else {
        return TokenStream::new();
    };
    let arg = ident(&query.arg_name);
    let TypeKind::Struct(params) = &ir.types[query.ty.0].kind else {
        return TokenStream::new();
    };
    let mut required = Vec::new();
    let mut optional = Vec::new();
    let mut deep_objects = Vec::new();
    for (field, &style) in params.fields.iter().zip(&query.styles) {
        let expanded = match style {
            QueryStyle::DeepObject => Some(quote!(deep_object_pairs)),
            QueryStyle::FormExploded if is_object(ir, &field.ty) => Some(quote!(property_pairs)),
            _ => None,
        };
        if let Some(pairs) = expanded {
            let (prepare, extend) = expanded_field(&arg, field, pairs);
            deep_objects.push(prepare);
            optional.push(extend);
            continue;
        }
        let (is_statement, tokens) = query_field(ir, &arg, field, style);
        if is_statement {
            optional.push(tokens);
        } else {
            required.push(tokens);
        }
    }
    let mutability = (!optional.is_empty()).then(|| quote!(mut));
    let initial = list_of(&required, quote!(vec![]));
    quote! {
        #(#deep_objects)*
        let #mutability request_query: Vec<(&str, String)> = #initial;
        #(#optional)*
    }
}

/// An object parameter sent as several pairs: `filter[name]=value`
/// (`deepObject`) or one pair per property (`form`, exploded). The pairs
/// are computed first, into a local the query borrows the names from.
fn expanded_field(
    query: &proc_macro2::Ident,
    field: &Field,
    pairs: TokenStream,
) -> (TokenStream, TokenStream) {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    // A field named for a digit-led or keyword wire name (`_9lives`, `r#type`)
    // loses its prefix here: `pairs_9lives`, `pairs_type`.
    let local = format_ident!(
        "pairs_{}",
        field.name.trim_start_matches("r#").trim_start_matches('_')
    );
    let (_, nullable) = field.ty.strip_nullable();
    let prepare = if nullable || !field.required {
        quote! {
            let #local = match &#query.#name {
                Some(value) => #pairs(#wire, value)?,
                None => Vec::new(),
            };
        }
    } else {
        quote!(let #local = #pairs(#wire, &#query.#name)?;)
    };
    let extend = quote! {
        request_query.extend(#local.iter().map(|(name, value)| (name.as_str(), value.clone())));
    };
    (prepare, extend)
}

/// For a required scalar: the `(name, text)` pair; otherwise a statement
/// that adds the pairs. The flag says whether the statement form is used.
fn query_field(
    ir: &Ir,
    query: &proc_macro2::Ident,
    field: &Field,
    style: QueryStyle,
) -> (bool, TokenStream) {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let (inner, nullable) = field.ty.strip_nullable();
    let optional = nullable || !field.required;
    let separator = match style {
        QueryStyle::FormExploded | QueryStyle::DeepObject => None,
        QueryStyle::Form => Some(","),
        QueryStyle::SpaceDelimited => Some(" "),
        QueryStyle::PipeDelimited => Some("|"),
    };
    // A list's statement, run on `values` when the list is there.
    let with_values = |statement: TokenStream| {
        let statement = if optional {
            quote!(if let Some(values) = &#query.#name { #statement })
        } else {
            quote!({ let values = &#query.#name; #statement })
        };
        (true, statement)
    };
    match (resolve_alias(ir, inner), separator) {
        // `ids=a&ids=b`
        (TypeRef::List(item), None) => {
            let text = wire_text(ir, item, quote!(value));
            with_values(quote!(request_query.extend(values.iter().map(|value| (#wire, #text)));))
        }
        // `ids=a,b` (or space- or pipe-separated)
        (TypeRef::List(_), Some(separator)) => {
            let text = parameter_text(ir, inner, &Place::bound("values"), separator);
            with_values(quote!(request_query.push((#wire, #text));))
        }
        _ if optional => {
            let text = wire_text(ir, inner, quote!(value));
            (
                true,
                quote!(if let Some(value) = &#query.#name { request_query.push((#wire, #text)); }),
            )
        }
        _ => {
            let text = wire_text(ir, inner, quote!(&#query.#name));
            (false, quote!((#wire, #text)))
        }
    }
}

/// `let request_headers = ...;` with the header parameters (values checked
/// by `header_value`) and one `Cookie` header for the cookie parameters.
/// Required values start their list (`Vec::from([..])`), optional ones are pushed
/// after it.
pub fn header_pairs(ir: &Ir, op: &Operation) -> Option<TokenStream> {
    let headers = op.headers.as_ref()?;
    let arg = ident(&headers.arg_name);
    let TypeKind::Struct(params) = &ir.types[headers.ty.0].kind else {
        return None;
    };
    let mut required_headers = Vec::new();
    let mut required_cookies = Vec::new();
    let mut optional = Vec::new();
    let mut optional_cookies = false;
    for (field, &cookie) in params.fields.iter().zip(&headers.cookies) {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let (inner, nullable) = field.ty.strip_nullable();
        let entry = |text: TokenStream| {
            if cookie {
                quote!(cookie_pair(#wire, &#text))
            } else {
                quote!((#wire, header_value(#wire, #text)?))
            }
        };
        if nullable || !field.required {
            let entry = entry(parameter_text(ir, inner, &Place::bound("value"), ","));
            optional_cookies |= cookie;
            let list = if cookie {
                quote!(cookies)
            } else {
                quote!(request_headers)
            };
            optional.push(quote!(if let Some(value) = &#arg.#name { #list.push(#entry); }));
        } else {
            let entry = entry(parameter_text(ir, inner, &Place::field(&arg, &name), ","));
            if cookie {
                required_cookies.push(entry);
            } else {
                required_headers.push(entry);
            }
        }
    }
    let has_cookies = headers.cookies.contains(&true);
    let cookies_init = has_cookies.then(|| {
        let mutability = optional_cookies.then(|| quote!(mut));
        let cookies = list_of(&required_cookies, quote!(Vec::new()));
        quote!(let #mutability cookies: Vec<String> = #cookies;)
    });
    let cookies_add = has_cookies.then(|| {
        quote! {
            if !cookies.is_empty() {
                request_headers.push(("cookie", cookies.join("; ")));
            }
        }
    });
    let mutability = (has_cookies || !optional.is_empty()).then(|| quote!(mut));
    let headers = list_of(&required_headers, quote!(Vec::new()));
    Some(quote! {
        let #mutability request_headers: Vec<(&'static str, String)> = #headers;
        #cookies_init
        #(#optional)*
        #cookies_add
    })
}

/// A `Vec` of `items`: `Vec::from([..])`, which the formatter lays out (it
/// leaves a `vec![..]` macro's contents as they are), or `empty`.
fn list_of(items: &[TokenStream], empty: TokenStream) -> TokenStream {
    if items.is_empty() {
        empty
    } else {
        quote!(Vec::from([#(#items),*]))
    }
}

/// Where a parameter's value is read from: a binding that already holds a
/// reference (`value`), or an argument's field (`headers.x_tags`), which a
/// method call reads in place and a function call is handed borrowed.
struct Place {
    receiver: TokenStream,
    reference: TokenStream,
}

impl Place {
    fn bound(name: &str) -> Self {
        let name = ident(name);
        Place {
            receiver: quote!(#name),
            reference: quote!(#name),
        }
    }

    fn field(arg: &Ident, field: &Ident) -> Self {
        Place {
            receiver: quote!(#arg.#field),
            reference: quote!(&#arg.#field),
        }
    }
}

/// The text of a header or cookie parameter: a list is comma-separated
/// (OpenAPI's `simple` and `form` styles), anything else as in a query.
fn parameter_text(ir: &Ir, ty: &TypeRef, place: &Place, separator: &str) -> TokenStream {
    let Place {
        receiver,
        reference,
    } = place;
    let TypeRef::List(item) = resolve_alias(ir, ty) else {
        return wire_text(ir, ty, reference.clone());
    };
    // Function paths where a closure would only forward its argument, as
    // clippy's `redundant_closure` asks.
    let texts = match resolve_alias(ir, item) {
        TypeRef::String => return quote!(#receiver.join(#separator)),
        _ if sent_as_display_text(ir, item) => {
            quote!(#receiver.iter().map(ToString::to_string))
        }
        _ if has_text_form(ir, item) => {
            let text = wire_text(ir, item, quote!(item));
            quote!(#receiver.iter().map(|item| #text))
        }
        _ => return wire_text(ir, ty, reference.clone()),
    };
    quote!(#texts.collect::<Vec<_>>().join(#separator))
}

/// `let request_body = ...;` when the operation has a body.
pub fn request_body(ir: &Ir, op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let arg = ident(&body.arg_name);
    let encoded = if body.required {
        encode_body(ir, &body.kind, &body.media_type, &quote!(#arg))
    } else if let BodyKind::Text | BodyKind::Binary = body.kind {
        // Encoding cannot fail: a plain `map` (clippy's `manual_map`).
        let text = matches!(body.kind, BodyKind::Text);
        let bytes = bytes_body(text, &body.media_type, &quote!(body));
        quote!(#arg.map(|body| #bytes))
    } else {
        let encoded = encode_body(ir, &body.kind, &body.media_type, &quote!(body));
        quote!(match #arg {
            Some(body) => #encoded,
            None => None,
        })
    };
    Some(quote!(let request_body = #encoded;))
}

/// The `Body` of a text (`str`) or binary (`[u8]`) body, sent as it is.
fn bytes_body(text: bool, media_type: &str, value: &TokenStream) -> TokenStream {
    let bytes = if text {
        quote!(#value.as_bytes().to_vec())
    } else {
        quote!(#value.to_vec())
    };
    quote!(Body::Bytes { bytes: #bytes, content_type: #media_type })
}

/// An expression of type `Option<Body>` encoding `value` (a reference).
fn encode_body(ir: &Ir, kind: &BodyKind, media_type: &str, value: &TokenStream) -> TokenStream {
    match kind {
        BodyKind::Json(_) => quote!(encode_json(#value, #media_type)?),
        BodyKind::Form(_) => quote!(encode_form(#value, #media_type)?),
        BodyKind::MultipartValue(_) => quote!(encode_multipart_value(#value)?),
        BodyKind::Text | BodyKind::Binary => {
            let bytes = bytes_body(matches!(kind, BodyKind::Text), media_type, value);
            quote!(Some(#bytes))
        }
        BodyKind::Multipart(id) => {
            let TypeKind::Multipart(form) = &ir.types[id.0].kind else {
                return quote!(None);
            };
            let parts = form
                .fields
                .iter()
                .map(|field| multipart_part(ir, value, field));
            quote!({
                let mut parts = Vec::new();
                #(#parts)*
                Some(Body::Multipart(parts))
            })
        }
    }
}

/// The statement adding one field's part(s) of a multipart form: a file
/// part for files, a text part for values with a text form, JSON text for
/// the others; one part per item of a list; none for an absent value.
fn multipart_part(ir: &Ir, form: &TokenStream, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let (inner, nullable) = field.ty.strip_nullable();
    let (item, is_list) = match resolve_alias(ir, inner) {
        TypeRef::List(item) => (&**item, true),
        other => (other, false),
    };
    let push = match item {
        TypeRef::File => quote!(parts.push(file_part(#wire, value)?);),
        _ if has_text_form(ir, item) => {
            let text = wire_text(ir, item, quote!(value));
            quote!(parts.push(text_part(#wire, #text));)
        }
        _ => {
            quote!(parts.push(text_part(#wire, serde_json::to_string(value).map_err(Error::Encode)?));)
        }
    };
    let optional = nullable || !field.required;
    match (optional, is_list) {
        (false, false) => quote!({ let value = &#form.#name; #push }),
        (false, true) => quote!(for value in &#form.#name { #push }),
        (true, false) => quote!(if let Some(value) = &#form.#name { #push }),
        (true, true) => quote! {
            if let Some(values) = &#form.#name {
                for value in values { #push }
            }
        },
    }
}
