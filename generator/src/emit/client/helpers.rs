//! The free functions emitted at the end of `client.rs`: percent-encoding
//! of path parameters, header and cookie values, query serialization
//! (`deepObject`, exploded objects), request-body encoders and JSON
//! decoding. Each is emitted only when some operation uses it.

use super::request::missing_const;
use crate::emit::analysis::{Analysis, BodyKinds};
use crate::emit::docs::own_doc;
use crate::emit::EmitContext;
use proc_macro2::TokenStream;
use quote::quote;

/// Free helper functions, each only when some operation uses it (an unused
/// one would be a `dead_code` warning in the generated crate).
pub fn emit(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let paths = path_helpers(cx, analysis);
    let parameters = parameter_helpers(analysis);
    let bodies = body_helpers(&analysis.body_kinds, analysis.property_pairs);
    let decode = analysis.json_responses.then(|| {
        quote! {
            impl Shared {
                /// Decodes the JSON body of an answer to `operation` as `T`, whose
                /// shape is `shape`, as the client's response policy says.
                fn decode_json<T: serde::de::DeserializeOwned>(
                    &self,
                    operation: &'static str,
                    shape: &'static super::decode::Shape,
                    body: &[u8],
                ) -> Result<T, Error> {
                    super::decode::decode_json(body, operation, shape, self.strict_responses)
                }
            }
        }
    });
    quote!(#paths #parameters #bodies #decode)
}

/// `NOT_UNRESERVED` (the characters percent-encoding leaves alone),
/// `encode_path_parameter`, and `client_param` with the messages of the
/// client parameters that are not set.
fn path_helpers(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let kinds = &analysis.body_kinds;
    let path_params = analysis.path_params;
    let percent_encoded = (path_params || kinds.form || analysis.cookies).then(|| {
        quote! {
            /// Everything but RFC 3986's unreserved characters is percent-encoded
            /// in path parameters, form fields and cookie values, so a value can
            /// never add path segments, fields or cookies of its own.
            const NOT_UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');
        }
    });
    let path_params = path_params.then(|| {
        quote! {
            /// Percent-encodes one path parameter. An empty value, `.` and `..`
            /// are refused: the first leaves the segment out, and every URL parser
            /// resolves the others (encoded or not) as "this" and "parent" segment,
            /// so each would send the request to another resource.
            fn encode_path_parameter<'a>(
                name: &'static str,
                value: &'a str,
            ) -> Result<percent_encoding::PercentEncode<'a>, Error> {
                if value.is_empty() || value == "." || value == ".." {
                    return Err(Error::InvalidPathParameter {
                        name,
                        value: value.into(),
                    });
                }
                Ok(percent_encoding::utf8_percent_encode(value, NOT_UNRESERVED))
            }
        }
    });
    let client_param = (!cx.ir.client_params.is_empty()).then(|| {
        let missing = missing_messages(cx, analysis);
        quote! {
            /// The value of a client-level path parameter, or the error that
            /// says how to set it.
            fn client_param<'a>(
                value: &'a Option<String>,
                missing: &'static str,
            ) -> Result<&'a str, Error> {
                value.as_deref().ok_or_else(|| Error::Config { message: missing.into() })
            }

            #(#missing)*
        }
    });
    quote!(#percent_encoded #path_params #client_param)
}

/// Checking header values, `Cookie` pairs, and the query pairs of object
/// parameters (`deepObject`, exploded `form`).
fn parameter_helpers(analysis: &Analysis) -> TokenStream {
    let headers = analysis.header_params.then(|| {
        quote! {
            /// A header's value, refused if HTTP cannot carry it (line breaks,
            /// control characters).
            fn header_value(name: &'static str, value: String) -> Result<String, Error> {
                match reqwest::header::HeaderValue::from_str(&value) {
                    Ok(_) => Ok(value),
                    Err(error) => Err(Error::InvalidArgument {
                        name,
                        message: error.to_string(),
                    }),
                }
            }
        }
    });
    let cookies = analysis.cookies.then(|| {
        quote! {
            /// `name=value` for the `Cookie` header, the value percent-encoded.
            fn cookie_pair(name: &str, value: &str) -> String {
                format!("{name}={}", percent_encoding::utf8_percent_encode(value, NOT_UNRESERVED))
            }
        }
    });
    let deep_objects = analysis.deep_objects.then(|| {
        quote! {
            /// A `deepObject` query parameter's pairs: `name[key]=value` for each
            /// property of the value's JSON form, nested objects as
            /// `name[key][inner]`, one pair per item of an array; a value that is
            /// not an object is `name=value`.
            fn deep_object_pairs<T: serde::Serialize + ?Sized>(
                name: &str,
                value: &T,
            ) -> Result<Vec<(String, String)>, Error> {
                fn add(pairs: &mut Vec<(String, String)>, name: String, value: serde_json::Value) {
                    match value {
                        serde_json::Value::Null => {}
                        serde_json::Value::Object(object) => {
                            for (key, value) in object {
                                add(pairs, format!("{name}[{key}]"), value);
                            }
                        }
                        serde_json::Value::Array(items) => {
                            for item in items {
                                add(pairs, name.clone(), item);
                            }
                        }
                        serde_json::Value::String(text) => pairs.push((name, text)),
                        other => pairs.push((name, other.to_string())),
                    }
                }
                let mut pairs = Vec::new();
                add(&mut pairs, name.into(), serde_json::to_value(value).map_err(Error::Encode)?);
                Ok(pairs)
            }
        }
    });
    let property_pairs = analysis.property_pairs.then(|| {
        quote! {
            /// An object query parameter in the default style: one pair per
            /// property (`json_pairs`); a value that is not an object is
            /// `name=value`.
            fn property_pairs<T: serde::Serialize + ?Sized>(
                name: &str,
                value: &T,
            ) -> Result<Vec<(String, String)>, Error> {
                let pairs = json_pairs(value)?;
                Ok(
                    pairs
                        .into_iter()
                        .map(|(key, text)| if key.is_empty() { (name.into(), text) } else { (key, text) })
                        .collect(),
                )
            }
        }
    });
    quote!(#headers #cookies #deep_objects #property_pairs)
}

/// The encoders of request bodies the spec uses.
fn body_helpers(kinds: &BodyKinds, property_pairs: bool) -> TokenStream {
    let json = kinds.json.then(|| {
        quote! {
            fn encode_json<T: serde::Serialize + ?Sized>(
                value: &T,
                content_type: &'static str,
            ) -> Result<Option<Body>, Error> {
                let bytes = serde_json::to_vec(value).map_err(Error::Encode)?;
                Ok(Some(Body::Bytes { bytes, content_type }))
            }
        }
    });
    let pairs = (kinds.form || kinds.multipart_value || property_pairs).then(json_pairs);
    let form = kinds.form.then(|| {
        quote! {
            /// An `application/x-www-form-urlencoded` body.
            fn encode_form<T: serde::Serialize + ?Sized>(
                value: &T,
                content_type: &'static str,
            ) -> Result<Option<Body>, Error> {
                let encoded: Vec<String> = json_pairs(value)?
                    .iter()
                    .map(|(name, value)| {
                        format!(
                            "{}={}",
                            percent_encoding::utf8_percent_encode(name, NOT_UNRESERVED),
                            percent_encoding::utf8_percent_encode(value, NOT_UNRESERVED)
                        )
                    })
                    .collect();
                Ok(Some(Body::Bytes {
                    bytes: encoded.join("&").into_bytes(),
                    content_type,
                }))
            }
        }
    });
    let multipart_value = kinds.multipart_value.then(|| {
        quote! {
            /// A multipart body with one text part per property of the value.
            fn encode_multipart_value<T: serde::Serialize + ?Sized>(
                value: &T,
            ) -> Result<Option<Body>, Error> {
                let parts = json_pairs(value)?
                    .into_iter()
                    .map(|(name, text)| Part {
                        name: Cow::Owned(name),
                        bytes: text.into_bytes(),
                        file_name: None,
                        content_type: None,
                    })
                    .collect();
                Ok(Some(Body::Multipart(parts)))
            }
        }
    });
    quote!(#json #pairs #form #multipart_value)
}

/// `json_pairs`: a value's properties as text, for forms, multipart values
/// and exploded query objects.
fn json_pairs() -> TokenStream {
    quote! {
        /// A value's properties as `(name, text)` pairs, from its JSON form (so
        /// in name order): strings as they are, numbers and booleans as JSON
        /// writes them, one pair per item of an array, objects as JSON text;
        /// `null` is left out.
        fn json_pairs<T: serde::Serialize + ?Sized>(
            value: &T,
        ) -> Result<Vec<(String, String)>, Error> {
            fn text(value: serde_json::Value) -> String {
                match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                }
            }
            let object = match serde_json::to_value(value).map_err(Error::Encode)? {
                serde_json::Value::Object(object) => object,
                serde_json::Value::Null => serde_json::Map::new(),
                // A value that is not an object has no property names: it is
                // one pair with an empty name, which the caller names.
                other => std::iter::once((String::new(), other)).collect(),
            };
            let mut pairs = Vec::new();
            for (name, value) in object {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => {
                        pairs.extend(items.into_iter().map(|item| (name.clone(), text(item))));
                    }
                    other => pairs.push((name, text(other))),
                }
            }
            Ok(pairs)
        }
    }
}

/// For each client parameter, the message of the error for a call made
/// without it: `ORG_ID_MISSING`, read by every method whose path has it.
fn missing_messages(cx: &EmitContext, analysis: &Analysis) -> Vec<TokenStream> {
    let params = cx.ir.client_params.iter();
    params
        .zip(&analysis.env.client_params)
        .map(|(param, var)| {
            let name = missing_const(param);
            let doc = own_doc(&format!(
                "The message of the error for a call without `{}`.",
                param.wire_name.replace('`', "'")
            ));
            let message = format!(
                "`{}` is not set: set it with `ClientBuilder::{}`, `Client::{}` or the {var} \
                 environment variable",
                param.wire_name, param.field, param.setter
            );
            quote!(#doc const #name: &str = #message;)
        })
        .collect()
}
