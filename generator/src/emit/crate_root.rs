//! `lib.rs`: crate docs, module declarations and re-exports.

use super::docs::{crate_doc, sanitize};
use super::EmitContext;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(cx: &EmitContext) -> TokenStream {
    let api = &cx.ir.api;
    let mut text = format!(
        "A typed async client for the {}, version {}.",
        sanitize(&api.title),
        sanitize(&api.version)
    );
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(&sanitize(description));
    }
    text.push_str(&format!(
        "\n\nGenerated from `{}` (digest `{}`) by {} {}: regenerate it rather than editing it.",
        cx.spec_label.replace('`', "'"),
        cx.spec_digest,
        crate::TOOL_NAME,
        crate::TOOL_VERSION
    ));
    let docs = crate_doc(&text);
    let client = (!cx.models_only).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod client;
            #[rustfmt::skip]
            pub mod error;
        }
    });
    let reexports = (!cx.models_only).then(|| {
        quote! {
            pub use client::Client;
            pub use error::{ApiError, Error};
        }
    });
    quote! {
        #docs
        #![forbid(unsafe_code)]

        #client
        #[rustfmt::skip]
        pub mod models;

        #reexports
    }
}

/// The `Cargo.toml` written when the output folder has none yet: the
/// dependencies the generated code uses, nothing more.
pub fn cargo_toml(crate_name: &str, version: &str) -> String {
    format!(
        r#"[package]
name = "{crate_name}"
version = "{version}"
edition = "2021"
publish = false

[dependencies]
{}"#,
        DEPENDENCIES
    )
}

/// The dependency lines every generated crate needs.
pub const DEPENDENCIES: &str = r#"chrono = { version = "0.4.38", default-features = false, features = ["serde", "std"] }
percent-encoding = "2.3"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }
serde = { version = "1.0.200", features = ["derive"] }
serde_json = "1.0.100"
"#;
