//! The generated m3ter client against a real HTTP server on 127.0.0.1
//! (wiremock): methods, paths, headers, percent-encoding, base URLs,
//! decoding and errors.

use std::error::Error as _;

use chrono::{NaiveDate, TimeZone, Utc};
use m3ter::models::{
    CounterAdjustment, StatementJob, StatementJobFilters, StatementJobStatus, StatementStatus,
};
use m3ter::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "s3cr3t-t0ken.value_~";
const ORG: &str = "org-1";
const JOB: &str = "job-1";
const ADJUSTMENT: &str = "ca-1";

/// A StatementJob response body with every field set.
fn statement_job_body() -> Value {
    json!({
        "id": JOB,
        "version": 4,
        "statementJobStatus": "CANCELLED",
        "billId": "bill-1",
        "orgId": ORG,
        "includeCsvFormat": true,
        "filters": {"meterIds": ["meter-1", "meter-2"]},
        "presignedJsonStatementUrl": "https://example.com/s.json",
        "jsonStatementStatus": "STALE",
        "presignedCsvStatementUrl": "https://example.com/s.csv",
        "csvStatementStatus": "INVALIDATED",
        "dtCreated": "2023-11-07T05:31:56Z",
        "dtLastModified": "2023-11-08T06:00:00Z",
        "createdBy": "user-1",
        "lastModifiedBy": "user-2",
        "someFieldAddedLater": {"ignored": true}
    })
}

fn expected_statement_job() -> StatementJob {
    StatementJob {
        id: JOB.into(),
        version: Some(4),
        statement_job_status: Some(StatementJobStatus::Cancelled),
        bill_id: Some("bill-1".into()),
        org_id: Some(ORG.into()),
        include_csv_format: Some(true),
        filters: Some(StatementJobFilters {
            meter_ids: Some(vec!["meter-1".into(), "meter-2".into()]),
        }),
        presigned_json_statement_url: Some("https://example.com/s.json".into()),
        json_statement_status: Some(StatementStatus::Stale),
        presigned_csv_statement_url: Some("https://example.com/s.csv".into()),
        csv_statement_status: Some(StatementStatus::Invalidated),
        dt_created: Some(Utc.with_ymd_and_hms(2023, 11, 7, 5, 31, 56).unwrap()),
        dt_last_modified: Some(Utc.with_ymd_and_hms(2023, 11, 8, 6, 0, 0).unwrap()),
        created_by: Some("user-1".into()),
        last_modified_by: Some("user-2".into()),
    }
}

/// A CounterAdjustment response body with every field set.
fn counter_adjustment_body() -> Value {
    json!({
        "id": ADJUSTMENT,
        "version": 2,
        "dtCreated": "2023-11-07T05:31:56Z",
        "dtLastModified": "2023-11-07T05:31:57Z",
        "createdBy": "user-1",
        "lastModifiedBy": "user-2",
        "counterId": "counter-1",
        "accountId": "account-1",
        "date": "2023-12-25",
        "value": -7,
        "purchaseOrderNumber": "PO-1"
    })
}

fn expected_counter_adjustment() -> CounterAdjustment {
    CounterAdjustment {
        id: ADJUSTMENT.into(),
        version: Some(2),
        dt_created: Some(Utc.with_ymd_and_hms(2023, 11, 7, 5, 31, 56).unwrap()),
        dt_last_modified: Some(Utc.with_ymd_and_hms(2023, 11, 7, 5, 31, 57).unwrap()),
        created_by: Some("user-1".into()),
        last_modified_by: Some("user-2".into()),
        counter_id: Some("counter-1".into()),
        account_id: Some("account-1".into()),
        date: NaiveDate::from_ymd_opt(2023, 12, 25),
        value: Some(-7),
        purchase_order_number: Some("PO-1".into()),
    }
}

fn client_for(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).expect("the mock server's URL is a valid base URL")
}

/// Every request the server received.
async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The one request the server received.
async fn single_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    requests.remove(0)
}

fn header_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header value"))
}

/// Asserts the request is a body-less JSON request to exactly `raw_path`,
/// without query or fragment.
fn assert_request(request: &Request, http_method: &str, raw_path: &str) {
    assert_eq!(request.method.as_str(), http_method);
    assert_eq!(request.url.path(), raw_path, "the raw (encoded) path");
    assert_eq!(request.url.query(), None, "no query in {}", request.url);
    assert_eq!(
        request.url.fragment(),
        None,
        "no fragment in {}",
        request.url
    );
    assert_eq!(
        header_value(request, "accept"),
        Some("application/json"),
        "Accept header"
    );
    assert!(request.body.is_empty(), "no request body");
    assert_eq!(
        header_value(request, "content-type"),
        None,
        "no Content-Type without a body"
    );
}

// ---------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------

#[test]
fn new_client_targets_the_spec_server() {
    assert_eq!(Client::new().base_url().as_str(), "https://api.m3ter.com/");
    assert_eq!(
        Client::default().base_url().as_str(),
        "https://api.m3ter.com/"
    );
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.m3ter.com");
}

#[test]
fn invalid_base_urls_are_rejected() {
    for input in [
        "not a url",
        "ftp://x",
        "",
        "/relative/path",
        "api.m3ter.com",
        "mailto:someone@example.com",
        "file:///tmp/x",
        "http://",
    ] {
        let error = Client::with_base_url(input)
            .expect_err(&format!("`{input}` must be rejected as a base URL"));
        match &error {
            Error::InvalidBaseUrl { url, reason } => {
                assert_eq!(url, input);
                assert!(!reason.is_empty(), "a reason is given for `{input}`");
            }
            other => panic!("`{input}`: expected InvalidBaseUrl, got {other:?}"),
        }
        assert_eq!(error.status(), None);
        assert!(
            error.to_string().contains(&format!("`{input}`")),
            "the message names the URL: {error}"
        );
    }
}

#[test]
fn http_and_https_base_urls_are_accepted() {
    for (input, expected) in [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
        ("https://example.com/prefix/", "https://example.com/prefix/"),
        ("HTTPS://Example.COM", "https://example.com/"),
    ] {
        let client = Client::with_base_url(input).expect("a valid base URL");
        assert_eq!(client.base_url().as_str(), expected);
    }
}

#[test]
fn debug_output_hides_the_bearer_token() {
    let client = Client::with_base_url("https://example.com")
        .unwrap()
        .with_bearer_token(TOKEN);
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "the token leaks: {debug}");
    assert!(
        !debug.contains("s3cr3t"),
        "part of the token leaks: {debug}"
    );
    assert!(debug.contains("https://example.com/"), "{debug}");
    let pretty = format!("{client:#?}");
    assert!(!pretty.contains(TOKEN), "the token leaks: {pretty}");
    let cloned = format!("{:?}", client.clone());
    assert!(!cloned.contains(TOKEN), "the token leaks: {cloned}");
}

// ---------------------------------------------------------------------------
// The two operations
// ---------------------------------------------------------------------------

#[tokio::test]
async fn cancel_statement_job_posts_with_bearer_token_and_decodes_the_job() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/organizations/org-1/statementjobs/job-1/cancel"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server).with_bearer_token(TOKEN);
    let job = client
        .cancel_statement_job(ORG, JOB)
        .await
        .expect("the job is returned");

    assert_eq!(job, expected_statement_job());
    assert_eq!(job.id, "job-1");
    assert_eq!(
        job.statement_job_status,
        Some(StatementJobStatus::Cancelled)
    );
    assert_eq!(
        job.filters.unwrap().meter_ids.unwrap(),
        ["meter-1", "meter-2"]
    );

    let request = single_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/organizations/org-1/statementjobs/job-1/cancel",
    );
    assert_eq!(
        header_value(&request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.headers.get_all("authorization").iter().count(), 1);
}

#[tokio::test]
async fn delete_counter_adjustment_sends_delete_with_bearer_token_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/organizations/org-1/counteradjustments/ca-1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server).with_bearer_token(TOKEN);
    let adjustment = client
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .expect("the adjustment is returned");

    assert_eq!(adjustment, expected_counter_adjustment());
    assert_eq!(adjustment.date, NaiveDate::from_ymd_opt(2023, 12, 25));
    assert_eq!(adjustment.value, Some(-7_i32));

    let request = single_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        "/organizations/org-1/counteradjustments/ca-1",
    );
    assert_eq!(
        header_value(&request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn without_a_token_no_authorization_header_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .mount(&server)
        .await;

    let client = client_for(&server);
    client.cancel_statement_job(ORG, JOB).await.unwrap();
    client
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            header_value(request, "authorization"),
            None,
            "{} {}",
            request.method,
            request.url
        );
        assert_eq!(header_value(request, "accept"), Some("application/json"));
    }
}

#[tokio::test]
async fn a_cloned_client_keeps_its_base_url_and_token() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server).with_bearer_token(TOKEN).clone();
    let adjustment = client
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .unwrap();
    assert_eq!(adjustment.id, ADJUSTMENT);
}

// ---------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------

#[tokio::test]
async fn cancel_percent_encodes_reserved_characters_into_one_segment() {
    let server = MockServer::start().await;
    let encoded = "/organizations/org%2F1/statementjobs/a%2Fb%3Fc%23d%20e%25/cancel";
    Mock::given(method("POST"))
        .and(path(encoded))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .expect(1)
        .mount(&server)
        .await;

    let job = client_for(&server)
        .cancel_statement_job("org/1", "a/b?c#d e%")
        .await
        .expect("the encoded path matches");
    assert_eq!(job, expected_statement_job());

    let request = single_request(&server).await;
    assert_request(&request, "POST", encoded);
    let segments: Vec<&str> = request.url.path_segments().unwrap().collect();
    assert_eq!(
        segments,
        [
            "organizations",
            "org%2F1",
            "statementjobs",
            "a%2Fb%3Fc%23d%20e%25",
            "cancel"
        ]
    );
}

#[tokio::test]
async fn delete_percent_encodes_reserved_characters_into_one_segment() {
    let server = MockServer::start().await;
    let encoded = "/organizations/org%2F1/counteradjustments/a%2Fb%3Fc%23d%20e%25";
    Mock::given(method("DELETE"))
        .and(path(encoded))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;

    let adjustment = client_for(&server)
        .delete_counter_adjustment("org/1", "a/b?c#d e%")
        .await
        .expect("the encoded path matches");
    assert_eq!(adjustment, expected_counter_adjustment());

    let request = single_request(&server).await;
    assert_request(&request, "DELETE", encoded);
    assert_eq!(request.url.path_segments().unwrap().count(), 4);
}

#[tokio::test]
async fn path_parameters_encode_everything_but_unreserved_characters() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .mount(&server)
        .await;

    let cases = [
        // RFC 3986 unreserved characters stay as they are.
        ("AZaz09-._~", "AZaz09-._~"),
        // Sub-delimiters and `:`/`@`, legal in a segment, are encoded too.
        ("+&=;:@!$'()*,", "%2B%26%3D%3B%3A%40%21%24%27%28%29%2A%2C"),
        // Already-encoded looking input is encoded again, not passed through.
        ("%2F%41", "%252F%2541"),
        // Non-ASCII is UTF-8 percent-encoded.
        ("é€", "%C3%A9%E2%82%AC"),
        ("\\\"<>[]{}|^`", "%5C%22%3C%3E%5B%5D%7B%7D%7C%5E%60"),
        // Dots inside a longer value are harmless.
        ("a..b", "a..b"),
        ("...", "..."),
    ];
    let client = client_for(&server);
    for (id, _) in cases {
        client
            .delete_counter_adjustment(ORG, id)
            .await
            .unwrap_or_else(|e| panic!("id `{id}`: {e}"));
    }

    let requests = received(&server).await;
    assert_eq!(requests.len(), cases.len());
    for (request, (_, encoded)) in requests.iter().zip(cases) {
        assert_request(
            request,
            "DELETE",
            &format!("/organizations/org-1/counteradjustments/{encoded}"),
        );
    }
}

/// A path parameter that is exactly `.` or `..` must not move the request
/// to another resource: URL parsers (the client's and every server's)
/// resolve such segments, so `DELETE .../counteradjustments/..` would
/// become `DELETE /organizations/org-1/`. Encoding does not help (`%2e%2e`
/// is a dot segment too), so the client must refuse the value.
#[tokio::test]
async fn dot_segment_path_parameters_do_not_escape_their_segment() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .mount(&server)
        .await;
    let client = client_for(&server);

    // No URL can carry such a segment, so the only right answer is an error.
    for id in [".", ".."] {
        let results = [
            client.delete_counter_adjustment(ORG, id).await.map(|_| ()),
            client.cancel_statement_job(ORG, id).await.map(|_| ()),
            client
                .delete_counter_adjustment(id, ADJUSTMENT)
                .await
                .map(|_| ()),
            client.cancel_statement_job(id, JOB).await.map(|_| ()),
        ];
        for result in results {
            let error = result.expect_err(&format!("the path parameter `{id}` is refused"));
            assert_eq!(error.status(), None, "refused before sending: {error}");
        }
    }

    let mut escaped = Vec::new();
    for request in received(&server).await {
        let segments: Vec<String> = request
            .url
            .path_segments()
            .unwrap()
            .map(String::from)
            .collect();
        let stays = match request.method.as_str() {
            "DELETE" => {
                segments.len() == 4
                    && segments[0] == "organizations"
                    && !segments[1].is_empty()
                    && segments[2] == "counteradjustments"
                    && !segments[3].is_empty()
            }
            "POST" => {
                segments.len() == 5
                    && segments[0] == "organizations"
                    && !segments[1].is_empty()
                    && segments[2] == "statementjobs"
                    && !segments[3].is_empty()
                    && segments[4] == "cancel"
            }
            _ => false,
        };
        if !stays {
            escaped.push(format!("{} {}", request.method, request.url.path()));
        }
    }
    assert!(
        escaped.is_empty(),
        "path parameters `.`/`..` sent requests to other resources: {escaped:?}"
    );
}

// ---------------------------------------------------------------------------
// Base URLs
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .mount(&server)
        .await;

    let cases = [
        (format!("{}/prefix/", server.uri()), "/prefix"),
        (format!("{}/prefix", server.uri()), "/prefix"),
        (format!("{}/a/b/", server.uri()), "/a/b"),
        (format!("{}/", server.uri()), ""),
    ];
    for (base_url, _) in &cases {
        let client = Client::with_base_url(base_url).unwrap();
        let job = client.cancel_statement_job(ORG, JOB).await.unwrap();
        assert_eq!(job, expected_statement_job());
        let adjustment = client
            .delete_counter_adjustment(ORG, ADJUSTMENT)
            .await
            .unwrap();
        assert_eq!(adjustment, expected_counter_adjustment());
    }

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2 * cases.len());
    for (pair, (_, prefix)) in requests.chunks(2).zip(&cases) {
        assert_request(
            &pair[0],
            "POST",
            &format!("{prefix}/organizations/org-1/statementjobs/job-1/cancel"),
        );
        assert_request(
            &pair[1],
            "DELETE",
            &format!("{prefix}/organizations/org-1/counteradjustments/ca-1"),
        );
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_404_with_a_json_body_is_an_api_error() {
    let server = MockServer::start().await;
    let body = r#"{"message":"StatementJob not found","code":"NOT_FOUND"}"#;
    Mock::given(method("POST"))
        .and(path("/organizations/org-1/statementjobs/missing/cancel"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-123")
                .set_body_raw(body, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server)
        .with_bearer_token(TOKEN)
        .cancel_statement_job(ORG, "missing")
        .await
        .expect_err("a 404 is an error");

    assert_eq!(error.status(), Some(404));
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.body, body);
            assert_eq!(api.request_id.as_deref(), Some("req-123"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("404"), "{message}");
    assert!(message.contains("req-123"), "{message}");
    assert!(message.contains("StatementJob not found"), "{message}");
    assert!(!message.contains(TOKEN), "{message}");
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn api_errors_without_request_id_or_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_string("conflict: already complete"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = client
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 500);
            assert_eq!(api.body, "");
            assert_eq!(api.request_id, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(error.to_string().contains("500"), "{error}");

    let error = client.cancel_statement_job(ORG, JOB).await.unwrap_err();
    assert_eq!(error.status(), Some(409));
    match &error {
        Error::Api(api) => {
            assert_eq!(api.body, "conflict: already complete");
            assert_eq!(api.request_id, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(error.to_string().contains("conflict: already complete"));
}

#[tokio::test]
async fn a_200_with_an_html_body_is_a_decode_error() {
    let server = MockServer::start().await;
    let html = "<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>";
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(html, "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server)
        .cancel_statement_job(ORG, JOB)
        .await
        .expect_err("HTML is not a StatementJob");

    match &error {
        Error::Decode { body_start, source } => {
            assert_eq!(body_start, html, "the whole (short) body is kept");
            assert!(source.is_syntax(), "{source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(error.status(), None);
    assert!(error.source().is_some(), "the JSON error is the source");
    let message = error.to_string();
    assert!(
        message.contains("<!DOCTYPE html><html><head><title>Login</title>"),
        "the message shows the start of the body: {message}"
    );
}

#[tokio::test]
async fn a_long_undecodable_body_is_cut_in_the_error() {
    let server = MockServer::start().await;
    let html = format!(
        "<html><body>{}</body></html>",
        "<p>Service temporarily unavailable</p>".repeat(100)
    );
    assert!(html.len() > 2048);
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(html.clone(), "text/html"))
        .mount(&server)
        .await;

    let error = client_for(&server)
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .unwrap_err();
    match &error {
        Error::Decode { body_start, .. } => {
            assert!(body_start.starts_with("<html><body><p>Service"));
            assert!(html.starts_with(body_start.as_str()));
            assert!(
                body_start.len() < html.len(),
                "only the beginning is kept ({} bytes)",
                body_start.len()
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = client.cancel_statement_job(ORG, JOB).await.unwrap_err();
    match &error {
        Error::Decode { body_start, source } => {
            assert_eq!(body_start, "");
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(error.status(), None);

    let error = client
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { body_start, .. } if body_start.is_empty()),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_200_json_body_of_the_wrong_shape_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": 1})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "ca-1", "value": "123"})),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = client.cancel_statement_job(ORG, JOB).await.unwrap_err();
    match &error {
        Error::Decode { body_start, source } => {
            assert_eq!(body_start, r#"{"version":1}"#);
            assert!(
                source.to_string().contains("missing field `id`"),
                "{source}"
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }

    let error = client
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .unwrap_err();
    match &error {
        Error::Decode { source, .. } => assert!(source.is_data(), "{source}"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // A port that was just free: nothing listens on it.
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::with_base_url(&format!("http://{address}"))
        .unwrap()
        .with_bearer_token(TOKEN);

    let error = client
        .delete_counter_adjustment(ORG, ADJUSTMENT)
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(error.source().is_some());
    assert!(!error.to_string().contains(TOKEN));
}

/// An empty path parameter would drop its segment and address the
/// collection instead of one item; the client refuses it before sending.
#[tokio::test]
async fn empty_path_parameters_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let error = client.delete_counter_adjustment(ORG, "").await.unwrap_err();
    assert!(
        matches!(&error, m3ter::Error::InvalidPathParameter { name: "id", value } if value.is_empty()),
        "{error:?}"
    );
    assert!(error.to_string().contains("path parameter `id`"), "{error}");
    let error = client.cancel_statement_job("", "job-1").await.unwrap_err();
    assert!(matches!(
        error,
        m3ter::Error::InvalidPathParameter { name: "orgId", .. }
    ));
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}
