//! Stage 3: IR → token streams, one emitter per kind of generated item.
//! Emitters only print names and types the IR decided; they never look at
//! the raw spec.
//!
//! [`plan`] lists the crate's modules and runs the `analysis` of what the
//! crate needs, once; every emitter reads it. One emitter per generated
//! module: `crate_root` (`lib.rs` and `Cargo.toml`), `client/` (`client.rs`),
//! `error`, `auth`, `pagination`, `transport`, `models/` (`models.rs`) and
//! `example` (the example program). Shared by several: `docs` (rustdoc
//! from spec texts) and `text` (how values are written in paths, queries
//! and headers).

mod analysis;
mod auth;
mod client;
mod crate_root;
mod decode;
mod docs;
mod error;
mod example;
mod gates;
mod models;
mod pagination;
mod text;
mod transport;

use crate::ir::reserved::{BASE64_BYTES, FILE_PART};
use crate::ir::{Ir, TypeRef};
use crate::naming::is_raw_keyword;
use analysis::Analysis;

pub use gates::Gates;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use docs::sanitize as sanitize_doc;

/// The `Cargo.toml` of a new generated crate.
pub fn cargo_toml(cx: &EmitContext) -> String {
    crate_root::cargo_toml(cx.crate_name, "0.1.0", !cx.models_only, cx.gates.features())
}

/// The `[features]` table of a crate with features per tag, which the
/// generator keeps up to date in an existing `Cargo.toml` too.
pub fn features_table(cx: &EmitContext) -> Option<String> {
    cx.gates.features().map(crate_root::features_table)
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
    /// Derive serde's traits for structs instead of writing them out.
    pub derive_serde: bool,
    /// The `#[cfg(feature = ..)]` of each item, with features per tag.
    pub gates: Gates<'a>,
}

/// The modules of a generated crate, in order, before any is emitted, and
/// the analysis every emitter reads.
pub struct Plan {
    pub modules: Vec<PlannedModule>,
    analysis: Analysis,
}

/// A module to emit: where it goes and which emitter makes it.
pub struct PlannedModule {
    /// Path inside the crate, e.g. `src/models.rs`.
    pub path: String,
    kind: ModuleKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ModuleKind {
    CrateRoot,
    Client,
    Error,
    Auth,
    Pagination,
    Transport,
    Decode,
    Models,
    Example,
}

impl ModuleKind {
    /// The name the crate root declares the module by; `None` for the crate
    /// root itself and the example program.
    fn module_name(self) -> Option<&'static str> {
        match self {
            ModuleKind::Client => Some("client"),
            ModuleKind::Error => Some("error"),
            ModuleKind::Auth => Some("auth"),
            ModuleKind::Pagination => Some("pagination"),
            ModuleKind::Transport => Some("transport"),
            ModuleKind::Decode => Some("decode"),
            ModuleKind::Models => Some("models"),
            ModuleKind::CrateRoot | ModuleKind::Example => None,
        }
    }

    /// Whether the module is public (the others are the client's machinery).
    fn is_public(self) -> bool {
        matches!(
            self,
            ModuleKind::Client | ModuleKind::Error | ModuleKind::Models
        )
    }
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

/// The modules of the crate `cx` describes. The client's modules come
/// only when there are operations to call (see [`EmitContext::models_only`]),
/// `auth.rs` and `pagination.rs` only when the spec uses them.
pub fn plan(cx: &EmitContext) -> Plan {
    let analysis = Analysis::of(cx.ir, cx.env_prefix);
    let module = |path: &str, kind| PlannedModule {
        path: path.to_string(),
        kind,
    };
    let mut modules = vec![module("src/lib.rs", ModuleKind::CrateRoot)];
    if !cx.models_only {
        modules.push(module("src/client.rs", ModuleKind::Client));
        modules.push(module("src/error.rs", ModuleKind::Error));
        if analysis.auth.any() {
            modules.push(module("src/auth.rs", ModuleKind::Auth));
        }
        if analysis.pagination {
            modules.push(module("src/pagination.rs", ModuleKind::Pagination));
        }
        modules.push(module("src/transport.rs", ModuleKind::Transport));
        if analysis.json_responses {
            modules.push(module("src/decode.rs", ModuleKind::Decode));
        }
    }
    modules.push(module("src/models.rs", ModuleKind::Models));
    if !cx.models_only {
        let name = cx.crate_name.replace('-', "_");
        modules.push(module(&format!("examples/{name}.rs"), ModuleKind::Example));
    }
    Plan { modules, analysis }
}

impl Plan {
    /// The tokens of one planned module; `None` for an example program when
    /// the API has no operation to show.
    pub fn emit_module(&self, cx: &EmitContext, module: &PlannedModule) -> Option<TokenStream> {
        let analysis = &self.analysis;
        Some(match module.kind {
            ModuleKind::CrateRoot => crate_root::emit(cx, self),
            ModuleKind::Models => models::emit(cx),
            ModuleKind::Pagination => pagination::emit(),
            ModuleKind::Transport => transport::emit(),
            ModuleKind::Decode => decode::emit(cx.ir, cx.gates),
            ModuleKind::Example => return example::emit(cx, analysis),
            ModuleKind::Client => client::emit(cx, analysis),
            ModuleKind::Error => error::emit(cx.ir, analysis),
            ModuleKind::Auth => auth::emit(cx.ir, &analysis.auth),
        })
    }

    /// Whether the plan holds the decoding of JSON responses.
    fn has_decode(&self) -> bool {
        self.modules.iter().any(|m| m.kind == ModuleKind::Decode)
    }

    /// Whether the plan holds the client (and not the models alone).
    fn has_client(&self) -> bool {
        self.modules.iter().any(|m| m.kind == ModuleKind::Client)
    }

    /// The modules the crate root declares, by name, and whether each is
    /// public.
    fn declared_modules(&self) -> impl Iterator<Item = (&'static str, bool)> + '_ {
        self.modules
            .iter()
            .filter_map(|m| Some((m.kind.module_name()?, m.kind.is_public())))
    }
}

/// The crate as one file of inline modules, with the crate root's
/// re-exports but not its crate-level attributes (for `include!` from
/// `build.rs` output).
pub fn single_file(cx: &EmitContext, plan: &Plan) -> TokenStream {
    let inline = plan.modules.iter().filter_map(|module| {
        let name = ident(module.kind.module_name()?);
        let visibility = module.kind.is_public().then(|| quote!(pub));
        let tokens = plan.emit_module(cx, module)?;
        Some(quote!(#visibility mod #name { #tokens }))
    });
    let reexports = plan
        .has_client()
        .then(|| crate_root::reexports(plan.has_decode()));
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

/// Where model types are referred to from, which decides how std and the
/// dependencies are named too.
#[derive(Clone, Copy)]
pub enum Scope {
    /// Inside `models.rs`: bare names, and std and the dependencies by
    /// absolute path (`::std::option::Option`), since the spec's types
    /// (which may be called `Option`) are declared there.
    Models,
    /// In a sibling module of `models` (`client.rs`): `super::models::Name`,
    /// so the generated modules also work when included below a crate
    /// root; no spec name is declared or imported there, so std's prelude
    /// names (`Option`, `String`) and crate paths (`chrono::NaiveDate`) are
    /// written as a hand-written module would.
    Sibling,
}

/// The Rust type of a [`TypeRef`], as `scope` names it.
pub fn type_tokens(ir: &Ir, ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(id) => model(&ir.types[id.0].name, scope),
        TypeRef::File => model(FILE_PART, scope),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bytes => model(BASE64_BYTES, scope),
        TypeRef::Unit => quote!(()),
        TypeRef::Tuple(members) => {
            let members = members.iter().map(|m| type_tokens(ir, m, scope));
            quote!((#(#members,)*))
        }
        TypeRef::List(item) => {
            let item = type_tokens(ir, item, scope);
            match scope {
                Scope::Models => quote!(::std::vec::Vec<#item>),
                Scope::Sibling => quote!(Vec<#item>),
            }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(ir, value, scope);
            match scope {
                Scope::Models => {
                    quote!(::std::collections::BTreeMap<::std::string::String, #value>)
                }
                Scope::Sibling => quote!(std::collections::BTreeMap<String, #value>),
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(ir, inner, scope);
            match scope {
                Scope::Models => quote!(::std::option::Option<#inner>),
                Scope::Sibling => quote!(Option<#inner>),
            }
        }
        TypeRef::String => match scope {
            Scope::Models => quote!(::std::string::String),
            Scope::Sibling => quote!(String),
        },
        TypeRef::Date => match scope {
            Scope::Models => quote!(::chrono::NaiveDate),
            Scope::Sibling => quote!(chrono::NaiveDate),
        },
        TypeRef::DateTime => match scope {
            Scope::Models => quote!(::chrono::DateTime<::chrono::Utc>),
            Scope::Sibling => quote!(chrono::DateTime<chrono::Utc>),
        },
        TypeRef::Any => match scope {
            Scope::Models => quote!(::serde_json::Value),
            Scope::Sibling => quote!(serde_json::Value),
        },
    }
}

/// The score above which clippy's `type_complexity` lint fires.
const CLIPPY_TYPE_COMPLEXITY: u32 = 250;

/// Clippy's `type_complexity` score of `ty` as [`type_tokens`] spells it,
/// `nest` levels deep (1 for a type that stands alone, 2 for a generic's
/// argument): each path or tuple scores ten times its depth, and the types
/// inside it are one level deeper.
pub fn type_complexity(ty: &TypeRef, nest: u32) -> u32 {
    let own = 10 * nest;
    match ty {
        TypeRef::List(item) | TypeRef::Nullable(item) => own + type_complexity(item, nest + 1),
        // `BTreeMap<String, V>`: the key is one more path.
        TypeRef::Map(value) => own + 10 * (nest + 1) + type_complexity(value, nest + 1),
        // `DateTime<Utc>`
        TypeRef::DateTime => own + 10 * (nest + 1),
        TypeRef::Tuple(members) => {
            own + members
                .iter()
                .map(|member| type_complexity(member, nest + 1))
                .sum::<u32>()
        }
        _ => own,
    }
}

/// The score of `ty` inside `wrappers` single-argument generics, each
/// inside the one before (`Option<Box<ty>>`), the outermost standing alone.
pub fn wrapped_complexity(ty: &TypeRef, wrappers: u32) -> u32 {
    wrappers_complexity(wrappers) + type_complexity(ty, wrappers + 1)
}

/// The score of `count` single-argument generics, each inside the one
/// before (`Option<Box<…>>`), without what they wrap: that is
/// `count + 1` levels deep.
pub fn wrappers_complexity(count: u32) -> u32 {
    (1..=count).map(|nest| 10 * nest).sum()
}

/// `#[allow(clippy::type_complexity)]` for an item whose type scores above
/// clippy's limit. The spec's nesting is spelled out where it is used: a
/// `type` alias would only hide it.
pub fn allow_type_complexity(score: u32) -> Option<TokenStream> {
    (score > CLIPPY_TYPE_COMPLEXITY).then(|| quote!(#[allow(clippy::type_complexity)]))
}

/// A model type: its bare name in `models.rs`, else its path.
fn model(name: &str, scope: Scope) -> TokenStream {
    let name = ident(name);
    match scope {
        Scope::Models => quote!(#name),
        Scope::Sibling => quote!(super::models::#name),
    }
}

/// Follows aliases to the type a value really has ([`Ir::resolve_alias`]).
pub fn resolve_alias<'a>(ir: &'a Ir, ty: &'a TypeRef) -> &'a TypeRef {
    ir.resolve_alias(ty)
}
