//! `Base64Bytes`: the model type of bytes sent as base64 text (a 3.1
//! spec's `contentEncoding: base64`), with its base64 coding written out,
//! so that the generated crate needs no dependency for it.

use crate::emit::ident;
use crate::ir::reserved::BASE64_BYTES;
use crate::ir::{BodyKind, Ir, ResponseBody, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether some type, parameter or body of the IR holds bytes.
pub fn uses_bytes(ir: &Ir) -> bool {
    let in_types = ir.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) | TypeKind::Multipart(s) => {
            s.fields.iter().any(|f| holds_bytes(&f.ty))
                || s.additional.as_ref().is_some_and(|(_, ty)| holds_bytes(ty))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| holds_bytes(&v.ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => holds_bytes(ty),
        TypeKind::Webhooks(w) => w.variants.iter().flat_map(|v| &v.payload).any(holds_bytes),
        TypeKind::Responses(r) => r.variants.iter().any(|v| body_holds_bytes(&v.body)),
        TypeKind::Enum(_) | TypeKind::IntegerEnum(_) => false,
    });
    in_types
        || ir.operations.iter().any(|op| {
            op.path_params.iter().any(|p| holds_bytes(&p.ty))
                || body_holds_bytes(&op.response)
                || op.error_response.as_ref().is_some_and(holds_bytes)
                || op.body.as_ref().is_some_and(|body| match &body.kind {
                    BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::MultipartValue(ty) => {
                        holds_bytes(ty)
                    }
                    _ => false,
                })
        })
}

fn body_holds_bytes(body: &ResponseBody) -> bool {
    matches!(body, ResponseBody::Json(ty) if holds_bytes(ty))
}

fn holds_bytes(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Bytes => true,
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => holds_bytes(inner),
        TypeRef::Tuple(members) => members.iter().any(holds_bytes),
        _ => false,
    }
}

/// The `Base64Bytes` type: bytes, read from and written as base64 text.
pub fn base64_bytes() -> TokenStream {
    let name = ident(BASE64_BYTES);
    let coding = coding(&name);
    let conversions = conversions(&name);
    quote! {
        /// Bytes, sent as base64 text (standard alphabet, padded); read
        /// from the standard or the URL-safe alphabet, padded or not.
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash,
            ::std::default::Default,
        )]
        pub struct #name(pub ::std::vec::Vec<u8>);

        #coding
        #conversions
    }
}

/// `to_base64` and `from_base64`, written out (the crate needs no base64
/// dependency for them).
fn coding(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl #name {
            const ALPHABET: &'static [u8; 64] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

            /// The bytes as base64 text.
            pub fn to_base64(&self) -> ::std::string::String {
                let mut text = ::std::string::String::with_capacity(self.0.len().div_ceil(3) * 4);
                for chunk in self.0.chunks(3) {
                    let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
                    let group = (byte(0) << 16) | (byte(1) << 8) | byte(2);
                    for i in 0..4 {
                        if i <= chunk.len() {
                            let index = (group >> (18 - 6 * i)) & 63;
                            text.push(char::from(Self::ALPHABET[index as usize]));
                        } else {
                            text.push('=');
                        }
                    }
                }
                text
            }

            /// The bytes of base64 text, or `None` when it is not base64.
            pub fn from_base64(text: &str) -> ::std::option::Option<Self> {
                let text = text.trim_end_matches('=');
                let mut bytes = ::std::vec::Vec::with_capacity(text.len() * 3 / 4);
                let mut buffer = 0u32;
                let mut bits = 0u32;
                for c in text.bytes() {
                    let value = match c {
                        b'A'..=b'Z' => c - b'A',
                        b'a'..=b'z' => c - b'a' + 26,
                        b'0'..=b'9' => c - b'0' + 52,
                        b'+' | b'-' => 62,
                        b'/' | b'_' => 63,
                        _ => return ::std::option::Option::None,
                    };
                    buffer = (buffer << 6) | u32::from(value);
                    bits += 6;
                    if bits >= 8 {
                        bits -= 8;
                        bytes.push((buffer >> bits) as u8);
                        buffer &= (1 << bits) - 1;
                    }
                }
                ::std::option::Option::Some(Self(bytes))
            }
        }
    }
}

/// From and to `Vec<u8>`, and serde as base64 text.
fn conversions(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::std::convert::From<::std::vec::Vec<u8>> for #name {
            fn from(bytes: ::std::vec::Vec<u8>) -> Self {
                Self(bytes)
            }
        }

        impl ::std::ops::Deref for #name {
            type Target = [u8];

            fn deref(&self) -> &[u8] {
                &self.0
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.to_base64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::string::String as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                Self::from_base64(&text)
                    .ok_or_else(|| <D::Error as ::serde::de::Error>::custom("invalid base64 text"))
            }
        }
    }
}
