//! `lib.rs`: crate docs, module declarations and re-exports.

use super::docs::{crate_doc, sanitize};
use super::{ident, EmitContext, Plan};
use crate::ir::features::{Features, FULL};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(cx: &EmitContext, plan: &Plan) -> TokenStream {
    let api = &cx.ir.api;
    // Without the client (`--models-only`, or an API without operations)
    // the crate holds the data types alone.
    let what = if !plan.has_client() {
        "The data types of"
    } else {
        "A typed async client for"
    };
    let mut text = format!(
        "{what} the {}, version {}.",
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
    let features = cx.gates.features();
    if let Some(features) = features {
        text.push_str(&features_doc(features));
    }
    let docs = crate_doc(&text);
    let modules = module_declarations(plan);
    let reexports = plan.has_client().then(|| reexports(plan.has_decode()));
    // With some tags left out, parts of the client's machinery serve no
    // operation (a query encoder, say): unused, not wrong.
    let partial_build = features.is_some().then(|| {
        let full = FULL;
        quote!(#![cfg_attr(not(feature = #full), allow(dead_code, unused_imports))])
    });
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #partial_build

        #(#modules)*

        #reexports
    }
}

/// The crate docs' section on its cargo features.
fn features_doc(features: &Features) -> String {
    let mut text = format!(
        "\n\n# Cargo features\n\nOne feature per tag of the API's operations, each \
         compiling the operations of that tag and the types they need; `{FULL}` (on by \
         default) enables them all. With `default-features = false` and the features \
         of the tags you call, the crate compiles only what those need.\n"
    );
    for feature in &features.tags {
        let line = match &feature.tag {
            Some(tag) => format!(
                "\n- `{}`: the operations tagged `{}`",
                feature.name,
                sanitize(tag).replace('`', "'")
            ),
            None => format!("\n- `{}`: the operations without a tag", feature.name),
        };
        text.push_str(&line);
    }
    text
}

/// The modules of the plan, the client's (in name order) before the models:
/// `client`, `error` and `models` are public, the machinery behind them
/// (auth, transport, pagination) is private.
fn module_declarations(plan: &Plan) -> Vec<TokenStream> {
    let mut modules: Vec<(&str, bool)> = plan.declared_modules().collect();
    modules.sort_by_key(|&(name, _)| (name == "models", name));
    modules
        .into_iter()
        .map(|(name, public)| {
            let visibility = public.then(|| quote!(pub));
            let name = ident(name);
            quote! {
                #[rustfmt::skip]
                #visibility mod #name;
            }
        })
        .collect()
}

/// What the crate root re-exports, also in the single-file form.
pub fn reexports(decode: bool) -> TokenStream {
    let collect = decode.then(|| {
        quote!(
            pub use decode::collect_deviations;
        )
    });
    quote! {
        pub use client::{Client, ClientBuilder};
        #collect
        pub use error::{ApiError, DecodeError, Deviation, DeviationKind, Error};
    }
}

/// The `Cargo.toml` written when the output folder has none yet: the
/// dependencies the generated code uses, nothing more, and what the
/// generated example program needs besides (an async runtime).
pub fn cargo_toml(
    crate_name: &str,
    version: &str,
    has_example: bool,
    features: Option<&Features>,
) -> String {
    let dev_dependencies = if has_example { DEV_DEPENDENCIES } else { "" };
    let features = features
        .map(|features| format!("\n{}", features_table(features)))
        .unwrap_or_default();
    format!(
        r#"[package]
name = "{crate_name}"
version = "{version}"
edition = "2021"
publish = false

[dependencies]
{DEPENDENCIES}{dev_dependencies}{features}"#
    )
}

/// The `[features]` table of a crate with features per tag: `full`, on by
/// default, and one feature per tag. The generator owns this table: it is
/// rewritten in an existing `Cargo.toml` too, so that it follows the spec.
pub fn features_table(features: &Features) -> String {
    let names: Vec<String> = features
        .tags
        .iter()
        .map(|f| format!("\"{}\"", f.name))
        .collect();
    let mut table = format!(
        "[features]\ndefault = [\"{FULL}\"]\n{FULL} = [{}]\n",
        names.join(", ")
    );
    for feature in &features.tags {
        table.push_str(&format!("{} = []\n", feature.name));
    }
    table
}

/// The dependency lines every generated crate needs. `tokio` (`rt`, `sync`,
/// `time`), `futures-util` and `tracing` are already in `reqwest`'s
/// dependency tree, so they add no crate to a build: tokio for retry delays,
/// the shared token lock, the bound on requests in flight and the
/// deviations a call collects, futures-util for the `Stream`s of paginated
/// lists, tracing for the events of responses that stray from the spec.
/// `serde_path_to_error` names the JSON path of a value that does not decode.
pub const DEPENDENCIES: &str = r#"chrono = { version = "0.4.38", default-features = false, features = ["serde", "std"] }
futures-util = { version = "0.3.30", default-features = false, features = ["std"] }
percent-encoding = "2.3"
reqwest = { version = "0.12", default-features = false, features = ["multipart", "rustls-tls"] }
serde = { version = "1.0.200", features = ["derive"] }
serde_json = "1.0.100"
serde_path_to_error = "0.1.16"
tokio = { version = "1.38", default-features = false, features = ["rt", "sync", "time"] }
tracing = { version = "0.1.40", default-features = false, features = ["std"] }
"#;

/// The runtime the generated example program (`examples/`) runs on.
const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
tokio = { version = "1.38", features = ["macros", "rt-multi-thread"] }
"#;
