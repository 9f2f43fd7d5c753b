//! Security schemes → how the client authenticates: the schemes it
//! supports (OAuth2, bearer tokens, HTTP Basic), and for each operation the
//! scheme and API keys of the first security requirement it can meet.

use super::api_keys::ApiKeys;
use super::diagnostics::Diagnostics;
use super::AuthScheme;
use crate::pointer::push_pointer;
use openapiv3::{OpenAPI, Operation, ReferenceOr, SecurityScheme};

/// The supported schemes among the spec's security schemes.
pub fn schemes(spec: &OpenAPI) -> Vec<AuthScheme> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    components
        .security_schemes
        .values()
        .filter_map(|scheme| match scheme {
            ReferenceOr::Item(scheme) => scheme_of(scheme),
            ReferenceOr::Reference { .. } => None,
        })
        .collect()
}

/// The client's form of a security scheme other than an API key, if it
/// supports it.
fn scheme_of(scheme: &SecurityScheme) -> Option<AuthScheme> {
    match scheme {
        SecurityScheme::OAuth2 { flows, .. } => Some(match &flows.client_credentials {
            Some(cc) => AuthScheme::OAuth2ClientCredentials {
                token_url: cc.token_url.clone(),
            },
            None => AuthScheme::Bearer,
        }),
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Some(AuthScheme::Bearer)
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Some(AuthScheme::Basic)
        }
        _ => None,
    }
}

/// The authentication of the first security requirement the client can
/// meet (the operation's own, else the spec's): its bearer, OAuth2 or
/// Basic scheme, and its API keys. Nothing for no requirement or an
/// empty one (authentication optional). Schemes the client does not
/// support (OpenID Connect, mutual TLS, other HTTP schemes) are skipped.
pub fn operation_auth(
    spec: &OpenAPI,
    op: &Operation,
    api_keys: &mut ApiKeys,
    diagnostics: &mut Diagnostics,
) -> (Option<AuthScheme>, Vec<usize>) {
    let Some(requirements) = op.security.as_ref().or(spec.security.as_ref()) else {
        return (None, Vec::new());
    };
    let Some(components) = spec.components.as_ref() else {
        return (None, Vec::new());
    };
    for requirement in requirements {
        if requirement.is_empty() {
            return (None, Vec::new());
        }
        let schemes: Vec<(&String, &SecurityScheme)> = requirement
            .keys()
            .filter_map(|name| match components.security_schemes.get(name) {
                Some(ReferenceOr::Item(scheme)) => Some((name, scheme)),
                _ => None,
            })
            .collect();
        let primary = schemes.iter().find_map(|(_, scheme)| scheme_of(scheme));
        let mut keys = Vec::new();
        for (name, scheme) in &schemes {
            match api_keys.index_of(name, scheme) {
                Ok(key) => keys.extend(key),
                Err(Some(message)) => {
                    diagnostics.warn(message, &push_pointer("/components/securitySchemes", name))
                }
                Err(None) => {}
            }
        }
        if primary.is_some() || !keys.is_empty() {
            return (primary, keys);
        }
    }
    (None, Vec::new())
}
