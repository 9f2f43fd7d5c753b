//! The public API of a generated crate as the diff sees it, one line per
//! item: every model field, variant and alias with its type, the traits
//! each model implements, every operation's method, the spec-dependent
//! setters and error items. `generator/tests/diff_surface.rs` reads the
//! same lines from the emitted code with syn and requires them to be
//! equal, so the declarations the diff prints are the generated ones.

use super::compare::Side;
use super::{rust, Loaded};
use crate::ir::serde_impls::SerdeImpls;
use crate::ir::{Ir, ResponseBody, TypeDef, TypeKind};

/// The lines, sorted.
pub fn surface(loaded: &Loaded) -> Vec<String> {
    let ir = &loaded.ir;
    let cx = super::compare::Cx::new(loaded, loaded);
    let mut lines = Vec::new();
    for (i, def) in ir.types.iter().enumerate() {
        let serde = cx.serde(Side::New, crate::ir::TypeId(i));
        type_lines(ir, def, serde, &mut lines);
    }
    if loaded.client {
        for op in &ir.operations {
            lines.push(rust::method_signature(ir, op));
        }
        lines.extend(rust::setters(ir).into_iter().map(|(item, _)| item));
        lines.push(format!(
            "ApiError::body: Option<{}>",
            rust::error_body_type(ir)
        ));
        if rust::has_auth_error(ir) {
            lines.push("Error::Auth".into());
        }
    }
    lines.sort();
    lines
}

fn type_lines(ir: &Ir, def: &TypeDef, serde: SerdeImpls, lines: &mut Vec<String>) {
    let item = format!("models::{}", def.name);
    for name in rust::traits(def, serde) {
        lines.push(format!("impl {name} for {item}"));
    }
    match &def.kind {
        TypeKind::Struct(s) | TypeKind::Multipart(s) => {
            let boxing = matches!(def.kind, TypeKind::Struct(_));
            for field in &s.fields {
                let ty = rust::field_type(ir, field, boxing);
                lines.push(format!("{item}::{}: {ty}", field.name));
            }
            if let Some((name, value)) = &s.additional {
                let value = rust::type_name(ir, value);
                lines.push(format!("{item}::{name}: BTreeMap<String, {value}>"));
            }
        }
        TypeKind::Enum(e) => {
            lines.extend(e.variants.iter().map(|v| format!("{item}::{}", v.name)));
            lines.push(format!("{item}::{}(String)", e.other_variant));
        }
        TypeKind::IntegerEnum(e) => {
            lines.extend(e.variants.iter().map(|v| format!("{item}::{}", v.name)));
            lines.push(format!("{item}::{}(i64)", e.other_variant));
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                let ty = rust::type_name(ir, &v.ty);
                let ty = if v.boxed { format!("Box<{ty}>") } else { ty };
                lines.push(format!("{item}::{}({ty})", v.name));
            }
            if u.discriminator.is_some() {
                lines.push(format!("{item}::{}(serde_json::Value)", u.other_variant));
            }
        }
        TypeKind::Alias(target) => lines.push(format!("{item} = {}", rust::type_name(ir, target))),
        TypeKind::Newtype(target) => {
            lines.push(format!("{item}.0: {}", rust::type_name(ir, target)))
        }
        TypeKind::Responses(r) => {
            for v in &r.variants {
                lines.push(match &v.body {
                    ResponseBody::Empty | ResponseBody::ByStatus(_) => {
                        format!("{item}::{}", v.name)
                    }
                    body => format!(
                        "{item}::{}({})",
                        v.name,
                        models_relative(&rust::return_type(ir, body))
                    ),
                });
            }
            lines.push(format!("{item}::{} {{ .. }}", r.other_variant));
        }
        TypeKind::Webhooks(w) => {
            for v in &w.variants {
                lines.push(match &v.payload {
                    Some(payload) => {
                        format!("{item}::{}({})", v.name, rust::type_name(ir, payload))
                    }
                    None => format!("{item}::{}", v.name),
                });
            }
            lines.push(format!("{item}::{} {{ .. }}", w.other_variant));
        }
    }
}

/// A type named from `client.rs` (`models::Order`) as `models.rs` names it.
fn models_relative(ty: &str) -> String {
    ty.replace("models::", "")
}
