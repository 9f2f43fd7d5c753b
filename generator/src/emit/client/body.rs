//! `Body` and `Part` in `client.rs`: request bodies as encoded bytes or
//! multipart parts, with the variants and part builders the spec's bodies
//! use.

use crate::emit::analysis::BodyKinds;
use proc_macro2::TokenStream;
use quote::quote;

/// `Body` (and `Part`), with the variants the spec's bodies use.
pub fn body_type(kinds: &BodyKinds) -> TokenStream {
    let bytes = kinds.bytes().then(|| {
        quote! {
            /// Encoded bytes and their media type.
            Bytes {
                bytes: Vec<u8>,
                content_type: &'static str,
            },
        }
    });
    let multipart = kinds.multipart().then(|| {
        quote! {
            /// `multipart/form-data` parts; the boundary is chosen each time
            /// the request is sent.
            Multipart(Vec<Part>),
        }
    });
    let part = kinds.multipart().then(part_type);
    let text_part = kinds.multipart_text.then(|| {
        quote! {
            /// A text part.
            fn text_part(name: &'static str, text: String) -> Part {
                Part {
                    name: Cow::Borrowed(name),
                    bytes: text.into_bytes(),
                    file_name: None,
                    content_type: None,
                }
            }
        }
    });
    let file_part = kinds.multipart_files.then(|| {
        quote! {
            /// A file part (`application/octet-stream` unless the file says
            /// otherwise); a media type that does not parse is refused here.
            fn file_part(name: &'static str, file: &super::models::FilePart) -> Result<Part, Error> {
                let content_type = file
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into());
                if let Err(error) = reqwest::multipart::Part::bytes(Vec::new()).mime_str(&content_type) {
                    return Err(Error::InvalidArgument {
                        name,
                        message: format!("media type `{content_type}`: {error}"),
                    });
                }
                Ok(Part {
                    name: Cow::Borrowed(name),
                    bytes: file.bytes.clone(),
                    file_name: file.file_name.clone(),
                    content_type: Some(content_type),
                })
            }
        }
    });
    quote! {
        /// An encoded request body.
        enum Body {
            #bytes
            #multipart
        }

        #part
        #text_part
        #file_part
    }
}

/// The `add_to` expression that puts the body on the request.
pub fn add_body(kinds: &BodyKinds) -> TokenStream {
    let bytes = kinds.bytes().then(|| {
        quote! {
            Some(Body::Bytes { bytes, content_type }) => request
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(bytes.clone()),
        }
    });
    let multipart = kinds.multipart().then(|| {
        quote! {
            Some(Body::Multipart(parts)) => request.multipart(
                parts
                    .iter()
                    .fold(reqwest::multipart::Form::new(), |form, part| form.part(part.name.clone(), part.to_reqwest())),
            ),
        }
    });
    quote! {
        match &self.body {
            #bytes
            #multipart
            None => request,
        }
    }
}

/// `Part`: one part of a multipart body, and how reqwest sends it.
fn part_type() -> TokenStream {
    quote! {
        /// One part of a multipart body.
        struct Part {
            name: Cow<'static, str>,
            bytes: Vec<u8>,
            file_name: Option<String>,
            content_type: Option<String>,
        }

        impl Part {
            /// The part as reqwest sends it; a multipart form is consumed when
            /// sent, so every attempt builds its own.
            fn to_reqwest(&self) -> reqwest::multipart::Part {
                let part = reqwest::multipart::Part::bytes(self.bytes.clone());
                let part = match &self.file_name {
                    Some(file_name) => part.file_name(file_name.clone()),
                    None => part,
                };
                match &self.content_type {
                    // `file_part` checked that it parses.
                    Some(content_type) => part
                        .mime_str(content_type)
                        .unwrap_or_else(|_| reqwest::multipart::Part::bytes(self.bytes.clone())),
                    None => part,
                }
            }
        }
    }
}
