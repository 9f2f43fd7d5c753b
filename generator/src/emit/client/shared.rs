//! The machinery every operation method goes through, in `client.rs`:
//! `Shared` (what the clones of a client share) with `endpoint`,
//! `call_json` and `call` (the generic `async fn`s whose futures the
//! operation methods return) and `execute`, which sends, retries and
//! authenticates, and `RequestParts`, what an operation's request builder
//! makes.

use super::body;
use crate::emit::analysis::Analysis;
use crate::emit::docs::own_doc;
use crate::emit::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// `Shared::new`, `endpoint`, the calls and `execute`: every request goes
/// through here.
pub fn shared_impl(analysis: &Analysis) -> TokenStream {
    let auth_init = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::Auth::new(auth, &base_url)?,));
    let auth_param = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::AuthSettings,));
    let execute = execute(analysis);
    let request = request(analysis);
    let calls = calls(analysis);
    let (strict_param, strict_init) = if analysis.json_responses {
        (
            Some(quote!(strict_responses: bool,)),
            Some(quote!(strict_responses,)),
        )
    } else {
        (None, None)
    };
    quote! {
        impl Shared {
            fn new(
                base_url: reqwest::Url,
                transport: super::transport::Transport,
                #auth_param
                #strict_param
            ) -> Result<Self, Error> {
                Ok(Self {
                    #auth_init
                    base_url,
                    transport,
                    #strict_init
                })
            }

            /// The base URL with `path` (already percent-encoded) appended,
            /// and the `query` pairs (form-encoded here).
            fn endpoint(&self, path: &str, query: &[(&str, String)]) -> reqwest::Url {
                let mut url = self.base_url.clone();
                let joined = format!("{}{}", self.base_url.path().trim_end_matches('/'), path);
                url.set_path(&joined);
                if !query.is_empty() {
                    url.query_pairs_mut().extend_pairs(query);
                }
                url
            }

            #calls

            #execute

            /// The request of `parts`, without credentials.
            fn request(&self, parts: &RequestParts) -> reqwest::RequestBuilder {
                #request
            }
        }
    }
}

/// `call_json` and `call`, the futures the operation methods return (each
/// only when some operation uses it): one generic `async fn` for all of
/// them, which rustc checks once, where an `async fn` per operation would
/// be a state machine of its own to check.
fn calls(analysis: &Analysis) -> TokenStream {
    let call_json = analysis.json_answers.then(|| {
        quote! {
            /// Sends the request an operation built (unless building it
            /// failed) and decodes the JSON body of the 2xx answer as `T`,
            /// whose shape is `shape`.
            async fn call_json<T: serde::de::DeserializeOwned>(
                &self,
                request: Result<RequestParts, Error>,
                operation: &'static str,
                shape: &'static super::decode::Shape,
            ) -> Result<T, Error> {
                let received = self.execute(request?).await?;
                self.decode_json(operation, shape, &received.body)
            }
        }
    });
    let call = analysis.other_answers.then(|| {
        quote! {
            /// Sends the request an operation built (unless building it
            /// failed) and reads the 2xx answer with `read`.
            async fn call<T>(
                &self,
                request: Result<RequestParts, Error>,
                read: fn(&Self, super::transport::Received) -> Result<T, Error>,
            ) -> Result<T, Error> {
                let received = self.execute(request?).await?;
                read(self, received)
            }
        }
    });
    quote!(#call_json #call)
}

/// The body of `Shared::request`: the request of `parts`, with its headers
/// and body where the spec has any.
fn request(analysis: &Analysis) -> TokenStream {
    let start = quote! {
        self.transport
            .http()
            .request(parts.method.clone(), parts.url.clone())
            .header(reqwest::header::ACCEPT, parts.accept)
    };
    if analysis.headers || analysis.bodies {
        quote! {
            let request = #start;
            parts.add_to(request)
        }
    } else {
        start
    }
}

/// Sends a request (with retries) and returns the body of a 2xx answer;
/// with OAuth2, a 401 or 403 answer refreshes the token and sends the
/// request once more, and only once, whatever the second answer is.
fn execute(analysis: &Analysis) -> TokenStream {
    let auth = &analysis.auth;
    let keys = auth.api_keys.then(|| quote!(parts.keys,));
    let send = if auth.any() {
        quote!(
            self.transport
                .send(|| self
                    .auth
                    .apply(parts.scheme, #keys token.as_ref(), self.request(&parts)))
                .await?
        )
    } else {
        quote!(self.transport.send(|| self.request(&parts)).await?)
    };
    let token = auth.any().then(|| {
        let bearer_arm = auth.bearer.then(|| {
            quote!(super::auth::Scheme::Bearer => self.auth.bearer_token(&self.transport).await?,)
        });
        let others: Vec<TokenStream> = auth
            .scheme_variants()
            .into_iter()
            .filter(|v| *v != "Bearer")
            .map(|v| {
                let v = ident(v);
                quote!(super::auth::Scheme::#v)
            })
            .collect();
        let other_arm = (!others.is_empty()).then(|| quote!(#(#others)|* => None,));
        quote! {
            let token = match parts.scheme {
                #bearer_arm
                #other_arm
            };
        }
    });
    let refresh = auth.oauth.is_some().then(|| {
        quote! {
            if matches!(received.status.as_u16(), 401 | 403) {
                if let Some(used) = &token {
                    if let Some(fresh) = self.auth.refresh(used, &self.transport).await? {
                        let token = Some(fresh);
                        let received = #send;
                        return success(received);
                    }
                }
            }
        }
    });
    let doc = if auth.oauth.is_some() {
        "Sends a request (with retries) and returns a 2xx answer. A 401 or 403\n\
         answer to a bearer request refreshes the token and sends the request once more,\n\
         and only once: whatever the second answer is, it is final."
    } else {
        "Sends a request (with retries) and returns a 2xx answer."
    };
    let doc = own_doc(doc);
    quote! {
        #doc
        async fn execute(&self, parts: RequestParts) -> Result<super::transport::Received, Error> {
            #token
            let received = #send;
            #refresh
            success(received)
        }
    }
}

/// `RequestParts`: what an operation's request builder hands to `call`.
pub fn request_parts(analysis: &Analysis) -> TokenStream {
    let scheme = analysis
        .auth
        .any()
        .then(|| quote!(scheme: super::auth::Scheme,));
    let keys = analysis.auth.api_keys.then(|| {
        quote! {
            /// The API keys the operation sends.
            keys: &'static [super::auth::Key],
        }
    });
    let body_field = analysis.bodies.then(|| quote!(body: Option<Body>,));
    let body_type = analysis
        .bodies
        .then(|| body::body_type(&analysis.body_kinds));
    let add_body = if analysis.bodies {
        body::add_body(&analysis.body_kinds)
    } else {
        quote!(request)
    };
    let (headers_field, add_headers) = if analysis.headers {
        (
            Some(quote!(headers: Vec<(&'static str, String)>,)),
            Some(quote! {
                let request = self
                    .headers
                    .iter()
                    .fold(request, |request, (name, value)| request.header(*name, value));
            }),
        )
    } else {
        (None, None)
    };
    // Without headers or bodies, there is nothing to add.
    let add_to = (analysis.headers || analysis.bodies).then(|| {
        quote! {
            impl RequestParts {
                /// The headers and the body on `request`.
                fn add_to(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                    #add_headers
                    #add_body
                }
            }
        }
    });
    quote! {
        /// One operation's request: everything `execute` needs to send it, and
        /// to send it again. The URL holds the query.
        struct RequestParts {
            method: reqwest::Method,
            url: reqwest::Url,
            /// The media types the operation answers with.
            accept: &'static str,
            #headers_field
            #body_field
            #scheme
            #keys
        }

        #body_type

        #add_to

        /// A 2xx answer, or the API error of any other.
        fn success(received: super::transport::Received) -> Result<super::transport::Received, Error> {
            if received.status.is_success() {
                Ok(received)
            } else {
                Err(Error::Api(ApiError::new(received.status, &received.headers, &received.body)))
            }
        }
    }
}
