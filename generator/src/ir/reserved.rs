//! Names the generated code claims for itself, declared once: the IR keeps
//! them free when it names what the spec declares, and the emitters write
//! them (or, where an emitter spells them inside a `quote!`, a test keeps
//! the two in step).

/// The model type of a file sent in a `multipart/form-data` body.
pub const FILE_PART: &str = "FilePart";

/// The model type of bytes sent as base64 text (`TypeRef::Bytes`), which
/// only 3.1 specs have: reserved for them alone, so that the names of a
/// 3.0 spec's types stay as they were.
pub const BASE64_BYTES: &str = "Base64Bytes";

/// The model type of a 3.1 spec's webhooks (`TypeKind::Webhooks`), named
/// like a schema: it takes `Webhook2` if a schema is named `Webhook`.
pub const WEBHOOK: &str = "Webhook";

/// Names the generated client uses for its own methods; an operation's
/// method, and the methods derived from operations, must not be one of them.
/// `new` too: a `Client::new` that sends a request reads as a constructor
/// (and clippy's `new_ret_no_self` says so).
pub const CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "clone", "fmt", "new"];

/// The free functions of the generated client module: an operation's
/// argument (and the local a path parameter is encoded into) must not
/// shadow one of them.
pub const CLIENT_FUNCTIONS: &[&str] = &[
    "client_param",
    "cookie_pair",
    "decode_json",
    "deep_object_pairs",
    "encode_form",
    "encode_json",
    "encode_multipart_value",
    "encode_path_parameter",
    "env_var",
    "file_part",
    "header_value",
    "json_pairs",
    "parse_base_url",
    "property_pairs",
    "success",
    "text_part",
];

/// The locals of a paginated operation's `…_pages` method, beside its
/// arguments, in the order of [`StreamLocals`](super::StreamLocals)' fields:
/// the client copy the stream owns, each call's page token, the page and
/// the next token. Each gets a suffix where an argument has its name.
pub const STREAM_LOCALS: [&str; 4] = ["client", "token", "page", "next"];

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
