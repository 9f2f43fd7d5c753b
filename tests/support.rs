//! What the behaviour tests of the m3ter client share: response bodies,
//! clients pointed at a wiremock server on 127.0.0.1, and request helpers.
//! Included with `#[path = "support.rs"] mod support;` by each test target.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use m3ter::models::{
    CounterAdjustment, StatementJob, StatementJobFilters, StatementJobStatus, StatementStatus,
};
use m3ter::{Client, ClientBuilder};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const ORG: &str = "org-1";
pub const JOB: &str = "job-1";
pub const ADJUSTMENT: &str = "ca-1";
/// Credentials and tokens, made distinctive so that a leak is easy to find.
pub const API_KEY: &str = "k3y-ID-0001";
pub const API_SECRET: &str = "s3cr3t-K3Y-value";
pub const TOKEN: &str = "t0ken-ONE.value_~";
pub const TOKEN_2: &str = "t0ken-TWO.value_~";
pub const TOKEN_PATH: &str = "/oauth/token";

/// A StatementJob response body with every field set.
pub fn statement_job_body() -> Value {
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

pub fn expected_statement_job() -> StatementJob {
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
pub fn counter_adjustment_body() -> Value {
    counter_adjustment_with_id(ADJUSTMENT)
}

pub fn counter_adjustment_with_id(id: &str) -> Value {
    json!({
        "id": id,
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

pub fn expected_counter_adjustment() -> CounterAdjustment {
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

/// A builder for the mock server, with the org id set and retry delays of
/// milliseconds (the real defaults are 0.5 s to 8 s), so tests stay fast.
pub fn builder_for(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .org_id(ORG)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(4))
}

/// A client for the mock server with a ready bearer token.
pub fn client_for(server: &MockServer) -> Client {
    builder_for(server)
        .bearer_token(TOKEN)
        .build()
        .expect("the mock server's URL is a valid base URL")
}

/// A client for the mock server that gets its tokens with the API key and secret.
pub fn oauth_client_for(server: &MockServer) -> Client {
    builder_for(server)
        .credentials(API_KEY, API_SECRET)
        .build()
        .expect("a valid configuration")
}

/// The token endpoint's answer.
pub fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "expires_in": expires_in,
        "token_type": "bearer",
        "scope": ""
    }))
}

/// Mounts a token endpoint handing out `token` for five hours.
pub async fn mount_token_endpoint(server: &MockServer, token: &str) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_response(token, 18_000))
        .mount(server)
        .await;
}

/// Every request the server received.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The requests to `path_prefix…`.
pub async fn received_at(server: &MockServer, path_prefix: &str) -> Vec<Request> {
    received(server)
        .await
        .into_iter()
        .filter(|r| r.url.path().starts_with(path_prefix))
        .collect()
}

/// The one request the server received.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    requests.remove(0)
}

pub fn header_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header value"))
}

/// The `Authorization` header of a request.
pub fn authorization(request: &Request) -> Option<&str> {
    header_value(request, "authorization")
}

/// `Basic base64(key:secret)`, written out for the test's constants.
pub fn basic_credentials() -> String {
    format!("Basic {}", base64(&format!("{API_KEY}:{API_SECRET}")))
}

/// Standard base64 with padding (RFC 4648), enough for the tests.
pub fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Asserts that no secret of the tests appears in `text`.
pub fn assert_no_secrets(text: &str) {
    for secret in [API_SECRET, TOKEN, TOKEN_2, "s3cr3t", "t0ken"] {
        assert!(!text.contains(secret), "`{secret}` leaks into: {text}");
    }
    assert!(
        !text.contains(&base64(&format!("{API_KEY}:{API_SECRET}"))),
        "the Basic credentials leak into: {text}"
    );
}
