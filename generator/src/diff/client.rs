//! The client's configuration, shared by every method: whether there is a
//! client at all, the default base URL, the OAuth2 token URL, the setters
//! of `ClientBuilder` and `Client` that the spec decides (credentials, API
//! keys, client-level parameters), the variants of `Error` and the type of
//! `ApiError::body`.

use super::compare::{Adjust, At, Cx, Found, Side, Subject};
use super::rust;
use super::SourceLevel::{self, Major, Minor, Patch};
use crate::ir::{AuthScheme, Ir};

fn found(kind: &'static str, item: &str, message: String, source: SourceLevel, at: At) -> Found {
    Found {
        kind,
        item: item.to_string(),
        before: None,
        after: None,
        message,
        source,
        subject: Subject::Client,
        at,
        adjust: Adjust::None,
    }
}

pub(super) fn compare(cx: &mut Cx) {
    if cx.old_client != cx.new_client {
        let (kind, source, what) = if cx.new_client {
            ("client-added", Minor, "now has")
        } else {
            ("client-removed", Major, "no longer has")
        };
        let message = format!("the crate {what} a client (`Client`, `ClientBuilder`, `Error`)");
        cx.push(found(
            kind,
            "Client",
            message,
            source,
            At::Node(Side::New, "/paths".into()),
        ));
    }
    server(cx);
    token_url(cx);
    if cx.old_client && cx.new_client {
        setters(cx);
        error_type(cx);
    }
    file_part(cx);
}

fn server(cx: &mut Cx) {
    let (old, new) = (&cx.old.api.server_url, &cx.new.api.server_url);
    if old == new {
        return;
    }
    let show = |url: &Option<String>| url.clone().unwrap_or_else(|| "(none)".into());
    let message = format!(
        "the default base URL is {}, no longer {}",
        show(new),
        show(old)
    );
    let mut change = found(
        "server-changed",
        "ClientBuilder::base_url",
        message,
        Patch,
        At::Node(Side::New, "/servers/0".into()),
    );
    (change.before, change.after) = (Some(show(old)), Some(show(new)));
    cx.push(change);
}

fn token_url(cx: &mut Cx) {
    let url = |ir: &Ir| {
        ir.operations.iter().find_map(|op| match &op.auth {
            Some(AuthScheme::OAuth2ClientCredentials { token_url }) => Some(token_url.clone()),
            _ => None,
        })
    };
    let (old, new) = (url(cx.old), url(cx.new));
    if let (Some(old), Some(new)) = (old, new) {
        if old != new {
            let message = format!("the OAuth2 token URL is {new}, no longer {old}");
            let mut change = found(
                "token-url-changed",
                "ClientBuilder::token_url",
                message,
                Patch,
                At::Node(Side::New, "/components/securitySchemes".into()),
            );
            (change.before, change.after) = (Some(old), Some(new));
            cx.push(change);
        }
    }
}

fn setters(cx: &mut Cx) {
    let old = rust::setters(cx.old);
    let new = rust::setters(cx.new);
    for (item, declaration) in &new {
        if !old.iter().any(|(o, _)| o == item) {
            let mut change = found(
                "setter-added",
                item,
                format!("`{item}` was added"),
                Minor,
                At::Node(Side::New, "/components/securitySchemes".into()),
            );
            change.after = Some(declaration.clone());
            cx.push(change);
        }
    }
    for (item, declaration) in &old {
        if !new.iter().any(|(n, _)| n == item) {
            let mut change = found(
                "setter-removed",
                item,
                format!("`{item}` was removed"),
                Major,
                At::Node(Side::Old, "/components/securitySchemes".into()),
            );
            change.before = Some(declaration.clone());
            cx.push(change);
        }
    }
}

fn error_type(cx: &mut Cx) {
    let (old, new) = (rust::has_auth_error(cx.old), rust::has_auth_error(cx.new));
    if old != new {
        // `Error` is `#[non_exhaustive]`: a new variant breaks no `match`.
        let (kind, source, what) = if new {
            ("error-variant-added", Minor, "was added")
        } else {
            ("error-variant-removed", Major, "was removed")
        };
        let message = format!("`Error::Auth` {what} (OAuth2 token errors)");
        let mut change = found(
            kind,
            "Error::Auth",
            message,
            source,
            At::Node(Side::New, "/components/securitySchemes".into()),
        );
        let declaration = Some(
            "Auth { message: String, status: Option<u16>, source: Option<Box<Error>> }".to_string(),
        );
        if new {
            change.after = declaration;
        } else {
            change.before = declaration;
        }
        cx.push(change);
    }
    let (old, new) = (rust::error_body_type(cx.old), rust::error_body_type(cx.new));
    if old != new {
        let message = format!("the decoded error body is `{new}`, no longer `{old}`");
        let mut change = found(
            "error-body-type-changed",
            "ApiError::body",
            message,
            Major,
            At::Node(Side::New, "/paths".into()),
        );
        change.before = Some(format!("pub body: Option<{old}>"));
        change.after = Some(format!("pub body: Option<{new}>"));
        cx.push(change);
    }
}

/// `models::FilePart` exists while some multipart form sends a file.
fn file_part(cx: &mut Cx) {
    let (old, new) = (rust::uses_files(cx.old), rust::uses_files(cx.new));
    if old != new {
        let name = crate::ir::reserved::FILE_PART;
        let (kind, source, what) = if new {
            ("type-added", Minor, "added")
        } else {
            ("type-removed", Major, "removed")
        };
        let mut change = found(
            kind,
            &format!("models::{name}"),
            format!("struct `{name}` was {what}"),
            source,
            At::Node(Side::New, "/paths".into()),
        );
        let declaration = Some(format!("pub struct {name}"));
        if new {
            change.after = declaration;
        } else {
            change.before = declaration;
        }
        cx.push(change);
    }
}
