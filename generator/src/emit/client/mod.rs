//! `client.rs`: the async `Client`, its `ClientBuilder`, one method per
//! operation, and the request machinery they share. By what each emits:
//!
//! - this file: `Client` and the copies with another client parameter
//!   (`with_org_id`);
//! - `builder`: `ClientBuilder` (defaults, setters, `from_env`);
//! - `operations`: an operation's method (arguments, docs, decoding) and
//!   its request builder, with the statements from `request`, and the
//!   `Stream` methods of paginated lists from `streams`;
//! - `shared`: `Shared::call_json`, `Shared::call` and `Shared::execute`
//!   (sending, retrying, authenticating) and `RequestParts`, with the body
//!   types from `body`;
//! - `helpers`: the free encoding and decoding functions.
//!
//! A `Client` is an `Arc` of what its clones share (base URL, HTTP client,
//! retry policy, credentials and token) plus the client-level path
//! parameters (m3ter's `orgId`), so `with_org_id` makes a cheap copy that
//! shares the token. Methods stay small: the non-generic work (sending,
//! retrying, authenticating, reading errors) lives in `Shared::execute`,
//! and the only `async fn`s are the generic calls in `Shared`, so each
//! operation adds only plain code: its own path, arguments and decoding.

mod body;
mod builder;
mod helpers;
mod operations;
mod request;
mod shared;
mod streams;

use super::analysis::Analysis;
use super::docs::own_doc;
use super::{ident, EmitContext};
use crate::ir::ClientParam;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let ir = cx.ir;
    let client = client_struct(cx, analysis);
    let builder = builder::emit(cx, analysis);
    let methods = ir.operations.iter().enumerate().map(|(index, op)| {
        let cfg = cx.gates.of_operation(index);
        operations::operation_method(cx, analysis, op, &cfg)
    });
    let setters = ir.client_params.iter().map(client_param_setter);
    let shared = shared::shared_impl(analysis);
    let request = shared::request_parts(analysis);
    let helpers = helpers::emit(cx, analysis);
    // `Cow` names the parts of multipart bodies.
    let cow = analysis.body_kinds.multipart().then(|| {
        quote!(
            use std::borrow::Cow;
        )
    });
    quote! {
        //! The HTTP client: its configuration, and one method per operation of
        //! the spec.

        #cow
        use std::future::Future;
        use std::sync::Arc;
        use std::time::Duration;

        use super::error::{ApiError, Error};

        #client
        #builder

        impl Client {
            #(#setters)*
            #(#methods)*
        }

        #shared
        #request
        #helpers
    }
}

fn client_struct(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let ir = cx.ir;
    let client_doc = own_doc(&format!(
        "An async client for the {} (version {}).\n\n\
         Build one with [`Client::builder`] or [`Client::from_env`]. Clones are cheap and \
         share the connection pool{}.",
        super::docs::sanitize(&ir.api.title),
        super::docs::sanitize(&ir.api.version),
        if analysis.auth.oauth.is_some() {
            " and the access token"
        } else {
            ""
        }
    ));
    let param_fields = ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: Option<String>,)
    });
    let auth_field = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::Auth,));
    let strict_field = analysis.json_responses.then(|| {
        quote! {
            /// Refuse responses that stray from the spec.
            strict_responses: bool,
        }
    });
    let default_url = analysis.default_base_url.as_deref().map(|url| {
        let doc = own_doc(&format!("The server the spec names: `{url}`."));
        quote!(#doc pub const DEFAULT_BASE_URL: &'static str = #url;)
    });
    quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            shared: Arc<Shared>,
            #(#param_fields)*
        }

        /// What all clones of a client share.
        #[derive(Debug)]
        struct Shared {
            base_url: reqwest::Url,
            transport: super::transport::Transport,
            #auth_field
            #strict_field
        }

        impl Client {
            #default_url

            /// A builder, to configure the base URL, credentials, timeouts and retries.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// A client configured from the environment variables that
            /// [`ClientBuilder::from_env`] reads.
            pub fn from_env() -> Result<Self, Error> {
                ClientBuilder::from_env()?.build()
            }

            /// The URL every request path is appended to.
            pub fn base_url(&self) -> &reqwest::Url {
                &self.shared.base_url
            }
        }
    }
}

/// `with_org_id`: a copy of the client with another value, sharing the rest.
fn client_param_setter(param: &ClientParam) -> TokenStream {
    let setter = ident(&param.setter);
    let field = ident(&param.field);
    let doc = own_doc(&format!(
        "A copy of this client that sends `{}` as the `{}` path parameter; it shares \
         everything else (connections, credentials, token) with this one.",
        param.field, param.wire_name
    ));
    quote! {
        #doc
        pub fn #setter(&self, #field: impl Into<String>) -> Self {
            let mut copy = self.clone();
            copy.#field = Some(#field.into());
            copy
        }
    }
}
