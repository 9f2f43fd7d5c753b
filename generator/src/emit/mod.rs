//! Stage 3: IR → token streams, one emitter per kind of generated item.
//! Emitters only print names and types the IR decided; they never look at
//! the raw spec.

mod auth;
mod builder;
mod bytes;
mod client;
mod crate_root;
mod docs;
mod error;
mod example;
mod forms;
mod helpers;
mod integer_enums;
mod models;
mod operations;
mod pagination;
mod text;
mod transport;
mod webhooks;

use crate::ir::reserved::{BASE64_BYTES, FILE_PART};
use crate::ir::{Ir, TypeId, TypeKind, TypeRef};
use crate::naming::is_raw_keyword;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use docs::sanitize as sanitize_doc;

/// The `Cargo.toml` of a new generated crate.
pub fn cargo_toml(cx: &EmitContext) -> String {
    crate_root::cargo_toml(cx.crate_name, "0.1.0", !cx.models_only)
}

pub use crate_root::DEPENDENCIES;

/// What a generated crate consists of, before rendering.
pub struct EmittedModule {
    /// Path inside the crate, e.g. `src/models.rs`.
    pub path: String,
    pub tokens: TokenStream,
}

/// Everything the emitters need besides the IR. Plain data, so that
/// modules can be emitted on several threads at once.
pub struct EmitContext<'a> {
    pub ir: &'a Ir,
    /// The package name of the generated crate.
    pub crate_name: &'a str,
    /// Prefix of the environment variables the client reads, e.g. `M3TER_`.
    pub env_prefix: &'a str,
    /// How the spec is named in the crate docs.
    pub spec_label: &'a str,
    /// A digest of the spec's bytes, so that any edit of the spec (even a
    /// comment) shows up as a change of the generated crate.
    pub spec_digest: &'a str,
    /// Added to every model type's derives (see `models::derive_attr`);
    /// each a valid Rust path.
    pub extra_derives: &'a [String],
    /// Leave out the client and its error type.
    pub models_only: bool,
}

/// The modules of a generated crate, in order, before any is emitted.
pub struct Plan {
    pub modules: Vec<PlannedModule>,
    /// `None` when only models are emitted.
    features: Option<client::Features>,
}

/// A module to emit: where it goes and which emitter makes it.
pub struct PlannedModule {
    /// Path inside the crate, e.g. `src/models.rs`.
    pub path: String,
    kind: ModuleKind,
}

#[derive(Clone, Copy)]
enum ModuleKind {
    CrateRoot,
    Client,
    Error,
    Auth,
    Pagination,
    Transport,
    Models,
    Example,
}

impl PlannedModule {
    /// Roughly how much code the module holds, to start the big ones first.
    pub fn weight(&self) -> u8 {
        match self.kind {
            ModuleKind::Models => 3,
            ModuleKind::Client => 2,
            ModuleKind::Example => 1,
            _ => 0,
        }
    }
}

pub fn plan(cx: &EmitContext) -> Plan {
    let module = |path: &str, kind| PlannedModule {
        path: path.to_string(),
        kind,
    };
    let mut modules = vec![module("src/lib.rs", ModuleKind::CrateRoot)];
    let features = (!cx.models_only).then(|| client::Features::of(cx.ir));
    if let Some(features) = &features {
        modules.push(module("src/client.rs", ModuleKind::Client));
        modules.push(module("src/error.rs", ModuleKind::Error));
        if features.auth.any() {
            modules.push(module("src/auth.rs", ModuleKind::Auth));
        }
        if features.pagination {
            modules.push(module("src/pagination.rs", ModuleKind::Pagination));
        }
        modules.push(module("src/transport.rs", ModuleKind::Transport));
    }
    modules.push(module("src/models.rs", ModuleKind::Models));
    if features.is_some() {
        let name = cx.crate_name.replace('-', "_");
        modules.push(module(&format!("examples/{name}.rs"), ModuleKind::Example));
    }
    Plan { modules, features }
}

impl Plan {
    /// The tokens of one planned module; `None` for an example program when
    /// the API has no operation to show.
    pub fn emit_module(&self, cx: &EmitContext, module: &PlannedModule) -> Option<TokenStream> {
        Some(match module.kind {
            ModuleKind::CrateRoot => crate_root::emit(cx),
            ModuleKind::Models => models::emit(cx),
            ModuleKind::Pagination => pagination::emit(),
            ModuleKind::Transport => transport::emit(),
            ModuleKind::Example => return example::emit(cx),
            // The client's modules are planned only with their features.
            ModuleKind::Client => client::emit(cx, self.features.as_ref()?),
            ModuleKind::Error => error::emit(cx.ir, self.features.as_ref()?),
            ModuleKind::Auth => auth::emit(cx.ir, &self.features.as_ref()?.auth),
        })
    }
}

/// Every module of the crate, emitted one after the other.
pub fn emit(cx: &EmitContext) -> Vec<EmittedModule> {
    let plan = plan(cx);
    plan.modules
        .iter()
        .filter_map(|module| {
            Some(EmittedModule {
                path: module.path.clone(),
                tokens: plan.emit_module(cx, module)?,
            })
        })
        .collect()
}

/// The modules of `emit` as inline modules of one file, with the crate
/// root's re-exports but not its crate-level attributes.
pub fn single_file(modules: &[EmittedModule]) -> TokenStream {
    let inline = modules.iter().filter_map(|module| {
        let name = module.path.strip_prefix("src/")?.strip_suffix(".rs")?;
        if name == "lib" {
            return None;
        }
        let visibility = crate_root::is_public_module(name).then(|| quote!(pub));
        let name = ident(name);
        let tokens = &module.tokens;
        Some(quote!(#visibility mod #name { #tokens }))
    });
    let has_client = modules.iter().any(|m| m.path == "src/client.rs");
    let reexports = has_client.then(crate_root::reexports);
    quote!(#(#inline)* #reexports)
}

/// An identifier the naming module produced (raw for keywords like `type`).
pub fn ident(name: &str) -> Ident {
    if is_raw_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Where model types are referred to from.
#[derive(Clone, Copy)]
pub enum Scope {
    /// Inside `models.rs`: bare names.
    Models,
    /// In a sibling module of `models` (`client.rs`): `super::models::Name`,
    /// so the generated modules also work when included below a crate root.
    Sibling,
}

/// The Rust type of a [`TypeRef`], with std and dependencies by absolute path.
pub fn type_tokens(ir: &Ir, ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(id) => named(ir, *id, scope),
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Bytes => {
            let name = ident(BASE64_BYTES);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Sibling => quote!(super::models::#name),
            }
        }
        TypeRef::Unit => quote!(()),
        TypeRef::Tuple(members) => {
            let members = members.iter().map(|m| type_tokens(ir, m, scope));
            quote!((#(#members,)*))
        }
        TypeRef::List(item) => {
            let item = type_tokens(ir, item, scope);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(ir, value, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(ir, inner, scope);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::File => {
            let name = ident(FILE_PART);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Sibling => quote!(super::models::#name),
            }
        }
    }
}

fn named(ir: &Ir, id: TypeId, scope: Scope) -> TokenStream {
    let name = ident(&ir.types[id.0].name);
    match scope {
        Scope::Models => quote!(#name),
        Scope::Sibling => quote!(super::models::#name),
    }
}

/// Follows aliases to the type a value really has.
pub fn resolve_alias<'a>(ir: &'a Ir, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    // Alias cycles are rejected when the IR is built; the bound only guards
    // against a bug turning into a hang.
    for _ in 0..=ir.types.len() {
        match current {
            TypeRef::Named(id) => match &ir.types[id.0].kind {
                TypeKind::Alias(target) => current = target,
                _ => return current,
            },
            other => return other,
        }
    }
    current
}
