//! OAuth2 client credentials against a real HTTP server on 127.0.0.1: the
//! token is fetched once and shared (also by concurrent calls), replaced
//! shortly before it expires, refreshed once on 401 and on 403 (never in a
//! loop), and no secret ever shows in `Debug` output or error messages.

use std::time::Duration;

use m3ter::{Client, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

const JOB_PATH: &str = "/organizations/org-1/statementjobs/job-1";

/// The API answers `GET` of the job to requests with `Bearer <token>`.
async fn mount_job_for_token(server: &MockServer, token: &str) {
    Mock::given(method("GET"))
        .and(path(JOB_PATH))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(server)
        .await;
}

/// The token endpoint hands out `first` once, then `second`.
async fn mount_two_tokens(server: &MockServer, first: (&str, u64), second: &str) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_response(first.0, first.1))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_response(second, 18_000))
        .with_priority(2)
        .mount(server)
        .await;
}

/// The bearer tokens the API calls carried, in order.
async fn api_tokens(server: &MockServer) -> Vec<String> {
    received_at(server, "/organizations")
        .await
        .iter()
        .map(|r| authorization(r).unwrap_or("none").to_string())
        .collect()
}

async fn token_requests(server: &MockServer) -> usize {
    received_at(server, TOKEN_PATH).await.len()
}

#[tokio::test]
async fn one_token_fetch_serves_many_calls() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    mount_job_for_token(&server, TOKEN).await;

    let client = oauth_client_for(&server);
    for _ in 0..5 {
        client.get_statement_job(JOB).await.unwrap();
    }
    // Clones and copies with another org id share the token too.
    client.clone().get_statement_job(JOB).await.unwrap();
    let token_requests = received_at(&server, TOKEN_PATH).await;
    assert_eq!(token_requests.len(), 1, "one token fetch for six calls");

    let request = &token_requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        authorization(request),
        Some(basic_credentials().as_str()),
        "HTTP Basic with the API key and secret"
    );
    assert_eq!(
        header_value(request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.body, b"grant_type=client_credentials");
    assert_eq!(
        api_tokens(&server).await,
        vec![format!("Bearer {TOKEN}"); 6]
    );
}

#[tokio::test]
async fn concurrent_calls_share_one_token_fetch() {
    let server = MockServer::start().await;
    // A slow token endpoint: every call starts while the fetch is under way.
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_response(TOKEN, 18_000).set_delay(Duration::from_millis(200)))
        .mount(&server)
        .await;
    mount_job_for_token(&server, TOKEN).await;

    let client = oauth_client_for(&server);
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..20 {
        let client = if i % 2 == 0 {
            client.clone()
        } else {
            client.with_org_id(ORG)
        };
        calls.spawn(async move { client.get_statement_job(JOB).await });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }
    assert_eq!(token_requests(&server).await, 1);
    assert_eq!(api_tokens(&server).await.len(), 20);
}

#[tokio::test]
async fn a_token_is_replaced_shortly_before_it_expires() {
    let server = MockServer::start().await;
    // Lasts 2 s: replaced after half of it (the margin is 5 minutes, or half
    // the lifetime of a short-lived token).
    mount_two_tokens(&server, (TOKEN, 2), TOKEN_2).await;
    mount_job_for_token(&server, TOKEN).await;
    mount_job_for_token(&server, TOKEN_2).await;

    let client = oauth_client_for(&server);
    client.get_statement_job(JOB).await.unwrap();
    client.get_statement_job(JOB).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.get_statement_job(JOB).await.unwrap();
    client.get_statement_job(JOB).await.unwrap();

    assert_eq!(token_requests(&server).await, 2);
    assert_eq!(
        api_tokens(&server).await,
        [
            format!("Bearer {TOKEN}"),
            format!("Bearer {TOKEN}"),
            format!("Bearer {TOKEN_2}"),
            format!("Bearer {TOKEN_2}"),
        ]
    );
}

/// The API refuses the first token with `status`; the fresh one is accepted.
async fn refreshes_on(status: u16) {
    let server = MockServer::start().await;
    mount_two_tokens(&server, (TOKEN, 18_000), TOKEN_2).await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(status).set_body_json(serde_json::json!({
                "message": "Forbidden or Unauthorized"
            })),
        )
        .mount(&server)
        .await;
    mount_job_for_token(&server, TOKEN_2).await;

    let client = oauth_client_for(&server);
    let job = client.get_statement_job(JOB).await.unwrap();
    assert_eq!(job, expected_statement_job());
    client.get_statement_job(JOB).await.unwrap();

    assert_eq!(token_requests(&server).await, 2, "one refresh");
    assert_eq!(
        api_tokens(&server).await,
        [
            format!("Bearer {TOKEN}"),
            format!("Bearer {TOKEN_2}"),
            format!("Bearer {TOKEN_2}"),
        ],
        "one retry with the fresh token, which later calls keep using"
    );
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() {
    refreshes_on(401).await;
}

/// m3ter answers an expired token with 403 too.
#[tokio::test]
async fn a_403_refreshes_the_token_and_retries_once() {
    refreshes_on(403).await;
}

#[tokio::test]
async fn a_refused_fresh_token_is_not_refreshed_again() {
    let server = MockServer::start().await;
    mount_two_tokens(&server, (TOKEN, 18_000), TOKEN_2).await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "no"})),
        )
        .mount(&server)
        .await;

    let error = oauth_client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
    match &error {
        Error::Api(api) => {
            assert_eq!(api.body.as_ref().unwrap().message.as_deref(), Some("no"))
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(token_requests(&server).await, 2, "one refresh, no more");
    assert_eq!(
        api_tokens(&server).await,
        [format!("Bearer {TOKEN}"), format!("Bearer {TOKEN_2}")],
        "one retry, no loop"
    );
    assert_no_secrets(&error.to_string());
    assert_no_secrets(&format!("{error:?}"));
}

#[tokio::test]
async fn concurrent_refusals_share_one_refresh() {
    let server = MockServer::start().await;
    mount_two_tokens(&server, (TOKEN, 18_000), TOKEN_2).await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(401).set_delay(Duration::from_millis(50)))
        .mount(&server)
        .await;
    mount_job_for_token(&server, TOKEN_2).await;

    let client = oauth_client_for(&server);
    // Fetch the first token before the concurrent calls start.
    client.get_statement_job(JOB).await.unwrap();
    assert_eq!(token_requests(&server).await, 2);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let client = client.clone();
        calls.spawn(async move { client.get_statement_job(JOB).await });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }
    assert_eq!(
        token_requests(&server).await,
        2,
        "no refresh after the first"
    );
}

#[tokio::test]
async fn a_ready_token_is_used_until_refused_then_replaced_with_the_credentials() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN_2).await;
    mount_job_for_token(&server, TOKEN).await;

    let client = builder_for(&server)
        .bearer_token(TOKEN)
        .credentials(API_KEY, API_SECRET)
        .build()
        .unwrap();
    client.get_statement_job(JOB).await.unwrap();
    client.get_statement_job(JOB).await.unwrap();
    assert_eq!(token_requests(&server).await, 0, "the given token serves");

    server.reset().await;
    mount_token_endpoint(&server, TOKEN_2).await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    mount_job_for_token(&server, TOKEN_2).await;
    client.get_statement_job(JOB).await.unwrap();
    assert_eq!(token_requests(&server).await, 1);
}

#[tokio::test]
async fn a_refused_ready_token_without_credentials_is_an_api_error() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN_2).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;

    let error = client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(token_requests(&server).await, 0, "nothing to refresh with");
    assert_eq!(api_tokens(&server).await.len(), 1, "not retried");
}

#[tokio::test]
async fn refused_credentials_are_an_auth_error_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": "invalid_client"})),
        )
        .mount(&server)
        .await;

    let error = oauth_client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    match &error {
        Error::Auth {
            status, message, ..
        } => {
            assert_eq!(*status, Some(401));
            assert!(message.contains("invalid_client"), "{message}");
        }
        other => panic!("expected Error::Auth, got {other:?}"),
    }
    assert_eq!(error.status(), Some(401));
    let text = error.to_string();
    assert!(text.contains("HTTP 401"), "{text}");
    assert_no_secrets(&text);
    assert_no_secrets(&format!("{error:?}"));
    assert_eq!(token_requests(&server).await, 1, "a 401 is not retried");
    assert!(received_at(&server, "/organizations").await.is_empty());
}

#[tokio::test]
async fn a_token_answer_without_a_token_is_an_auth_error_without_its_body() {
    let server = MockServer::start().await;
    // A token-like value in a body of the wrong shape must not be echoed.
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": 42, "hint": TOKEN})),
        )
        .mount(&server)
        .await;

    let error = oauth_client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    assert!(error.to_string().contains("no token"), "{error}");
    assert_no_secrets(&error.to_string());
    assert_no_secrets(&format!("{error:?}"));
}

#[tokio::test]
async fn the_token_endpoint_is_retried_like_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_token_endpoint(&server, TOKEN).await;
    mount_job_for_token(&server, TOKEN).await;

    oauth_client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap();
    assert_eq!(token_requests(&server).await, 2);
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_an_auth_error_with_its_cause() {
    let server = MockServer::start().await;
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let error = builder_for(&server)
        .credentials(API_KEY, API_SECRET)
        .token_url(format!("http://{dead}/oauth/token"))
        .max_retries(0)
        .build()
        .unwrap()
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    match &error {
        Error::Auth { status, source, .. } => {
            assert_eq!(*status, None);
            assert!(
                matches!(source.as_deref(), Some(Error::Transport(_))),
                "{source:?}"
            );
        }
        other => panic!("expected Error::Auth, got {other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());
    assert_no_secrets(&error.to_string());
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn the_token_url_follows_the_base_url_unless_set() {
    // Same path on the new host, even below a base URL path prefix.
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path(format!("/prefix{JOB_PATH}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    builder_for(&server)
        .base_url(format!("{}/prefix", server.uri()))
        .credentials(API_KEY, API_SECRET)
        .build()
        .unwrap()
        .get_statement_job(JOB)
        .await
        .unwrap();
    assert_eq!(token_requests(&server).await, 1);

    // Set explicitly, it is used as given.
    let auth_server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/custom/token"))
        .respond_with(token_response(TOKEN_2, 18_000))
        .expect(1)
        .mount(&auth_server)
        .await;
    mount_job_for_token(&server, TOKEN_2).await;
    builder_for(&server)
        .credentials(API_KEY, API_SECRET)
        .token_url(format!("{}/custom/token", auth_server.uri()))
        .build()
        .unwrap()
        .get_statement_job(JOB)
        .await
        .unwrap();
    assert_eq!(token_requests(&server).await, 1, "not the API server's");

    let error = Client::builder()
        .credentials(API_KEY, API_SECRET)
        .token_url("not a url")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("invalid token URL"), "{error}");
}

#[tokio::test]
async fn secrets_never_show_in_debug_output() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    mount_job_for_token(&server, TOKEN).await;

    let builder = builder_for(&server)
        .credentials(API_KEY, API_SECRET)
        .bearer_token(TOKEN_2);
    assert_no_secrets(&format!("{builder:?}"));
    assert_no_secrets(&format!("{builder:#?}"));
    assert!(
        !format!("{builder:?}").contains(API_KEY),
        "the key is redacted too"
    );

    let client = builder_for(&server)
        .credentials(API_KEY, API_SECRET)
        .build()
        .unwrap();
    client.get_statement_job(JOB).await.unwrap();
    for text in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.with_org_id("org-2")),
    ] {
        assert_no_secrets(&text);
        assert!(!text.contains(API_KEY), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
        assert!(text.contains("127.0.0.1"), "the base URL is shown: {text}");
    }
}
