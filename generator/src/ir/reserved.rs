//! Names the generated code claims for itself, declared once: the IR keeps
//! them free when it names what the spec declares, and the emitters write
//! them (or, where an emitter spells them inside a `quote!`, a test keeps
//! the two in step).

/// The model type of a file sent in a `multipart/form-data` body.
pub const FILE_PART: &str = "FilePart";

/// Names the generated client uses for its own methods; an operation's
/// method, and the methods derived from operations, must not be one of them.
pub const CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "clone", "fmt"];

/// Names the client builder uses for its own methods, and the client's own
/// field (`shared`); a client parameter's field (which is also its builder
/// method), and an API key's builder method, must not be one of them.
pub const BUILDER_NAMES: &[&str] = &[
    "new",
    "from_env",
    "build",
    "base_url",
    "token_url",
    "credentials",
    "bearer_token",
    "timeout",
    "connect_timeout",
    "max_retries",
    "retry_backoff",
    "http_client",
    "max_response_bytes",
    "max_concurrent_requests",
    "strict_responses",
    "shared",
    "clone",
    "fmt",
];

/// The client builder's own fields; a client parameter's field, which the
/// builder holds too, must not be one of them.
pub const BUILDER_FIELDS: &[&str] = &[
    "base_url",
    "auth",
    "timeout",
    "connect_timeout",
    "retry",
    "limits",
    "strict_responses",
    "http",
];
