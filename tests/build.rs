//! Generates the clients of `fixtures/operations.yaml` and
//! `fixtures/openapi31-runtime.yaml` at build time (the `build.rs` way users
//! do), for the behaviour tests in `operations.rs` and `openapi31.rs`; and,
//! for `decode_property.rs`, the models of several specs twice (with the
//! written-out `Deserialize` of structs, and with serde's derive), with a
//! table of their types.

use std::fmt::Write as _;
use std::path::Path;

/// The specs whose models `decode_property.rs` decodes both ways.
const DECODED_SPECS: &[(&str, &str)] = &[
    ("m3ter", "../spec/m3ter.yaml"),
    ("operations", "fixtures/operations.yaml"),
    ("combinators", "fixtures/combinators.yaml"),
    ("names", "fixtures/names.yaml"),
    ("shapes", "fixtures/shapes.yaml"),
    ("references", "fixtures/references.yaml"),
    ("hostile31", "fixtures/openapi31-hostile.yaml"),
    ("nulls31", "fixtures/openapi31-nulls-and-consts.yaml"),
    ("keywords31", "fixtures/openapi31-keywords.yaml"),
];

fn main() {
    apigen::Builder::new("fixtures/operations.yaml")
        .out_file("operations.rs")
        // As the README suggests: a derive every model type gets, the
        // enums and unions that structs hold included.
        .extra_derive("schemars::JsonSchema")
        // The fixture's fallbacks are deliberate, and the snapshot tests
        // pin its warnings; every build need not repeat them.
        .print_warnings(false)
        .run();
    apigen::Builder::new("fixtures/openapi31-runtime.yaml")
        .out_file("openapi31.rs")
        .print_warnings(false)
        .run();
    decoded_models();
}

/// `decoded/<spec>_compact.rs`, `decoded/<spec>_derived.rs` and
/// `decoded/table.rs`: a `decode_<spec>` function per spec that decodes a
/// JSON text as the type of that name both ways.
fn decoded_models() {
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("decoded");
    std::fs::create_dir_all(&out).unwrap();
    let mut table = String::from(
        "pub type Decode = fn(&str, &str) -> Option<(Decoded, Decoded)>;\n\
         /// Each spec: its label, its path, and how its types decode.\n\
         pub const SPECS: &[(&str, &str, Decode)] = &[\n",
    );
    for (label, spec) in DECODED_SPECS {
        writeln!(table, "    ({label:?}, {spec:?}, {label}::decode),").unwrap();
    }
    table.push_str("];\n");
    for (label, spec) in DECODED_SPECS {
        println!("cargo:rerun-if-changed={spec}");
        let mut options = apigen::Options {
            models_only: true,
            ..Default::default()
        };
        for (flavour, derive) in [("compact", false), ("derived", true)] {
            options.derive_serde = derive;
            let output = apigen::generate(Path::new(spec), &options).unwrap();
            let file = output.single_file("models.rs").unwrap();
            let path = out.join(format!("{label}_{flavour}.rs"));
            apigen::write::write_file_if_changed(&path, &file.contents).unwrap();
        }
        let output = apigen::generate(Path::new(spec), &options).unwrap();
        write_decoder(&mut table, label, output.ir());
    }
    apigen::write::write_file_if_changed(&out.join("table.rs"), &table).unwrap();
}

/// `decode_<label>(type name, JSON text)`: how each flavour decodes it, as
/// its `Debug` text or its error; `None` for a name that is no type.
fn write_decoder(table: &mut String, label: &str, ir: &apigen::ir::Ir) {
    use apigen::ir::TypeKind;
    writeln!(
        table,
        "pub mod {label} {{\n    use super::{{decoded, Decoded}};"
    )
    .unwrap();
    for flavour in ["compact", "derived"] {
        writeln!(
            table,
            "    pub mod {flavour} {{ include!(concat!(env!(\"OUT_DIR\"), \"/decoded/{label}_{flavour}.rs\")); }}"
        )
        .unwrap();
    }
    writeln!(
        table,
        "    pub fn decode(name: &str, json: &str) -> Option<(Decoded, Decoded)> {{\n        Some(match name {{"
    )
    .unwrap();
    for def in &ir.types {
        let decodes = matches!(
            def.kind,
            TypeKind::Struct(_)
                | TypeKind::Enum(_)
                | TypeKind::IntegerEnum(_)
                | TypeKind::Union(_)
                | TypeKind::Newtype(_)
                | TypeKind::Alias(_)
        );
        if decodes {
            let name = &def.name;
            writeln!(
                table,
                "            {name:?} => (decoded::<compact::models::{name}>(json), decoded::<derived::models::{name}>(json)),"
            )
            .unwrap();
        }
    }
    writeln!(
        table,
        "            _ => return None,\n        }})\n    }}\n}}"
    )
    .unwrap();
}
