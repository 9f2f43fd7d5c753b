//! Generates the clients of `fixtures/operations.yaml` and
//! `fixtures/openapi31-runtime.yaml` at build time (the `build.rs` way users
//! do), for the behaviour tests in `operations.rs` and `openapi31.rs`.

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
}
