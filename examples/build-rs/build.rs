fn main() {
    apigen::Builder::new("openapi.yaml").run();
}
