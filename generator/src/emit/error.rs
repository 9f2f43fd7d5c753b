//! `error.rs`: the one error type every client method returns.
//!
//! An API error keeps the raw body text and, when the spec documents an
//! error body (`4XX`, `5XX`, `default`...), the body decoded as that type.
//! One error type serves every operation, so the decoded body has one type
//! too: the documented one when all operations agree on it, and any JSON
//! value (`serde_json::Value`) otherwise.

use super::analysis::Analysis;
use super::{allow_type_complexity, type_tokens, wrapped_complexity, Scope};
use crate::ir::{ErrorBodyType, Ir, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(ir: &Ir, analysis: &Analysis) -> TokenStream {
    let body_type = error_body_type(ir);
    let variants = variants(analysis);
    let display = display(analysis);
    let api_error = api_error(&body_type, allow_type_complexity(error_body_complexity(ir)));
    let decode_error = decode_error();
    let auth_source = analysis
        .auth
        .oauth
        .is_some()
        .then(|| quote!(Self::Auth { source: Some(error), .. } => Some(error.as_ref()),));
    let auth_status = analysis
        .auth
        .oauth
        .is_some()
        .then(|| quote!(Self::Auth { status, .. } => *status,));
    quote! {
        //! The error every client method returns.

        use std::fmt;

        /// How many bytes of a body an error message shows.
        const BODY_START_LEN: usize = 512;

        /// Everything that can go wrong when calling the API.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            #variants
        }

        #api_error

        #decode_error

        impl Error {
            /// The HTTP status, when the server answered.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Self::Api(api) => Some(api.status),
                    Self::Transport(error) | Self::Timeout(error) => error.status().map(|s| s.as_u16()),
                    #auth_status
                    _ => None,
                }
            }
        }

        #display

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::Transport(error) | Self::Timeout(error) => Some(error),
                    Self::Encode(error) => Some(error),
                    Self::Decode(error) => error.source.as_ref().map(|source| source as _),
                    #auth_source
                    _ => None,
                }
            }
        }

        /// The first bytes of a body, as text, for messages.
        pub(crate) fn body_start(body: &[u8]) -> String {
            let start = &body[..body.len().min(BODY_START_LEN)];
            let mut text = String::from_utf8_lossy(start).into_owned();
            if body.len() > BODY_START_LEN {
                text.push_str("...");
            }
            text
        }
    }
}

/// The type of [`ApiError::body`]: the error schema all operations document,
/// or any JSON value when they document none or several.
fn error_body_type(ir: &Ir) -> TokenStream {
    match ir.error_body_type() {
        ErrorBodyType::Boxed(model) => {
            let ty = type_tokens(ir, model, Scope::Sibling);
            quote!(Box<#ty>)
        }
        ErrorBodyType::Plain(other) => type_tokens(ir, other, Scope::Sibling),
        ErrorBodyType::Any => quote!(serde_json::Value),
    }
}

/// Clippy's complexity score of `ApiError::body`'s type, `Option<…>` of
/// [`error_body_type`].
fn error_body_complexity(ir: &Ir) -> u32 {
    match ir.error_body_type() {
        ErrorBodyType::Boxed(model) => wrapped_complexity(model, 2),
        ErrorBodyType::Plain(other) => wrapped_complexity(other, 1),
        ErrorBodyType::Any => wrapped_complexity(&TypeRef::Any, 1),
    }
}

fn variants(analysis: &Analysis) -> TokenStream {
    let auth = analysis.auth.oauth.is_some().then(|| {
        quote! {
            /// No access token could be had from the token endpoint: the
            /// credentials were refused, or the endpoint could not be reached.
            /// The message never holds a secret.
            Auth {
                /// What went wrong.
                message: String,
                /// The token endpoint's HTTP status, if it answered.
                status: Option<u16>,
                /// The transport error, if it did not answer.
                source: Option<Box<Error>>,
            },
        }
    });
    quote! {
        /// The base URL given to the client is not an absolute `http(s)` URL.
        InvalidBaseUrl {
            /// The URL as given.
            url: String,
            /// Why it was rejected.
            reason: String,
        },
        /// The client's configuration is incomplete or inconsistent (a
        /// client-level parameter that is not set, half of a key pair...).
        Config {
            /// What is wrong, and how to fix it.
            message: String,
        },
        /// A path parameter is empty, `.` or `..`: no URL can carry it as a
        /// segment of its own.
        InvalidPathParameter {
            /// The parameter's name in the spec.
            name: &'static str,
            /// The value that was refused.
            value: String,
        },
        /// A header, cookie or file-part argument cannot be sent as given (a
        /// header value with a line break, a media type that does not parse).
        InvalidArgument {
            /// The parameter's (or part's) name in the spec.
            name: &'static str,
            /// What is wrong with the value.
            message: String,
        },
        /// The request got no answer (connection refused or reset, TLS, a
        /// broken response), after the retries.
        Transport(reqwest::Error),
        /// The request timed out, after the retries.
        Timeout(reqwest::Error),
        /// The server answered with a status other than 2xx (after the
        /// retries, for the statuses that are retried).
        Api(ApiError),
        #auth
        /// The request body could not be encoded as JSON.
        Encode(serde_json::Error),
        /// A 2xx body that cannot be decoded as the spec documents it: not
        /// JSON, a required value missing or of a type that cannot hold it, or
        /// (with `ClientBuilder::strict_responses`) any deviation from the spec. It names the JSON path, and keeps the
        /// whole body and the parsed JSON.
        Decode(Box<DecodeError>),
        /// The response body is larger than
        /// [`ClientBuilder::max_response_bytes`](super::client::ClientBuilder::max_response_bytes)
        /// allows; it was not read further.
        ResponseTooLarge {
            /// The limit, in bytes.
            limit: u64,
            /// The body's length, when the server announced it
            /// (`Content-Length`).
            length: Option<u64>,
        },
    }
}

fn api_error(body_type: &TokenStream, complex: Option<TokenStream>) -> TokenStream {
    quote! {
        /// A response with a status other than 2xx.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct ApiError {
            /// The HTTP status code.
            pub status: u16,
            /// The body decoded as the error body the spec documents, when it is
            /// JSON of that shape.
            #complex
            pub body: Option<#body_type>,
            /// The body as text (lossily decoded if it is not UTF-8); empty if
            /// there was none.
            pub text: String,
            /// The `x-request-id` response header, if the server sent one.
            pub request_id: Option<String>,
        }

        impl ApiError {
            /// The error for a response of a status other than 2xx.
            pub(crate) fn new(
                status: reqwest::StatusCode,
                headers: &reqwest::header::HeaderMap,
                body: &[u8],
            ) -> Self {
                Self {
                    status: status.as_u16(),
                    body: serde_json::from_slice(body).ok(),
                    text: String::from_utf8_lossy(body).into_owned(),
                    request_id: headers
                        .get("x-request-id")
                        .and_then(|value| value.to_str().ok())
                        .map(String::from),
                }
            }
        }
    }
}

fn display(analysis: &Analysis) -> TokenStream {
    let auth = analysis.auth.oauth.is_some().then(|| {
        quote! {
            Self::Auth { message, source, .. } => {
                write!(f, "cannot authenticate: {message}")?;
                if let Some(source) = source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
        }
    });
    quote! {
        impl fmt::Display for Error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Self::InvalidBaseUrl { url, reason } => {
                        write!(f, "invalid base URL `{url}`: {reason}")
                    }
                    Self::Config { message } => write!(f, "client configuration: {message}"),
                    Self::InvalidPathParameter { name, value } => write!(
                        f,
                        "path parameter `{name}` cannot be `{value}`: the request would address another resource"
                    ),
                    Self::InvalidArgument { name, message } => {
                        write!(f, "argument `{name}` cannot be sent: {message}")
                    }
                    Self::Transport(error) => write!(f, "request failed: {error}"),
                    Self::Timeout(error) => write!(f, "request timed out: {error}"),
                    Self::Api(api) => fmt::Display::fmt(api, f),
                    #auth
                    Self::Encode(error) => write!(f, "cannot encode the request body: {error}"),
                    Self::Decode(error) => fmt::Display::fmt(error, f),
                    Self::ResponseTooLarge { limit, length } => {
                        write!(f, "the response body is larger than the limit of {limit} bytes")?;
                        if let Some(length) = length {
                            write!(f, " (Content-Length: {length})")?;
                        }
                        Ok(())
                    }
                }
            }
        }

        impl fmt::Display for ApiError {
            /// `the API answered HTTP 404 Not Found (request id r-1): <body>`
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the API answered HTTP {}", self.status)?;
                let reason = reqwest::StatusCode::from_u16(self.status)
                    .ok()
                    .and_then(|status| status.canonical_reason());
                if let Some(reason) = reason {
                    write!(f, " {reason}")?;
                }
                if let Some(id) = &self.request_id {
                    write!(f, " (request id {id})")?;
                }
                let text = self.text.trim();
                if !text.is_empty() {
                    write!(f, ": {}", body_start(text.as_bytes()))?;
                }
                Ok(())
            }
        }
    }
}

/// `DecodeError` (what `Error::Decode` holds) and `Deviation`, a place where
/// a response strays from the spec (see `decode.rs`).
fn decode_error() -> TokenStream {
    quote! {
        /// A 2xx response body that could not be decoded (see [`Error::Decode`]).
        #[derive(Debug)]
        #[non_exhaustive]
        pub struct DecodeError {
            /// The client method that received the body.
            pub operation: &'static str,
            /// The JSON path of the value that could not be decoded:
            /// `filters.meterIds`, `data[2].id`, or `.` for the body itself.
            pub path: String,
            /// What the spec documents there.
            pub expected: String,
            /// What the body holds there (or what the JSON decoder reported).
            pub found: String,
            /// The whole body, as received.
            pub body: Vec<u8>,
            /// The body parsed as JSON, as received (`None` when it is not JSON),
            /// so that the data that did decode can still be read.
            pub value: Option<serde_json::Value>,
            /// The deviations met before the failure (with `strict_responses`,
            /// every deviation, the failure among them).
            pub deviations: Vec<Deviation>,
            /// The JSON decoder's error, when it reported the failure.
            pub source: Option<serde_json::Error>,
        }

        impl DecodeError {
            /// The body as text (lossily decoded if it is not UTF-8).
            pub fn text(&self) -> String {
                String::from_utf8_lossy(&self.body).into_owned()
            }
        }

        impl fmt::Display for DecodeError {
            /// Names the operation, the path, what was expected and what was
            /// found, and shows the start of the body.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "cannot decode the response of `{}` at `{}`: expected {}, found {}",
                    self.operation, self.path, self.expected, self.found
                )?;
                let others = self.deviations.iter().filter(|d| d.path != self.path).count();
                if others > 0 {
                    write!(f, " ({others} other deviations from the spec)")?;
                }
                write!(f, "; the body starts with: {}", body_start(&self.body))
            }
        }

        /// A place where a response strays from the spec and was decoded anyway
        /// (or, with `strict_responses`, refused). Each is logged as a `tracing`
        /// event at warn level, and `collect_deviations` (at the crate's root)
        /// returns those of a call.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct Deviation {
            /// The client method that received the body.
            pub operation: &'static str,
            /// The JSON path of the value: `filters.meterIds`, `data[2].id`.
            pub path: String,
            /// What the client did with it.
            pub kind: DeviationKind,
            /// What the spec documents there.
            pub expected: String,
            /// What the body holds there.
            pub found: String,
            /// The value as the server sent it (`null` for a value left out).
            pub raw: serde_json::Value,
        }

        /// What the client did with a value that strays from the spec.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum DeviationKind {
            /// One value where the spec declares an array: decoded as an array of
            /// that one value.
            WrappedInArray,
            /// A number or a boolean sent as a string (`"42"`, `"true"`): decoded
            /// as the number or boolean.
            ParsedFromString,
            /// `null` in an optional field that is not nullable, or a nullable
            /// required field left out: decoded as `None`.
            AbsentAsNone,
            /// A value its field's type cannot hold (or holding such a value):
            /// the optional field at `field` is `None`, and `raw` keeps what
            /// was sent.
            Dropped {
                /// The JSON path of the field that was set to `None`.
                field: String,
            },
        }

        impl fmt::Display for Deviation {
            /// `` `filters.meterIds`: expected an array, found a string (decoded as an array of one) ``
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "`{}`: expected {}, found {}",
                    self.path, self.expected, self.found
                )?;
                match &self.kind {
                    DeviationKind::WrappedInArray => f.write_str(" (decoded as an array of one)"),
                    DeviationKind::ParsedFromString => f.write_str(" (decoded from the string)"),
                    DeviationKind::AbsentAsNone => f.write_str(" (decoded as None)"),
                    DeviationKind::Dropped { field } => {
                        write!(f, " (`{field}` decoded as None)")
                    }
                }
            }
        }
    }
}
