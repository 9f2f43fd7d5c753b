//! `error.rs`: the one error type every client method returns.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit() -> TokenStream {
    quote! {
        //! The error every client method returns.

        /// Everything that can go wrong when calling the API.
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The base URL given to the client is not an absolute `http(s)` URL.
            InvalidBaseUrl {
                /// The URL as given.
                url: ::std::string::String,
                /// Why it was rejected.
                reason: ::std::string::String,
            },
            /// A path parameter is empty, `.` or `..`: no URL can carry it as a
            /// segment of its own.
            InvalidPathParameter {
                /// The parameter's name in the spec.
                name: &'static str,
                /// The value that was refused.
                value: ::std::string::String,
            },
            /// The request could not be sent or its response not received
            /// (connection, TLS, timeout).
            Transport(::reqwest::Error),
            /// The server answered with a status other than 2xx.
            Api(ApiError),
            /// The request body could not be encoded as JSON.
            Encode(::serde_json::Error),
            /// The response body is not what the spec documents.
            Decode {
                /// What the JSON decoder reported.
                source: ::serde_json::Error,
                /// The first bytes of the body, for diagnosis.
                body_start: ::std::string::String,
            },
        }

        /// A response with a status other than 2xx.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        #[non_exhaustive]
        pub struct ApiError {
            /// The HTTP status code.
            pub status: u16,
            /// The response body as text (lossily decoded if it is not UTF-8).
            pub body: ::std::string::String,
            /// The `x-request-id` response header, if the server sent one.
            pub request_id: ::std::option::Option<::std::string::String>,
        }

        impl Error {
            /// The HTTP status, when the server answered.
            pub fn status(&self) -> ::std::option::Option<u16> {
                match self {
                    Self::Api(api) => ::std::option::Option::Some(api.status),
                    Self::Transport(error) => error.status().map(|s| s.as_u16()),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::InvalidBaseUrl { url, reason } => {
                        write!(f, "invalid base URL `{url}`: {reason}")
                    }
                    Self::InvalidPathParameter { name, value } => write!(
                        f,
                        "path parameter `{name}` cannot be `{value}`: the request would address another resource"
                    ),
                    Self::Transport(error) => write!(f, "request failed: {error}"),
                    Self::Api(api) => {
                        write!(f, "the API answered HTTP {}", api.status)?;
                        if let ::std::option::Option::Some(id) = &api.request_id {
                            write!(f, " (request id {id})")?;
                        }
                        if !api.body.is_empty() {
                            write!(f, ": {}", api.body)?;
                        }
                        ::std::result::Result::Ok(())
                    }
                    Self::Encode(error) => write!(f, "cannot encode the request body: {error}"),
                    Self::Decode { source, body_start } => write!(
                        f,
                        "cannot decode the response body: {source}; the body starts with: {body_start}"
                    ),
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::Transport(error) => ::std::option::Option::Some(error),
                    Self::Encode(error) => ::std::option::Option::Some(error),
                    Self::Decode { source, .. } => ::std::option::Option::Some(source),
                    _ => ::std::option::Option::None,
                }
            }
        }
    }
}
