//! The response policy of the m3ter client, through its public API against a
//! wiremock server: one test per kind of deviation from the spec (what the
//! call returns, what the caller sees, the path reported, the warning
//! logged, and `strict_responses` turning it into an error), required values
//! that cannot be represented, and the limit on body sizes.

use std::sync::{Arc, Mutex};

use m3ter::models::StatementJob;
use m3ter::{collect_deviations, Deviation, DeviationKind, Error};
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

/// A server answering every call with `body`.
async fn server_answering(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// `statement_job_body()` with `edit` applied.
fn job_with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut body = statement_job_body();
    edit(&mut body);
    body
}

/// The warn-level events the client logs, each as `field=value` pairs and
/// its message.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<String>>>);

impl Events {
    fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

struct Recorder(Events);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push_str(&format!("{}={} ", field.name(), value));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        if *event.metadata().level() == tracing::Level::WARN {
            let mut fields = Fields(String::new());
            event.record(&mut fields);
            self.0 .0.lock().unwrap().push(fields.0);
        }
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// Runs `call` with the warn events recorded (the tests run on one thread,
/// tokio's default for tests, so the subscriber sees the client's events).
async fn with_events<F: std::future::Future>(call: F) -> (F::Output, Vec<String>) {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(Recorder(events.clone()));
    let output = call.await;
    (output, events.all())
}

/// Cancels the job with the default client and with a strict one, and
/// returns the lenient answer, its deviations and warnings, and the strict
/// error.
async fn both_ways(
    body: Value,
) -> (
    StatementJob,
    Vec<Deviation>,
    Vec<String>,
    Box<m3ter::DecodeError>,
) {
    let server = server_answering(body).await;
    let ((job, deviations), events) = with_events(collect_deviations(
        client_for(&server).cancel_statement_job(JOB),
    ))
    .await;
    let job = job.expect("the default client decodes the body");
    let strict = builder_for(&server)
        .bearer_token(TOKEN)
        .strict_responses(true)
        .build()
        .unwrap();
    let error = match strict.cancel_statement_job(JOB).await {
        Err(Error::Decode(error)) => error,
        other => panic!("strict_responses refuses the body, got {other:?}"),
    };
    (job, deviations, events, error)
}

/// The one deviation, checked against what is expected of it; and the
/// warning logged for it, and the strict error naming its path.
fn assert_one(
    deviations: &[Deviation],
    events: &[String],
    strict: &m3ter::DecodeError,
    path: &str,
    kind: DeviationKind,
    raw: Value,
) {
    assert_eq!(deviations.len(), 1, "{deviations:#?}");
    let deviation = &deviations[0];
    assert_eq!(deviation.operation, "cancel_statement_job");
    assert_eq!(deviation.path, path);
    assert_eq!(deviation.kind, kind);
    assert_eq!(deviation.raw, raw);
    assert_eq!(events.len(), 1, "one warning: {events:?}");
    assert!(
        events[0].contains("operation=cancel_statement_job")
            && events[0].contains(&format!("path={path} ")),
        "the warning names the operation and the path: {}",
        events[0]
    );
    assert_eq!(strict.path, path, "the strict error names the path");
    assert_eq!(strict.deviations, deviations, "and carries the deviations");
    assert!(strict.value.is_some(), "and the parsed body");
    let message = strict.to_string();
    assert!(message.contains(&format!("at `{path}`")), "{message}");
}

#[tokio::test]
async fn one_value_where_an_array_is_declared_is_an_array_of_one() {
    // The Cancel StatementJob page's own example: `"meterIds": "<string>"`.
    let body = job_with(|body| body["filters"]["meterIds"] = json!("m-1"));
    let (job, deviations, events, strict) = both_ways(body).await;
    assert_eq!(
        job.filters.unwrap().meter_ids,
        Some(vec!["m-1".to_string()])
    );
    assert_one(
        &deviations,
        &events,
        &strict,
        "filters.meterIds",
        DeviationKind::WrappedInArray,
        json!("m-1"),
    );
    assert_eq!(
        (
            deviations[0].expected.as_str(),
            deviations[0].found.as_str()
        ),
        ("an array", "a string")
    );
}

#[tokio::test]
async fn a_number_sent_as_a_string_is_the_number() {
    let body = job_with(|body| body["version"] = json!(" 12 "));
    let (job, deviations, events, strict) = both_ways(body).await;
    assert_eq!(job.version, Some(12));
    assert_one(
        &deviations,
        &events,
        &strict,
        "version",
        DeviationKind::ParsedFromString,
        json!(" 12 "),
    );
}

#[tokio::test]
async fn a_boolean_sent_as_a_string_is_the_boolean() {
    let body = job_with(|body| body["includeCsvFormat"] = json!("TRUE"));
    let (job, deviations, events, strict) = both_ways(body).await;
    assert_eq!(job.include_csv_format, Some(true));
    assert_one(
        &deviations,
        &events,
        &strict,
        "includeCsvFormat",
        DeviationKind::ParsedFromString,
        json!("TRUE"),
    );
}

#[tokio::test]
async fn null_in_an_optional_field_is_none() {
    let body = job_with(|body| body["billId"] = Value::Null);
    let (job, deviations, events, strict) = both_ways(body).await;
    assert_eq!(job.bill_id, None);
    assert_eq!(job.version, Some(4), "the rest is decoded");
    assert_one(
        &deviations,
        &events,
        &strict,
        "billId",
        DeviationKind::AbsentAsNone,
        Value::Null,
    );
}

#[tokio::test]
async fn a_value_an_optional_field_cannot_hold_makes_it_none_and_is_kept() {
    let raw = json!({"meter": "m-1"});
    let body = job_with(|body| body["filters"]["meterIds"] = raw.clone());
    let (job, deviations, events, strict) = both_ways(body).await;
    assert_eq!(job.filters.unwrap().meter_ids, None);
    assert_eq!(job.id, JOB, "the rest is decoded");
    assert_one(
        &deviations,
        &events,
        &strict,
        "filters.meterIds",
        DeviationKind::Dropped {
            field: "filters.meterIds".into(),
        },
        raw,
    );
    assert_eq!(
        (
            deviations[0].expected.as_str(),
            deviations[0].found.as_str()
        ),
        ("an array", "an object")
    );
}

#[tokio::test]
async fn a_date_that_does_not_parse_makes_its_optional_field_none() {
    // Found by the typed decode, not by the shapes: the path is serde's.
    let body = job_with(|body| body["dtCreated"] = json!("yesterday"));
    let (job, deviations, events, strict) = both_ways(body).await;
    assert_eq!(job.dt_created, None);
    assert!(job.dt_last_modified.is_some());
    assert_one(
        &deviations,
        &events,
        &strict,
        "dtCreated",
        DeviationKind::Dropped {
            field: "dtCreated".into(),
        },
        json!("yesterday"),
    );
    assert!(
        deviations[0]
            .found
            .contains("input contains invalid characters"),
        "the decoder's message: {}",
        deviations[0].found
    );
}

#[tokio::test]
async fn a_value_nested_in_an_optional_field_takes_that_field() {
    // `filters` is optional, and holds `meterIds`, whose item is a string.
    let body = job_with(|body| body["filters"] = json!({"meterIds": [["nested"]]}));
    let (job, deviations, _, strict) = both_ways(body).await;
    assert_eq!(
        job.filters.unwrap().meter_ids,
        None,
        "the innermost optional field"
    );
    assert_eq!(deviations[0].path, "filters.meterIds[0]");
    assert_eq!(
        deviations[0].kind,
        DeviationKind::Dropped {
            field: "filters.meterIds".into()
        }
    );
    assert_eq!(strict.path, "filters.meterIds[0]");
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_no_deviation() {
    let body = job_with(|body| {
        body["statementJobStatus"] = json!("QUEUED");
        body["addedLater"] = json!([1, 2]);
    });
    let server = server_answering(body).await;
    let ((job, deviations), events) = with_events(collect_deviations(
        client_for(&server).cancel_statement_job(JOB),
    ))
    .await;
    assert!(job.is_ok());
    assert_eq!(deviations, vec![]);
    assert_eq!(events, Vec::<String>::new());
    let strict = builder_for(&server)
        .bearer_token(TOKEN)
        .strict_responses(true)
        .build()
        .unwrap();
    strict.cancel_statement_job(JOB).await.expect("strict too");
}

/// A required field that cannot be represented is the error, in every mode:
/// it names the path, and keeps the whole body and the parsed JSON.
async fn required_failure(body: Value) -> m3ter::DecodeError {
    let server = server_answering(body.clone()).await;
    let (result, deviations) =
        collect_deviations(client_for(&server).cancel_statement_job(JOB)).await;
    assert_eq!(deviations, vec![], "a failed call hands out no deviations");
    match result {
        Err(Error::Decode(error)) => {
            assert_eq!(error.value, Some(body.clone()), "the body as sent");
            assert_eq!(
                serde_json::from_slice::<Value>(&error.body).unwrap(),
                body,
                "all of the body"
            );
            assert_eq!(error.operation, "cancel_statement_job");
            *error
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_required_field_left_out_is_an_error_naming_it() {
    let error = required_failure(job_with(|body| {
        body.as_object_mut().unwrap().remove("id");
    }))
    .await;
    assert_eq!(error.path, "id");
    assert_eq!(error.expected, "a string");
    assert_eq!(error.found, "nothing (the field is required)");
    assert!(error.to_string().contains(
        "cannot decode the response of `cancel_statement_job` at `id`: expected a string, found nothing"
    ));
}

#[tokio::test]
async fn null_in_a_required_field_is_an_error_naming_it() {
    let error = required_failure(job_with(|body| body["id"] = Value::Null)).await;
    assert_eq!((error.path.as_str(), error.found.as_str()), ("id", "null"));
}

#[tokio::test]
async fn a_required_field_of_the_wrong_shape_is_an_error_naming_it() {
    let error = required_failure(job_with(|body| body["id"] = json!({"value": "job-1"}))).await;
    assert_eq!(
        (
            error.path.as_str(),
            error.expected.as_str(),
            error.found.as_str()
        ),
        ("id", "a string", "an object")
    );
    // The rest of the data can still be read from the parsed body.
    assert_eq!(error.value.unwrap()["billId"], "bill-1");
}

#[tokio::test]
async fn deviations_before_a_failure_travel_with_the_error() {
    let error = required_failure(job_with(|body| {
        body["version"] = json!("4");
        body["dtCreated"] = json!(17);
        body.as_object_mut().unwrap().remove("id");
    }))
    .await;
    assert_eq!(error.path, "id");
    // The shapes find the missing `id` before anything is coerced.
    assert_eq!(error.deviations, vec![]);
}

#[tokio::test]
async fn a_list_decodes_the_items_it_can() {
    let server = MockServer::start().await;
    let page = json!({
        "data": [statement_job_body(), job_with(|body| body["version"] = json!("5"))],
        "nextToken": 7
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let (page, deviations) =
        collect_deviations(client_for(&server).list_statement_jobs(&Default::default())).await;
    let page = page.unwrap();
    assert_eq!(page.data.unwrap()[1].version, Some(5));
    assert_eq!(page.next_token, None, "a number is not a string");
    let paths: Vec<_> = deviations.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["data[1].version", "nextToken"]);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    let length = serde_json::to_vec(&statement_job_body()).unwrap().len() as u64;
    let client = builder_for(&server)
        .bearer_token(TOKEN)
        .max_response_bytes(100)
        .build()
        .unwrap();
    let error = client.cancel_statement_job(JOB).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 100, length: Some(n) } if n == length),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "the response body is larger than the limit of 100 bytes (Content-Length: {length})"
        )
    );
    assert_eq!(received(&server).await.len(), 1, "never retried");
    let roomy = builder_for(&server)
        .bearer_token(TOKEN)
        .max_response_bytes(length)
        .build()
        .unwrap();
    roomy
        .cancel_statement_job(JOB)
        .await
        .expect("a body of the limit is read");
}
