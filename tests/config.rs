//! Configuration: the builder's defaults, and `from_env` with the variable
//! names of m3ter's official SDKs. The environment is global to the test
//! process, so every case that sets variables runs in the one test below.

use std::time::Duration;

use m3ter::{Client, ClientBuilder, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

const VARIABLES: [&str; 6] = [
    "M3TER_BASE_URL",
    "M3TER_API_KEY",
    "M3TER_API_SECRET",
    "M3TER_API_TOKEN",
    "M3TER_ORG_ID",
    "M3TER_STRICT_RESPONSES",
];

fn set_env(pairs: &[(&str, &str)]) {
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    for (name, value) in pairs {
        std::env::set_var(name, value);
    }
}

#[test]
fn the_defaults_are_those_of_the_official_sdks() {
    assert_eq!(ClientBuilder::DEFAULT_TIMEOUT, Duration::from_secs(60));
    assert_eq!(
        ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
        Duration::from_secs(5)
    );
    assert_eq!(ClientBuilder::DEFAULT_MAX_RETRIES, 2);
    let debug = format!("{:?}", ClientBuilder::default());
    assert!(debug.contains("max_retries: 2"), "{debug}");
    assert!(debug.contains("initial_backoff: 500ms"), "{debug}");
    assert!(debug.contains("max_backoff: 8s"), "{debug}");
}

#[tokio::test]
async fn from_env_reads_the_sdk_variables() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path("/organizations/env-org/statementjobs/job-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;

    // Key, secret, org id and base URL: tokens come from the credentials.
    set_env(&[
        ("M3TER_BASE_URL", &server.uri()),
        ("M3TER_API_KEY", API_KEY),
        ("M3TER_API_SECRET", API_SECRET),
        ("M3TER_ORG_ID", "env-org"),
    ]);
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url().as_str(), format!("{}/", server.uri()));
    client.get_statement_job(JOB).await.unwrap();
    let token_requests = received_at(&server, TOKEN_PATH).await;
    assert_eq!(token_requests.len(), 1);
    assert_eq!(
        authorization(&token_requests[0]),
        Some(basic_credentials().as_str())
    );
    assert_eq!(
        authorization(&received_at(&server, "/organizations").await[0]),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    // A ready token, and blank variables that count as unset.
    server.reset().await;
    Mock::given(method("GET"))
        .and(header(
            "authorization",
            format!("Bearer {TOKEN_2}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    set_env(&[
        ("M3TER_BASE_URL", &server.uri()),
        ("M3TER_API_TOKEN", TOKEN_2),
        ("M3TER_API_KEY", " "),
        ("M3TER_API_SECRET", ""),
        ("M3TER_ORG_ID", "env-org"),
    ]);
    Client::from_env()
        .unwrap()
        .get_statement_job(JOB)
        .await
        .unwrap();
    assert!(received_at(&server, TOKEN_PATH).await.is_empty());

    // Half a key pair is a configuration error naming both variables.
    set_env(&[("M3TER_API_KEY", API_KEY)]);
    let error = Client::from_env().unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("M3TER_API_KEY and M3TER_API_SECRET"),
        "{message}"
    );
    set_env(&[("M3TER_API_SECRET", API_SECRET)]);
    assert_no_secrets(&Client::from_env().unwrap_err().to_string());

    // A bad base URL is reported as such.
    set_env(&[("M3TER_BASE_URL", "not a url")]);
    assert!(matches!(
        Client::from_env().unwrap_err(),
        Error::InvalidBaseUrl { .. }
    ));

    // Nothing set: the spec's server, and no org id until one is given.
    set_env(&[]);
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.m3ter.com/");
    let error = client.get_statement_job(JOB).await.unwrap_err();
    assert!(error.to_string().contains("M3TER_ORG_ID"), "{error}");

    // The builder's own settings win over nothing; from_env is a builder too.
    set_env(&[("M3TER_ORG_ID", "env-org")]);
    let client = ClientBuilder::from_env()
        .unwrap()
        .base_url(server.uri())
        .bearer_token(TOKEN_2)
        .build()
        .unwrap();
    client.get_statement_job(JOB).await.unwrap();

    // M3TER_STRICT_RESPONSES: a body that strays from the spec (`version` as
    // a string) decodes by default, and is refused when it is `true`.
    server.reset().await;
    let mut stray = statement_job_body();
    stray["version"] = "4".into();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(stray))
        .mount(&server)
        .await;
    let from = |strict: &str| {
        set_env(&[
            ("M3TER_BASE_URL", &server.uri()),
            ("M3TER_API_TOKEN", TOKEN),
            ("M3TER_ORG_ID", "env-org"),
            ("M3TER_STRICT_RESPONSES", strict),
        ]);
        Client::from_env()
    };
    let lenient = from("false").unwrap();
    assert_eq!(
        lenient.get_statement_job(JOB).await.unwrap().version,
        Some(4)
    );
    let strict = from("TRUE").unwrap();
    match strict.get_statement_job(JOB).await {
        Err(Error::Decode(error)) => assert_eq!(error.path, "version"),
        other => panic!("strict from the environment, got {other:?}"),
    }
    let error = from("sometimes").unwrap_err();
    assert_eq!(
        error.to_string(),
        "client configuration: M3TER_STRICT_RESPONSES must be `true` or `false`"
    );
    set_env(&[]);
}
