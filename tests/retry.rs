//! Retries against a real HTTP server on 127.0.0.1: which failures are
//! retried, how long the client waits (its backoff, or the server's
//! `Retry-After`), the `x-should-retry` override, timeouts, and the errors
//! left when the retries run out. Backoff is set to milliseconds here; the
//! server-requested delays are real (about a second each).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use m3ter::models::StatementJobRequest;
use m3ter::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

/// `first` for the first `times` requests, then the job.
async fn mount_failures(server: &MockServer, first: ResponseTemplate, times: u64) {
    Mock::given(method("GET"))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn attempts(server: &MockServer) -> usize {
    received(server).await.len()
}

#[tokio::test]
async fn a_503_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    mount_failures(&server, ResponseTemplate::new(503), 2).await;
    let job = client_for(&server).get_statement_job(JOB).await.unwrap();
    assert_eq!(job, expected_statement_job());
    assert_eq!(attempts(&server).await, 3, "two retries by default");
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_the_delay() {
    let server = MockServer::start().await;
    mount_failures(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
    )
    .await;
    let started = Instant::now();
    client_for(&server).get_statement_job(JOB).await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "waited {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
    assert_eq!(attempts(&server).await, 2);
}

#[tokio::test]
async fn retry_after_ms_is_preferred_to_retry_after() {
    let server = MockServer::start().await;
    mount_failures(
        &server,
        ResponseTemplate::new(429)
            .insert_header("retry-after-ms", "300")
            .insert_header("Retry-After", "30"),
        1,
    )
    .await;
    let started = Instant::now();
    client_for(&server).get_statement_job(JOB).await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300), "waited {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    mount_failures(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", date.as_str()),
        1,
    )
    .await;
    let started = Instant::now();
    client_for(&server).get_statement_job(JOB).await.unwrap();
    let elapsed = started.elapsed();
    // The date has whole seconds: between 1 and 2 s from now.
    assert!(elapsed >= Duration::from_millis(900), "waited {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_a_minute_gives_way_to_the_backoff() {
    let server = MockServer::start().await;
    mount_failures(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
        1,
    )
    .await;
    let started = Instant::now();
    client_for(&server).get_statement_job(JOB).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_backoff_doubles_from_its_initial_delay() {
    let server = MockServer::start().await;
    mount_failures(&server, ResponseTemplate::new(500), 2).await;
    let client = builder_for(&server)
        .retry_backoff(Duration::from_millis(100), Duration::from_millis(150))
        .build()
        .unwrap();
    let started = Instant::now();
    client.get_statement_job(JOB).await.unwrap();
    let elapsed = started.elapsed();
    // 100 ms then 150 ms (200 capped), each less up to 25% jitter.
    assert!(elapsed >= Duration::from_millis(185), "waited {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "waited {elapsed:?}");
}

#[tokio::test]
async fn a_404_is_a_typed_api_error_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-404")
                .set_body_json(serde_json::json!({"message": "Not found"})),
        )
        .mount(&server)
        .await;
    let error = client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(
                api.body.as_ref().and_then(|b| b.message.as_deref()),
                Some("Not found")
            );
            assert_eq!(api.request_id.as_deref(), Some("req-404"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        r#"the API answered HTTP 404 Not Found (request id req-404): {"message":"Not found"}"#
    );
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn an_html_502_is_a_clear_error_after_the_retries() {
    let server = MockServer::start().await;
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 502);
            assert_eq!(api.body, None, "HTML is no typed body");
            assert_eq!(api.text, html, "the raw text is kept");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(error.status(), Some(502));
    let message = error.to_string();
    assert!(
        message.starts_with("the API answered HTTP 502 Bad Gateway: <html>"),
        "{message}"
    );
    assert_eq!(attempts(&server).await, 3);
}

#[tokio::test]
async fn which_statuses_are_retried() {
    for (status, retried) in [
        (408, true),
        (409, true),
        (429, true),
        (500, true),
        (504, true),
        (599, true),
        (400, false),
        (401, false),
        (403, false),
        (404, false),
        (413, false),
        (422, false),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let error = client_for(&server)
            .get_statement_job(JOB)
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        let expected = if retried { 3 } else { 1 };
        assert_eq!(attempts(&server).await, expected, "HTTP {status}");
    }
}

#[tokio::test]
async fn x_should_retry_overrides_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-should-retry", "false"))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .get_statement_job(JOB)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(attempts(&server).await, 1, "false: not retried");

    let server = MockServer::start().await;
    mount_failures(
        &server,
        ResponseTemplate::new(400).insert_header("x-should-retry", "true"),
        1,
    )
    .await;
    client_for(&server).get_statement_job(JOB).await.unwrap();
    assert_eq!(attempts(&server).await, 2, "true: retried");
}

#[tokio::test]
async fn max_retries_sets_the_number_of_retries() {
    for (max_retries, expected) in [(0, 1), (1, 2), (4, 5)] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let client = builder_for(&server)
            .bearer_token(TOKEN)
            .max_retries(max_retries)
            .build()
            .unwrap();
        client.get_statement_job(JOB).await.unwrap_err();
        assert_eq!(
            attempts(&server).await,
            expected,
            "max_retries {max_retries}"
        );
    }
}

#[tokio::test]
async fn a_retried_request_sends_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .with_priority(2)
        .mount(&server)
        .await;
    let request = StatementJobRequest {
        bill_id: "bill-1".into(),
        include_csv_format: None,
        filters: None,
        version: None,
    };
    client_for(&server)
        .create_statement_job(&request)
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[1].body, br#"{"billId":"bill-1"}"#);
    for request in &requests {
        assert_eq!(
            authorization(request),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
}

#[tokio::test]
async fn timeouts_are_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(statement_job_body())
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client = builder_for(&server)
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_statement_job(JOB).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("request timed out"),
        "{error}"
    );
    assert_eq!(error.status(), None);
    assert_eq!(attempts(&server).await, 2);
}

/// A server that accepts connections and closes them at once, counting them.
async fn closing_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (format!("http://{address}"), count)
}

#[tokio::test]
async fn connection_errors_are_retried_then_reported() {
    let (url, connections) = closing_server().await;
    let client = Client::builder()
        .base_url(url)
        .org_id(ORG)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(4))
        .build()
        .unwrap();
    let error = client.get_statement_job(JOB).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(connections.load(Ordering::SeqCst), 3, "two retries");
}
