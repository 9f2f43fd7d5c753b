//! The declarations `apigen diff` prints and rates are the generated ones:
//! for the m3ter spec, every fixture and every diff fixture, the lines of
//! `apigen::diff::surface` (from the IR, as the diff reads it) equal the
//! same lines read from the emitted code with syn.

use apigen::diff;
use apigen::Options;
use quote::ToTokens;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A type as a user writes it after `use my_crate::models::*`: std paths
/// shortened (`::std::option::Option` → `Option`), `super::` dropped.
fn canon(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => canon_path(&path.path),
        syn::Type::Reference(reference) => format!("&{}", canon(&reference.elem)),
        syn::Type::ImplTrait(bounds) => {
            let bounds: Vec<String> = bounds
                .bounds
                .iter()
                .map(|bound| match bound {
                    syn::TypeParamBound::Trait(bound) => canon_path(&bound.path),
                    other => other.to_token_stream().to_string().replace(' ', ""),
                })
                .collect();
            format!("impl {}", bounds.join(" + "))
        }
        syn::Type::Slice(slice) => format!("[{}]", canon(&slice.elem)),
        syn::Type::Tuple(tuple) => match tuple.elems.len() {
            1 => format!("({},)", canon(&tuple.elems[0])),
            _ => {
                let members: Vec<String> = tuple.elems.iter().map(canon).collect();
                format!("({})", members.join(", "))
            }
        },
        other => other.to_token_stream().to_string(),
    }
}

/// A path as the diff writes it: without `std::x::` or `super::`.
fn canon_path(path: &syn::Path) -> String {
    let segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
    let skip = match segments.first().map(|s| s.ident.to_string()).as_deref() {
        Some("std") => 2,
        Some("super") => 1,
        _ => 0,
    };
    let parts: Vec<String> = segments[skip.min(segments.len() - 1)..]
        .iter()
        .map(|segment| {
            let name = segment
                .ident
                .to_string()
                .trim_start_matches("r#")
                .to_string();
            match &segment.arguments {
                syn::PathArguments::AngleBracketed(args) => {
                    let args: Vec<String> = args
                        .args
                        .iter()
                        .map(|arg| match arg {
                            syn::GenericArgument::Type(ty) => canon(ty),
                            syn::GenericArgument::AssocType(assoc) => {
                                format!("{} = {}", assoc.ident, canon(&assoc.ty))
                            }
                            other => other.to_token_stream().to_string(),
                        })
                        .collect();
                    format!("{name}<{}>", args.join(", "))
                }
                _ => name,
            }
        })
        .collect();
    parts.join("::")
}

fn ident(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_string()
}

/// The traits a `#[derive(..)]` names.
fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let paths = attr
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .unwrap();
        names.extend(
            paths
                .iter()
                .map(|p| p.segments.last().unwrap().ident.to_string()),
        );
    }
    names
}

/// The lines of `models.rs`.
fn model_lines(file: &syn::File, lines: &mut BTreeSet<String>) {
    for item in &file.items {
        match item {
            // The crate's own helper types, not the spec's.
            syn::Item::Struct(s) if s.ident == "FilePart" || s.ident == "Base64Bytes" => {}
            syn::Item::Struct(s) => {
                let item = format!("models::{}", ident(&s.ident));
                for name in derives(&s.attrs) {
                    lines.insert(format!("impl {name} for {item}"));
                }
                for (index, field) in s.fields.iter().enumerate() {
                    // A newtype's field is `.0`.
                    match &field.ident {
                        Some(name) => {
                            let name = ident(name);
                            lines.insert(format!("{item}::{name}: {}", canon(&field.ty)))
                        }
                        None => lines.insert(format!("{item}.{index}: {}", canon(&field.ty))),
                    };
                }
            }
            syn::Item::Enum(e) => {
                let item = format!("models::{}", ident(&e.ident));
                for name in derives(&e.attrs) {
                    lines.insert(format!("impl {name} for {item}"));
                }
                for variant in &e.variants {
                    let name = ident(&variant.ident);
                    lines.insert(match &variant.fields {
                        syn::Fields::Unit => format!("{item}::{name}"),
                        syn::Fields::Unnamed(fields) => {
                            format!("{item}::{name}({})", canon(&fields.unnamed[0].ty))
                        }
                        syn::Fields::Named(_) => format!("{item}::{name} {{ .. }}"),
                    });
                }
            }
            syn::Item::Type(alias) => {
                lines.insert(format!(
                    "models::{} = {}",
                    ident(&alias.ident),
                    canon(&alias.ty)
                ));
            }
            syn::Item::Impl(block) => {
                let Some((_, trait_path, _)) = &block.trait_ else {
                    continue;
                };
                // A trait of the models' own (`de::Struct`) is private:
                // no part of the crate's surface.
                if trait_path.leading_colon.is_none() && trait_path.segments.len() > 1 {
                    continue;
                }
                // `From<String>`, `Deserialize` (lifetimes left out).
                let segment = trait_path.segments.last().unwrap();
                let types: Vec<String> = match &segment.arguments {
                    syn::PathArguments::AngleBracketed(args) => args
                        .args
                        .iter()
                        .filter_map(|arg| match arg {
                            syn::GenericArgument::Type(ty) => Some(canon(ty)),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let name = match types.is_empty() {
                    true => segment.ident.to_string(),
                    false => format!("{}<{}>", segment.ident, types.join(", ")),
                };
                let syn::Type::Path(ty) = &*block.self_ty else {
                    continue;
                };
                let ty = ident(&ty.path.segments.last().unwrap().ident);
                if ty == "Base64Bytes" {
                    continue;
                }
                lines.insert(format!("impl {name} for models::{ty}"));
            }
            _ => {}
        }
    }
}

/// Unions of scalars implement `Display` (the diff does not track it).
fn without_union_display(lines: BTreeSet<String>, ir_lines: &BTreeSet<String>) -> BTreeSet<String> {
    lines
        .into_iter()
        .filter(|line| !line.starts_with("impl Display for") || ir_lines.contains(line))
        .collect()
}

/// The methods, setters and error items of `client.rs` and `error.rs`.
fn client_lines(client: &syn::File, error: &syn::File, lines: &mut BTreeSet<String>) {
    const FIXED: &[&str] = &[
        "new",
        "from_env",
        "base_url",
        "timeout",
        "connect_timeout",
        "max_retries",
        "retry_backoff",
        "http_client",
        "max_response_bytes",
        "max_concurrent_requests",
        "build",
        "builder",
    ];
    for item in &client.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let syn::Type::Path(ty) = &*block.self_ty else {
            continue;
        };
        let owner = ident(&ty.path.segments.last().unwrap().ident);
        if block.trait_.is_some() || !(owner == "Client" || owner == "ClientBuilder") {
            continue;
        }
        for item in &block.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let name = ident(&f.sig.ident);
            let output = match &f.sig.output {
                syn::ReturnType::Type(_, ty) => canon(ty),
                syn::ReturnType::Default => "()".into(),
            };
            // An operation method returns the future of its call.
            if output.starts_with("impl Future<") {
                let args: String = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|arg| match arg {
                        syn::FnArg::Typed(arg) => {
                            let name = arg.pat.to_token_stream().to_string();
                            Some(format!(
                                ", {}: {}",
                                name.trim_start_matches("r#"),
                                canon(&arg.ty)
                            ))
                        }
                        syn::FnArg::Receiver(_) => None,
                    })
                    .collect();
                lines.insert(format!("pub fn {name}(&self{args}) -> {output}"));
            } else if !FIXED.contains(&name.as_str()) && !output.contains("BoxStream") {
                lines.insert(format!("{owner}::{name}"));
            }
        }
    }
    for item in &error.items {
        match item {
            syn::Item::Enum(e)
                if e.ident == "Error" && e.variants.iter().any(|v| v.ident == "Auth") =>
            {
                lines.insert("Error::Auth".into());
            }
            syn::Item::Struct(s) if s.ident == "ApiError" => {
                for field in s
                    .fields
                    .iter()
                    .filter(|f| f.ident.as_ref().unwrap() == "body")
                {
                    lines.insert(format!("ApiError::body: {}", canon(&field.ty)));
                }
            }
            _ => {}
        }
    }
}

fn check(spec: &Path, options: &Options) {
    let text = std::fs::read_to_string(spec).unwrap();
    let label = spec.file_name().unwrap().to_string_lossy().into_owned();
    let output =
        apigen::generate(spec, options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let loaded = diff::load_str(&text, &label, options);
    let loaded = match loaded {
        Ok(loaded) => loaded,
        // A split spec: loaded from its path.
        Err(_) => diff::load(&diff::SpecRef::File(spec.to_path_buf()), options).unwrap(),
    };
    let from_ir: BTreeSet<String> = diff::surface(&loaded).into_iter().collect();
    let parse = |path: &str| -> Option<syn::File> {
        let file = output.files().iter().find(|f| f.path == path)?;
        Some(syn::parse_file(&file.contents).unwrap())
    };
    let mut from_code = BTreeSet::new();
    model_lines(&parse("src/models.rs").unwrap(), &mut from_code);
    if let (Some(client), Some(error)) = (parse("src/client.rs"), parse("src/error.rs")) {
        client_lines(&client, &error, &mut from_code);
    }
    let from_code = without_union_display(from_code, &from_ir);
    let only_ir: Vec<&String> = from_ir.difference(&from_code).collect();
    let only_code: Vec<&String> = from_code.difference(&from_ir).collect();
    assert!(
        only_ir.is_empty() && only_code.is_empty(),
        "{}: the diff's view and the generated code differ\nonly in the diff's view: {only_ir:#?}\nonly in the code: {only_code:#?}",
        spec.display()
    );
}

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = vec![
        root.join("spec/m3ter.yaml"),
        root.join("tests/fixtures/multi-file/api.yaml"),
    ];
    let folders = [root.join("tests/fixtures")];
    for folder in folders {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                specs.push(path);
            }
        }
    }
    for entry in std::fs::read_dir(root.join("tests/fixtures/diff")).unwrap() {
        let dir = entry.unwrap().path();
        specs.push(dir.join("old.yaml"));
        specs.push(dir.join("new.yaml"));
    }
    specs.sort();
    specs
}

#[test]
fn the_diffs_view_is_the_generated_code() {
    for spec in specs() {
        check(&spec, &Options::default());
    }
}

#[test]
fn the_diffs_view_is_the_generated_code_with_models_only() {
    for spec in specs() {
        let options = Options {
            models_only: true,
            ..Options::default()
        };
        check(&spec, &options);
    }
}
