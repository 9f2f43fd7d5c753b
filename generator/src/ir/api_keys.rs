//! API keys (`type: apiKey` security schemes): each scheme an operation
//! uses becomes a client setting with a builder method and an environment
//! variable, sent in the header, query parameter or cookie the scheme names.

use super::{ApiKey, ApiKeyLocation, ClientParam};
use crate::naming::{type_name, value_name, Namespace};
use openapiv3::{APIKeyLocation, SecurityScheme};

/// The API key schemes operations use, in the order first used.
#[derive(Default)]
pub struct ApiKeys {
    keys: Vec<ApiKey>,
    variants: Namespace,
    /// Schemes already reported as unusable.
    rejected: std::collections::BTreeSet<String>,
}

impl ApiKeys {
    /// The index of scheme `name` (an `apiKey` scheme), added on first use;
    /// `Ok(None)` for schemes of other types; an error for a header or
    /// cookie name HTTP cannot carry (reported once per scheme).
    pub fn index_of(
        &mut self,
        name: &str,
        scheme: &SecurityScheme,
    ) -> Result<Option<usize>, Option<String>> {
        let SecurityScheme::APIKey {
            location,
            name: wire_name,
            description,
            ..
        } = scheme
        else {
            return Ok(None);
        };
        if let Some(index) = self.keys.iter().position(|k| k.scheme == name) {
            return Ok(Some(index));
        }
        if !matches!(location, APIKeyLocation::Query)
            && !super::operations::is_http_token(wire_name)
        {
            let first = self.rejected.insert(name.to_string());
            return Err(first.then(|| {
                format!(
                    "API key scheme `{}`: `{}` cannot be sent as a header or cookie name; the client does not send this key",
                    name.escape_debug(),
                    wire_name.escape_debug()
                )
            }));
        }
        self.keys.push(ApiKey {
            scheme: name.to_string(),
            wire_name: wire_name.clone(),
            location: match location {
                APIKeyLocation::Header => ApiKeyLocation::Header,
                APIKeyLocation::Query => ApiKeyLocation::Query,
                APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            },
            variant: self.variants.claim(&type_name(name)),
            setter: String::new(),
            doc: description.clone(),
        });
        Ok(Some(self.keys.len() - 1))
    }

    /// The keys, with builder methods named after their schemes, clear of
    /// the builder's own methods and of the client parameters' setters.
    pub fn finish(self, builder_names: &[&str], client_params: &[ClientParam]) -> Vec<ApiKey> {
        let mut setters = Namespace::new();
        for name in builder_names {
            setters.reserve(name);
        }
        for param in client_params {
            setters.reserve(&param.field);
        }
        self.keys
            .into_iter()
            .map(|key| ApiKey {
                setter: setters.claim(&value_name(&key.scheme)),
                ..key
            })
            .collect()
    }
}
