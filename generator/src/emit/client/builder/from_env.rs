//! `ClientBuilder::from_env`: the builder's settings read from the
//! environment, and the list of the variables in its docs.

use crate::emit::analysis::Analysis;
use crate::emit::docs::own_doc;
use crate::emit::{ident, EmitContext};
use proc_macro2::TokenStream;
use quote::quote;

/// `ClientBuilder::from_env`.
pub fn emit(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let vars = &analysis.env;
    let mut listed = vec![format!("- `{}`: the base URL;", vars.base_url)];
    let base_url = &vars.base_url;
    let mut reads = vec![quote! {
        if let Some(url) = env_var(#base_url) {
            builder = builder.base_url(url);
        }
    }];
    if analysis.auth.credentials() {
        let (key, secret) = (&vars.api_key, &vars.api_secret);
        listed.push(format!(
            "- `{key}` and `{secret}`: the API key and its secret;"
        ));
        let message = format!("set both {key} and {secret}, or neither");
        reads.push(quote! {
            match (env_var(#key), env_var(#secret)) {
                (Some(key), Some(secret)) => {
                    builder = builder.credentials(key, secret);
                }
                (None, None) => {}
                _ => return Err(Error::Config { message: #message.into() }),
            }
        });
    }
    if analysis.auth.bearer {
        let token = &vars.api_token;
        listed.push(format!("- `{token}`: a ready bearer token;"));
        reads.push(quote! {
            if let Some(token) = env_var(#token) {
                builder = builder.bearer_token(token);
            }
        });
    }
    for (key, var) in cx.ir.api_keys.iter().zip(&vars.api_keys) {
        let method = ident(&key.setter);
        listed.push(format!(
            "- `{var}`: the key of the `{}` scheme;",
            key.scheme.replace('`', "'")
        ));
        reads.push(quote! {
            if let Some(value) = env_var(#var) {
                builder = builder.#method(value);
            }
        });
    }
    for (param, var) in cx.ir.client_params.iter().zip(&vars.client_params) {
        let method = ident(&param.field);
        listed.push(format!(
            "- `{var}`: the `{}` path parameter;",
            param.wire_name
        ));
        reads.push(quote! {
            if let Some(value) = env_var(#var) {
                builder = builder.#method(value);
            }
        });
    }
    if analysis.json_responses {
        let (line, read) = strict_responses(&vars.strict_responses);
        listed.push(line);
        reads.push(read);
    }
    let partial = if analysis.auth.credentials() {
        "\n\nFails when only one of the key and its secret is set."
    } else {
        ""
    };
    let doc = own_doc(&format!(
        "A builder with the defaults and what these environment variables set \
         (unset or blank ones are left out):\n\n{}{partial}",
        listed.join("\n").trim_end_matches(';')
    ));
    quote! {
        #doc
        pub fn from_env() -> Result<Self, Error> {
            let mut builder = Self::new();
            #(#reads)*
            Ok(builder)
        }
    }
}

/// The line of `from_env`'s docs and the statements reading
/// `<PREFIX>STRICT_RESPONSES`.
fn strict_responses(var: &str) -> (String, TokenStream) {
    let line = format!("- `{var}`: `true` for [`Self::strict_responses`];");
    let message = format!("{var} must be `true` or `false`");
    let read = quote! {
        if let Some(value) = env_var(#var) {
            match value.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => builder = builder.strict_responses(true),
                "false" | "0" => builder = builder.strict_responses(false),
                _ => return Err(Error::Config { message: #message.into() }),
            }
        }
    };
    (line, read)
}
