//! The generated m3ter client against a real HTTP server on 127.0.0.1
//! (wiremock): construction, every operation's method, path, query, headers
//! and body, percent-encoding, client-level path parameters, base URLs,
//! decoding and errors. Authentication, retries and pagination have test
//! targets of their own.

use std::error::Error as _;

use chrono::NaiveDate;
use m3ter::models::{
    CounterAdjustmentRequest, ListCounterAdjustmentsQuery, ListStatementJobsQuery,
    StatementJobBatchRequest, StatementJobFilters, StatementJobRequest, StatementJobStatus,
    TokenRequest, TokenRequestGrantType,
};
use m3ter::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

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

/// The JSON body of a request, checking its Content-Type.
fn json_body(request: &Request) -> Value {
    assert_eq!(
        header_value(request, "content-type"),
        Some("application/json")
    );
    serde_json::from_slice(&request.body).expect("a JSON request body")
}

// ---------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------

#[test]
fn the_default_base_url_is_the_spec_server() {
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.m3ter.com/");
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
        let error = Client::builder()
            .base_url(input)
            .build()
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
        let client = Client::builder().base_url(input).build().unwrap();
        assert_eq!(client.base_url().as_str(), expected);
    }
}

// ---------------------------------------------------------------------------
// Every operation: method, path, query, body, response
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

    let job = client_for(&server)
        .cancel_statement_job(JOB)
        .await
        .expect("the job is returned");

    assert_eq!(job, expected_statement_job());
    let request = single_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/organizations/org-1/statementjobs/job-1/cancel",
    );
    assert_eq!(request.headers.get_all("authorization").iter().count(), 1);
}

#[tokio::test]
async fn delete_counter_adjustment_sends_delete_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/organizations/org-1/counteradjustments/ca-1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;

    let adjustment = client_for(&server)
        .delete_counter_adjustment(ADJUSTMENT)
        .await
        .expect("the adjustment is returned");

    assert_eq!(adjustment, expected_counter_adjustment());
    assert_eq!(adjustment.value, Some(-7_i32));
    assert_request(
        &single_request(&server).await,
        "DELETE",
        "/organizations/org-1/counteradjustments/ca-1",
    );
}

#[tokio::test]
async fn get_statement_job_and_counter_adjustment_send_gets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/org-1/statementjobs/job-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/organizations/org-1/counteradjustments/ca-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    assert_eq!(
        client.get_statement_job(JOB).await.unwrap(),
        expected_statement_job()
    );
    assert_eq!(
        client.get_counter_adjustment(ADJUSTMENT).await.unwrap(),
        expected_counter_adjustment()
    );
    for request in received(&server).await {
        assert_request(&request, "GET", request.url.path());
    }
}

#[tokio::test]
async fn create_statement_job_posts_the_request_as_json() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "billId": "bill-1",
        "includeCsvFormat": true,
        "filters": {"meterIds": ["meter-1"]}
    });
    Mock::given(method("POST"))
        .and(path("/organizations/org-1/statementjobs"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .expect(1)
        .mount(&server)
        .await;

    let request = StatementJobRequest {
        bill_id: "bill-1".into(),
        include_csv_format: Some(true),
        filters: Some(StatementJobFilters {
            meter_ids: Some(vec!["meter-1".into()]),
        }),
        version: None,
    };
    let job = client_for(&server)
        .create_statement_job(&request)
        .await
        .unwrap();
    assert_eq!(job, expected_statement_job());
    assert_eq!(json_body(&single_request(&server).await), expected_body);
}

/// An operation method builds its request before it returns, so the
/// future borrows only the client: the arguments may go before it is
/// awaited. The future is `Send`, as a multi-threaded runtime needs.
#[tokio::test]
async fn a_call_owns_its_request_so_its_arguments_may_go_before_it_is_awaited() {
    fn sendable<T: Send>(value: T) -> T {
        value
    }
    let server = MockServer::start().await;
    let expected_body = json!({"billId": "bill-2"});
    Mock::given(method("POST"))
        .and(path("/organizations/org-9/statementjobs"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server).with_org_id("org-9");
    let call = {
        let request = StatementJobRequest {
            bill_id: "bill-2".into(),
            include_csv_format: None,
            filters: None,
            version: None,
        };
        client.create_statement_job(&request)
    };
    let job = sendable(call).await.unwrap();
    assert_eq!(job, expected_statement_job());
    assert_eq!(json_body(&single_request(&server).await), expected_body);
}

#[tokio::test]
async fn create_batch_statement_jobs_returns_every_job() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/organizations/org-1/statementjobs/batch"))
        .and(body_json(json!({"billIds": ["bill-1", "bill-2"]})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([statement_job_body(), statement_job_body()])),
        )
        .expect(1)
        .mount(&server)
        .await;

    let request = StatementJobBatchRequest {
        bill_ids: vec!["bill-1".into(), "bill-2".into()],
        include_csv_format: None,
        filters: None,
        version: None,
    };
    let jobs = client_for(&server)
        .create_batch_statement_jobs(&request)
        .await
        .unwrap();
    assert_eq!(
        jobs,
        vec![expected_statement_job(), expected_statement_job()]
    );
}

#[tokio::test]
async fn create_and_update_counter_adjustment_send_the_request_body() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "accountId": "account-1",
        "counterId": "counter-1",
        "date": "2024-02-29",
        "value": 12,
        "version": 2
    });
    Mock::given(method("POST"))
        .and(path("/organizations/org-1/counteradjustments"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/organizations/org-1/counteradjustments/ca-1"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;

    let request = CounterAdjustmentRequest {
        account_id: "account-1".into(),
        counter_id: "counter-1".into(),
        date: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        value: 12,
        purchase_order_number: None,
        version: Some(2),
    };
    let client = client_for(&server);
    let created = client.create_counter_adjustment(&request).await.unwrap();
    let updated = client
        .update_counter_adjustment(ADJUSTMENT, &request)
        .await
        .unwrap();
    assert_eq!(created, expected_counter_adjustment());
    assert_eq!(updated, expected_counter_adjustment());
}

#[tokio::test]
async fn list_operations_send_their_query_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/org-1/statementjobs"))
        .and(query_param("status", "RUNNING"))
        .and(query_param("pageSize", "10"))
        .and(query_param("nextToken", "a b&c=d"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/organizations/org-1/counteradjustments"))
        .and(query_param("counterId", "counter-1"))
        .and(query_param("accountId", "account-1"))
        .and(query_param("dateStart", "2024-01-01"))
        .and(query_param("sortOrder", "DESC"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [counter_adjustment_body()], "nextToken": "n"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let page = client
        .list_statement_jobs(&ListStatementJobsQuery {
            status: Some(StatementJobStatus::Running),
            page_size: Some(10),
            next_token: Some("a b&c=d".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.data, Some(vec![]));
    assert_eq!(page.next_token, None);

    let page = client
        .list_counter_adjustments(&ListCounterAdjustmentsQuery {
            counter_id: Some("counter-1".into()),
            account_id: Some("account-1".into()),
            date_start: NaiveDate::from_ymd_opt(2024, 1, 1),
            sort_order: Some("DESC".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.data, Some(vec![expected_counter_adjustment()]));
    assert_eq!(page.next_token.as_deref(), Some("n"));
    for request in received(&server).await {
        let query = request.url.query().unwrap_or_default();
        assert!(
            !query.contains("date="),
            "unset parameters are left out: {query}"
        );
    }
}

#[tokio::test]
async fn the_token_operation_uses_basic_authentication() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(header("authorization", basic_credentials().as_str()))
        .and(body_json(json!({"grant_type": "client_credentials"})))
        .respond_with(token_response(TOKEN, 18_000))
        .expect(1)
        .mount(&server)
        .await;

    let client = builder_for(&server)
        .credentials(API_KEY, API_SECRET)
        .build()
        .unwrap();
    let token = client
        .get_access_token(&TokenRequest {
            grant_type: TokenRequestGrantType::ClientCredentials,
            scope: None,
        })
        .await
        .unwrap();
    assert_eq!(token.access_token, TOKEN);
    assert_eq!(token.expires_in, 18_000);
    assert_eq!(token.token_type.as_deref(), Some("bearer"));
}

#[tokio::test]
async fn without_credentials_no_authorization_header_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .mount(&server)
        .await;

    let client = builder_for(&server).build().unwrap();
    client.cancel_statement_job(JOB).await.unwrap();
    client.delete_counter_adjustment(ADJUSTMENT).await.unwrap();

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(authorization(request), None, "{}", request.url);
    }
}

#[tokio::test]
async fn every_request_names_the_crate_in_its_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .mount(&server)
        .await;
    client_for(&server)
        .delete_counter_adjustment(ADJUSTMENT)
        .await
        .unwrap();
    let request = single_request(&server).await;
    assert_eq!(header_value(&request, "user-agent"), Some("m3ter/0.1.0"));
}

#[tokio::test]
async fn unknown_enum_values_and_fields_in_responses_are_accepted() {
    let server = MockServer::start().await;
    let mut body = statement_job_body();
    body["statementJobStatus"] = json!("ARCHIVED");
    body["jsonStatementStatus"] = json!("REGENERATING");
    body["brandNewObject"] = json!({"nested": [1, 2, 3]});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let job = client_for(&server).get_statement_job(JOB).await.unwrap();
    assert_eq!(
        job.statement_job_status,
        Some(StatementJobStatus::Unknown("ARCHIVED".into()))
    );
    assert_eq!(
        job.json_statement_status.as_ref().map(|s| s.as_str()),
        Some("REGENERATING")
    );
    assert_eq!(job.id, JOB);
}

#[tokio::test]
async fn a_cloned_client_keeps_its_base_url_token_and_org_id() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/organizations/org-1/counteradjustments/ca-1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(counter_adjustment_body()))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server).clone();
    let adjustment = client.delete_counter_adjustment(ADJUSTMENT).await.unwrap();
    assert_eq!(adjustment.id, ADJUSTMENT);
}

// ---------------------------------------------------------------------------
// Client-level path parameters (orgId)
// ---------------------------------------------------------------------------

#[tokio::test]
async fn org_id_is_set_once_and_overridable_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;

    let client = client_for(&server);
    client.get_statement_job(JOB).await.unwrap();
    client
        .with_org_id("org-2")
        .get_statement_job(JOB)
        .await
        .unwrap();
    client.get_statement_job(JOB).await.unwrap();

    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "/organizations/org-1/statementjobs/job-1",
            "/organizations/org-2/statementjobs/job-1",
            "/organizations/org-1/statementjobs/job-1",
        ],
        "the override applies to the copy only"
    );
}

#[tokio::test]
async fn a_missing_org_id_is_a_configuration_error_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .build()
        .unwrap();

    let error = client.get_statement_job(JOB).await.unwrap_err();
    match &error {
        Error::Config { message } => {
            assert!(message.contains("`orgId` is not set"), "{message}");
            assert!(message.contains("M3TER_ORG_ID"), "{message}");
            assert!(message.contains("ClientBuilder::org_id"), "{message}");
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
    assert_eq!(error.status(), None);
    assert!(received(&server).await.is_empty(), "nothing may be sent");
    client
        .with_org_id(ORG)
        .get_statement_job(JOB)
        .await
        .expect("with the org id, the call goes through");
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
        .with_org_id("org/1")
        .cancel_statement_job("a/b?c#d e%")
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
        .with_org_id("org/1")
        .delete_counter_adjustment("a/b?c#d e%")
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
            .delete_counter_adjustment(id)
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
            client.delete_counter_adjustment(id).await.map(|_| ()),
            client.cancel_statement_job(id).await.map(|_| ()),
            client
                .with_org_id(id)
                .delete_counter_adjustment(ADJUSTMENT)
                .await
                .map(|_| ()),
            client
                .with_org_id(id)
                .cancel_statement_job(JOB)
                .await
                .map(|_| ()),
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
        let client = builder_for(&server).base_url(base_url).build().unwrap();
        let job = client.cancel_statement_job(JOB).await.unwrap();
        assert_eq!(job, expected_statement_job());
        let adjustment = client.delete_counter_adjustment(ADJUSTMENT).await.unwrap();
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
        .cancel_statement_job("missing")
        .await
        .expect_err("a 404 is an error");

    assert_eq!(error.status(), Some(404));
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.text, body, "the raw text is kept");
            let typed = api.body.as_ref().expect("a JSON error body is decoded");
            assert_eq!(typed.message.as_deref(), Some("StatementJob not found"));
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
        .respond_with(ResponseTemplate::new(400))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_string("unprocessable: already complete"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = client
        .delete_counter_adjustment(ADJUSTMENT)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 400);
            assert_eq!(api.text, "");
            assert_eq!(api.body, None, "an empty body is no typed body");
            assert_eq!(api.request_id, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(error.to_string(), "the API answered HTTP 400 Bad Request");

    let error = client.cancel_statement_job(JOB).await.unwrap_err();
    assert_eq!(error.status(), Some(422));
    match &error {
        Error::Api(api) => {
            assert_eq!(api.text, "unprocessable: already complete");
            assert_eq!(api.body, None, "text is no typed body");
            assert_eq!(api.request_id, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(error
        .to_string()
        .contains("HTTP 422 Unprocessable Entity: unprocessable: already complete"));
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
        .cancel_statement_job(JOB)
        .await
        .expect_err("HTML is not a StatementJob");

    match &error {
        Error::Decode(decode) => {
            assert_eq!(decode.text(), html, "the whole body is kept");
            assert_eq!(decode.path, ".", "the body itself is not JSON");
            assert_eq!(decode.value, None);
            let source = decode.source.as_ref().expect("the JSON error");
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
async fn a_long_undecodable_body_is_kept_whole_and_cut_in_the_message() {
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
        .delete_counter_adjustment(ADJUSTMENT)
        .await
        .unwrap_err();
    match &error {
        Error::Decode(decode) => assert_eq!(decode.body, html.as_bytes(), "all of it"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let message = error.to_string();
    let shown = message
        .split_once("the body starts with: ")
        .expect("the message shows the body's start")
        .1;
    let kept = shown
        .strip_suffix("...")
        .expect("a cut body ends with `...`");
    assert!(kept.starts_with("<html><body><p>Service"));
    assert!(html.starts_with(kept));
    assert!(
        kept.len() < html.len(),
        "only the beginning is shown ({} bytes)",
        kept.len()
    );
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

    let error = client.cancel_statement_job(JOB).await.unwrap_err();
    match &error {
        Error::Decode(decode) => {
            assert!(decode.body.is_empty());
            let source = decode.source.as_ref().expect("the JSON error");
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(error.status(), None);

    let error = client
        .delete_counter_adjustment(ADJUSTMENT)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode(decode) if decode.body.is_empty()),
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
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 5, "value": 123})))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = client.cancel_statement_job(JOB).await.unwrap_err();
    match &error {
        Error::Decode(decode) => {
            assert_eq!(decode.text(), r#"{"version":1}"#);
            assert_eq!(decode.path, "id", "the missing required field");
            assert_eq!(decode.expected, "a string");
            assert_eq!(decode.found, "nothing (the field is required)");
            assert_eq!(
                decode.value,
                Some(json!({"version": 1})),
                "the rest is readable"
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }

    let error = client
        .delete_counter_adjustment(ADJUSTMENT)
        .await
        .unwrap_err();
    match &error {
        Error::Decode(decode) => {
            assert_eq!(decode.path, "id");
            assert_eq!(
                (decode.expected.as_str(), decode.found.as_str()),
                ("a string", "a number")
            );
        }
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
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .org_id(ORG)
        .bearer_token(TOKEN)
        .max_retries(0)
        .build()
        .unwrap();

    let error = client
        .delete_counter_adjustment(ADJUSTMENT)
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
    let error = client.delete_counter_adjustment("").await.unwrap_err();
    assert!(
        matches!(&error, m3ter::Error::InvalidPathParameter { name: "id", value } if value.is_empty()),
        "{error:?}"
    );
    assert!(error.to_string().contains("path parameter `id`"), "{error}");
    let error = client
        .with_org_id("")
        .cancel_statement_job("job-1")
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        m3ter::Error::InvalidPathParameter { name: "orgId", .. }
    ));
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}
