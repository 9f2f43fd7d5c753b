//! The environment variables `ClientBuilder::from_env` reads, named once
//! for the code that reads them and the docs that list them.

use super::AuthFeatures;
use crate::ir::{ApiKey, Ir};
use heck::ToShoutySnakeCase;

/// The variables, each the prefix (`M3TER_`) and a name.
pub struct EnvVars {
    /// `M3TER_BASE_URL`: the server to call.
    pub base_url: String,
    /// `M3TER_API_KEY` and `M3TER_API_SECRET`: the credentials of OAuth2
    /// client credentials or HTTP Basic.
    pub api_key: String,
    pub api_secret: String,
    /// `M3TER_API_TOKEN`: a ready bearer token.
    pub api_token: String,
    /// `M3TER_STRICT_RESPONSES`: refuse responses that stray from the spec.
    pub strict_responses: String,
    /// The variable of each API key, in the order of [`Ir::api_keys`].
    pub api_keys: Vec<String>,
    /// The variable of each client parameter (`M3TER_ORG_ID`), in the order
    /// of [`Ir::client_params`].
    pub client_params: Vec<String>,
}

impl EnvVars {
    pub fn of(ir: &Ir, prefix: &str, auth: &AuthFeatures) -> Self {
        let mut vars = Self {
            base_url: format!("{prefix}BASE_URL"),
            api_key: format!("{prefix}API_KEY"),
            api_secret: format!("{prefix}API_SECRET"),
            api_token: format!("{prefix}API_TOKEN"),
            strict_responses: format!("{prefix}STRICT_RESPONSES"),
            api_keys: Vec::new(),
            client_params: ir
                .client_params
                .iter()
                .map(|param| format!("{prefix}{}", param.wire_name.to_shouty_snake_case()))
                .collect(),
        };
        vars.api_keys = ir
            .api_keys
            .iter()
            .map(|key| vars.api_key_var(prefix, key, auth))
            .collect();
        vars
    }

    /// The variable holding an API key: the prefix and the scheme's name
    /// (`PETSTORE_API_KEY`), with `_KEY` added when the client reads that
    /// variable for other credentials already.
    fn api_key_var(&self, prefix: &str, key: &ApiKey, auth: &AuthFeatures) -> String {
        let var = format!("{prefix}{}", key.scheme.to_shouty_snake_case());
        let taken = (auth.credentials() && (var == self.api_key || var == self.api_secret))
            || (auth.bearer && var == self.api_token)
            || var == self.base_url
            || var == self.strict_responses;
        if taken {
            format!("{var}_KEY")
        } else {
            var
        }
    }
}
