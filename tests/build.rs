//! Generates the client of `fixtures/operations.yaml` at build time (the
//! `build.rs` way users do), for the behaviour tests in `operations.rs`.

fn main() {
    apigen::Builder::new("fixtures/operations.yaml")
        .out_file("operations.rs")
        // The fixture's fallbacks are deliberate, and the snapshot tests
        // pin its warnings; every build need not repeat them.
        .print_warnings(false)
        .run();
}
