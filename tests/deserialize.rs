//! Decoding and encoding of the generated m3ter models, driven by the JSON
//! examples of the m3ter documentation pages.
//!
//! The pages are read at test time from `../shared/seeds/` beside the
//! repository, so the tests follow the pages rather than a copy of them.
//! The models' `Deserialize` is strict; the client's response policy (the
//! page's `"meterIds": "<string>"` decoded as a list of one, with a warning)
//! is tested at the end through the client.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use m3ter::models::{
    CounterAdjustment, StatementJob, StatementJobFilters, StatementJobStatus, StatementStatus,
};
use m3ter_tests::seeds::{counter_adjustment_example, statement_job_example};
use serde_json::{json, Value};

/// The placeholder the StatementJob page shows for `filters.meterIds`.
const METER_IDS_AS_PAGE_SHOWS: &str = r#""meterIds": "<string>""#;
/// The same placeholder in the shape the spec (and the m3ter SDKs) declare:
/// an array of strings.
const METER_IDS_AS_SPEC_DECLARES: &str = r#""meterIds": ["<string>"]"#;

/// The example response of the Cancel StatementJob page with `meterIds`
/// given as the array of strings the spec declares.
fn statement_job_example_with_meter_ids_array() -> String {
    let example = statement_job_example();
    assert_eq!(
        example.matches(METER_IDS_AS_PAGE_SHOWS).count(),
        1,
        "the page example shows `meterIds` as a string placeholder exactly once:\n{example}"
    );
    example.replace(METER_IDS_AS_PAGE_SHOWS, METER_IDS_AS_SPEC_DECLARES)
}

/// `2023-11-07T05:31:56Z`, the timestamp the page examples show.
fn example_timestamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 11, 7, 5, 31, 56).unwrap()
}

/// A StatementJob with every field set.
fn full_statement_job() -> StatementJob {
    StatementJob {
        id: "5f4d6c1e-0000-4000-8000-000000000001".into(),
        version: Some(7),
        statement_job_status: Some(StatementJobStatus::Running),
        bill_id: Some("bill-1".into()),
        org_id: Some("org-1".into()),
        include_csv_format: Some(false),
        filters: Some(StatementJobFilters {
            meter_ids: Some(vec!["meter-1".into(), "meter-2".into()]),
        }),
        presigned_json_statement_url: Some("https://example.com/s.json?sig=a%2Fb".into()),
        json_statement_status: Some(StatementStatus::Stale),
        presigned_csv_statement_url: Some("https://example.com/s.csv".into()),
        csv_statement_status: Some(StatementStatus::Invalidated),
        dt_created: Some(Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 59).unwrap()),
        dt_last_modified: Some(
            Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap()
                + chrono::Duration::milliseconds(123),
        ),
        created_by: Some("user-1".into()),
        last_modified_by: Some("user-2".into()),
    }
}

/// A CounterAdjustment with every field set.
fn full_counter_adjustment() -> CounterAdjustment {
    CounterAdjustment {
        id: "ca-1".into(),
        version: Some(i64::MAX),
        dt_created: Some(Utc.with_ymd_and_hms(2020, 1, 2, 3, 4, 5).unwrap()),
        dt_last_modified: Some(Utc.with_ymd_and_hms(2021, 6, 7, 8, 9, 10).unwrap()),
        created_by: Some("user-1".into()),
        last_modified_by: Some("user-2".into()),
        counter_id: Some("counter-1".into()),
        account_id: Some("account-1".into()),
        date: Some(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
        value: Some(-42),
        purchase_order_number: Some("PO-0001".into()),
    }
}

/// The keys of a serialized JSON object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

fn sorted(keys: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    keys.sort();
    keys
}

// ---------------------------------------------------------------------------
// The documentation pages' examples
// ---------------------------------------------------------------------------

#[test]
fn page_examples_are_json_objects() {
    let statement_job: Value = serde_json::from_str(&statement_job_example())
        .expect("the StatementJob page example is JSON");
    assert_eq!(statement_job["id"], "<string>");
    assert_eq!(statement_job["filters"]["meterIds"], "<string>");
    assert_eq!(statement_job.as_object().unwrap().len(), 15);

    let counter_adjustment: Value = serde_json::from_str(&counter_adjustment_example())
        .expect("the CounterAdjustment page example is JSON");
    assert_eq!(counter_adjustment["date"], "2023-12-25");
    assert_eq!(counter_adjustment.as_object().unwrap().len(), 11);
}

/// The models' own `Deserialize` stays strict: the client's response policy
/// (a one-element list, with a warning; `tests/responses.rs`) lives in its
/// decoding, not in the types, so a `serde_json::from_str` of the page's
/// example still names the stray value.
#[test]
fn statement_job_page_example_verbatim_is_rejected_by_the_model_on_meter_ids() {
    let example = statement_job_example();
    let error = serde_json::from_str::<StatementJob>(&example)
        .expect_err("`filters.meterIds` is an array in the spec, a string on the page");
    assert!(
        error.is_data(),
        "a type mismatch, not a syntax error: {error}"
    );
    let message = error.to_string();
    assert!(
        message.contains(r#"invalid type: string "<string>""#)
            && message.contains("expected a sequence"),
        "the error names the type mismatch: {message}"
    );
    // The error points at the `meterIds` line of the example.
    let meter_ids_line = example
        .lines()
        .position(|line| line.contains(r#""meterIds""#))
        .expect("the example has a `meterIds` line")
        + 1;
    assert_eq!(
        error.line(),
        meter_ids_line,
        "the error points at the `meterIds` line: {message}"
    );
}

#[test]
fn statement_job_page_example_decodes_every_field() {
    let job: StatementJob = serde_json::from_str(&statement_job_example_with_meter_ids_array())
        .expect("the page example with `meterIds` as an array decodes");

    assert_eq!(job.id, "<string>");
    assert_eq!(job.version, Some(123_i64));
    assert_eq!(job.statement_job_status, Some(StatementJobStatus::Pending));
    assert_eq!(job.bill_id.as_deref(), Some("<string>"));
    assert_eq!(job.org_id.as_deref(), Some("<string>"));
    assert_eq!(job.include_csv_format, Some(true));
    assert_eq!(
        job.filters,
        Some(StatementJobFilters {
            meter_ids: Some(vec!["<string>".to_string()]),
        })
    );
    assert_eq!(
        job.presigned_json_statement_url.as_deref(),
        Some("<string>")
    );
    assert_eq!(job.json_statement_status, Some(StatementStatus::Latest));
    assert_eq!(job.presigned_csv_statement_url.as_deref(), Some("<string>"));
    assert_eq!(job.csv_statement_status, Some(StatementStatus::Latest));
    let dt_created: Option<DateTime<Utc>> = job.dt_created;
    assert_eq!(dt_created, Some(example_timestamp()));
    let dt_last_modified: Option<DateTime<Utc>> = job.dt_last_modified;
    assert_eq!(dt_last_modified, Some(example_timestamp()));
    assert_eq!(job.created_by.as_deref(), Some("<string>"));
    assert_eq!(job.last_modified_by.as_deref(), Some("<string>"));

    // Field for field, the same as building the struct by hand.
    assert_eq!(
        job,
        StatementJob {
            id: "<string>".into(),
            version: Some(123),
            statement_job_status: Some(StatementJobStatus::Pending),
            bill_id: Some("<string>".into()),
            org_id: Some("<string>".into()),
            include_csv_format: Some(true),
            filters: Some(StatementJobFilters {
                meter_ids: Some(vec!["<string>".into()]),
            }),
            presigned_json_statement_url: Some("<string>".into()),
            json_statement_status: Some(StatementStatus::Latest),
            presigned_csv_statement_url: Some("<string>".into()),
            csv_statement_status: Some(StatementStatus::Latest),
            dt_created: Some(example_timestamp()),
            dt_last_modified: Some(example_timestamp()),
            created_by: Some("<string>".into()),
            last_modified_by: Some("<string>".into()),
        }
    );
}

#[test]
fn counter_adjustment_page_example_decodes_every_field() {
    let adjustment: CounterAdjustment =
        serde_json::from_str(&counter_adjustment_example()).expect("the page example decodes");

    assert_eq!(adjustment.id, "<string>");
    assert_eq!(adjustment.version, Some(123_i64));
    let dt_created: Option<DateTime<Utc>> = adjustment.dt_created;
    assert_eq!(dt_created, Some(example_timestamp()));
    let dt_last_modified: Option<DateTime<Utc>> = adjustment.dt_last_modified;
    assert_eq!(dt_last_modified, Some(example_timestamp()));
    assert_eq!(adjustment.created_by.as_deref(), Some("<string>"));
    assert_eq!(adjustment.last_modified_by.as_deref(), Some("<string>"));
    assert_eq!(adjustment.counter_id.as_deref(), Some("<string>"));
    assert_eq!(adjustment.account_id.as_deref(), Some("<string>"));
    let date: Option<NaiveDate> = adjustment.date;
    assert_eq!(date, NaiveDate::from_ymd_opt(2023, 12, 25));
    let value: Option<i32> = adjustment.value;
    assert_eq!(value, Some(123_i32));
    assert_eq!(
        adjustment.purchase_order_number.as_deref(),
        Some("<string>")
    );

    assert_eq!(
        adjustment,
        CounterAdjustment {
            id: "<string>".into(),
            version: Some(123),
            dt_created: Some(example_timestamp()),
            dt_last_modified: Some(example_timestamp()),
            created_by: Some("<string>".into()),
            last_modified_by: Some("<string>".into()),
            counter_id: Some("<string>".into()),
            account_id: Some("<string>".into()),
            date: NaiveDate::from_ymd_opt(2023, 12, 25),
            value: Some(123),
            purchase_order_number: Some("<string>".into()),
        }
    );
}

#[test]
fn page_examples_serialize_back_to_the_same_json() {
    let statement_job_json = statement_job_example_with_meter_ids_array();
    let job: StatementJob = serde_json::from_str(&statement_job_json).unwrap();
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        serde_json::from_str::<Value>(&statement_job_json).unwrap(),
        "serializing the decoded page example gives the page example back"
    );

    let counter_adjustment_json = counter_adjustment_example();
    let adjustment: CounterAdjustment = serde_json::from_str(&counter_adjustment_json).unwrap();
    assert_eq!(
        serde_json::to_value(&adjustment).unwrap(),
        serde_json::from_str::<Value>(&counter_adjustment_json).unwrap(),
        "serializing the decoded page example gives the page example back"
    );
}

// ---------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------

#[test]
fn every_documented_enum_value_decodes_to_its_variant() {
    let statement_job_statuses = [
        ("PENDING", StatementJobStatus::Pending),
        ("RUNNING", StatementJobStatus::Running),
        ("COMPLETE", StatementJobStatus::Complete),
        ("CANCELLED", StatementJobStatus::Cancelled),
        ("FAILED", StatementJobStatus::Failed),
    ];
    for (wire, variant) in statement_job_statuses {
        let decoded: StatementJobStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(decoded, variant);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(variant.to_string(), wire);
        assert_eq!(wire.parse::<StatementJobStatus>().unwrap(), variant);
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
    }

    let statement_statuses = [
        ("LATEST", StatementStatus::Latest),
        ("STALE", StatementStatus::Stale),
        ("INVALIDATED", StatementStatus::Invalidated),
    ];
    for (wire, variant) in statement_statuses {
        let decoded: StatementStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(decoded, variant);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(variant.to_string(), wire);
        assert_eq!(wire.parse::<StatementStatus>().unwrap(), variant);
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
    }
}

#[test]
fn unknown_enum_values_decode_to_unknown_and_serialize_back_unchanged() {
    for wire in ["ARCHIVED", "pending", "", "Cancelled ", "ünïcödé"] {
        let status: StatementJobStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(status, StatementJobStatus::Unknown(wire.to_string()));
        assert_eq!(status.as_str(), wire);
        assert_eq!(serde_json::to_value(&status).unwrap(), json!(wire));

        let status: StatementStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(status, StatementStatus::Unknown(wire.to_string()));
        assert_eq!(status.as_str(), wire);
        assert_eq!(serde_json::to_value(&status).unwrap(), json!(wire));
    }
}

#[test]
fn unknown_enum_values_inside_a_statement_job_round_trip() {
    let input = json!({
        "id": "job-1",
        "statementJobStatus": "ARCHIVED",
        "jsonStatementStatus": "PURGED",
        "csvStatementStatus": "latest",
    });
    let job: StatementJob = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        job.statement_job_status,
        Some(StatementJobStatus::Unknown("ARCHIVED".into()))
    );
    assert_eq!(
        job.json_statement_status,
        Some(StatementStatus::Unknown("PURGED".into()))
    );
    assert_eq!(
        job.csv_statement_status,
        Some(StatementStatus::Unknown("latest".into()))
    );
    assert_eq!(serde_json::to_value(&job).unwrap(), input);
}

#[test]
fn enum_values_that_are_not_strings_are_rejected() {
    let error = serde_json::from_value::<StatementJob>(json!({
        "id": "job-1",
        "statementJobStatus": 3,
    }))
    .unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}

// ---------------------------------------------------------------------------
// Unknown, absent and null fields
// ---------------------------------------------------------------------------

#[test]
fn unknown_extra_fields_are_ignored() {
    let mut job_json: Value =
        serde_json::from_str(&statement_job_example_with_meter_ids_array()).unwrap();
    let expected_job: StatementJob = serde_json::from_value(job_json.clone()).unwrap();
    let object = job_json.as_object_mut().unwrap();
    object.insert("someFutureField".into(), json!({"nested": [1, 2, 3]}));
    object.insert("statement_job_status".into(), json!("FAILED"));
    object["filters"]
        .as_object_mut()
        .unwrap()
        .insert("accountIds".into(), json!(["a", "b"]));
    let job: StatementJob = serde_json::from_value(job_json).unwrap();
    assert_eq!(job, expected_job);

    let mut adjustment_json: Value = serde_json::from_str(&counter_adjustment_example()).unwrap();
    let expected_adjustment: CounterAdjustment =
        serde_json::from_value(adjustment_json.clone()).unwrap();
    let object = adjustment_json.as_object_mut().unwrap();
    object.insert("someFutureField".into(), json!(null));
    object.insert("code".into(), json!(true));
    let adjustment: CounterAdjustment = serde_json::from_value(adjustment_json).unwrap();
    assert_eq!(adjustment, expected_adjustment);
}

#[test]
fn absent_optional_fields_decode_to_none() {
    let job: StatementJob = serde_json::from_str(r#"{"id":"job-1"}"#).unwrap();
    assert_eq!(
        job,
        StatementJob {
            id: "job-1".into(),
            version: None,
            statement_job_status: None,
            bill_id: None,
            org_id: None,
            include_csv_format: None,
            filters: None,
            presigned_json_statement_url: None,
            json_statement_status: None,
            presigned_csv_statement_url: None,
            csv_statement_status: None,
            dt_created: None,
            dt_last_modified: None,
            created_by: None,
            last_modified_by: None,
        }
    );

    let adjustment: CounterAdjustment = serde_json::from_str(r#"{"id":"ca-1"}"#).unwrap();
    assert_eq!(
        adjustment,
        CounterAdjustment {
            id: "ca-1".into(),
            version: None,
            dt_created: None,
            dt_last_modified: None,
            created_by: None,
            last_modified_by: None,
            counter_id: None,
            account_id: None,
            date: None,
            value: None,
            purchase_order_number: None,
        }
    );

    let filters: StatementJobFilters = serde_json::from_str("{}").unwrap();
    assert_eq!(filters, StatementJobFilters::default());
    assert_eq!(filters.meter_ids, None);
}

#[test]
fn null_optional_fields_decode_to_none() {
    let job: StatementJob = serde_json::from_value(json!({
        "id": "job-1",
        "version": null,
        "statementJobStatus": null,
        "filters": {"meterIds": null},
        "dtCreated": null,
    }))
    .unwrap();
    assert_eq!(job.version, None);
    assert_eq!(job.statement_job_status, None);
    assert_eq!(job.filters, Some(StatementJobFilters { meter_ids: None }));
    assert_eq!(job.dt_created, None);

    let adjustment: CounterAdjustment = serde_json::from_value(json!({
        "id": "ca-1",
        "date": null,
        "value": null,
    }))
    .unwrap();
    assert_eq!(adjustment.date, None);
    assert_eq!(adjustment.value, None);
}

#[test]
fn none_fields_are_omitted_when_serializing() {
    let job: StatementJob = serde_json::from_str(r#"{"id":"job-1"}"#).unwrap();
    let json = serde_json::to_value(&job).unwrap();
    assert_eq!(json, json!({"id": "job-1"}));
    assert_eq!(keys(&json), ["id"]);
    assert_eq!(serde_json::to_string(&job).unwrap(), r#"{"id":"job-1"}"#);

    let adjustment: CounterAdjustment = serde_json::from_str(r#"{"id":"ca-1"}"#).unwrap();
    let json = serde_json::to_value(&adjustment).unwrap();
    assert_eq!(json, json!({"id": "ca-1"}));
    assert_eq!(
        serde_json::to_string(&adjustment).unwrap(),
        r#"{"id":"ca-1"}"#
    );

    assert_eq!(
        serde_json::to_string(&StatementJobFilters::default()).unwrap(),
        "{}"
    );
}

#[test]
fn the_required_id_must_be_present() {
    for input in ["{}", r#"{"version":1}"#] {
        let error = serde_json::from_str::<StatementJob>(input).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        let error = serde_json::from_str::<CounterAdjustment>(input).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
    }
    let error = serde_json::from_str::<StatementJob>(r#"{"id":null}"#).unwrap_err();
    assert!(error.to_string().contains("invalid type: null"), "{error}");
}

// ---------------------------------------------------------------------------
// Round trips and wire names
// ---------------------------------------------------------------------------

#[test]
fn serialize_then_deserialize_is_the_identity() {
    let job = full_statement_job();
    let text = serde_json::to_string(&job).unwrap();
    assert_eq!(serde_json::from_str::<StatementJob>(&text).unwrap(), job);

    let adjustment = full_counter_adjustment();
    let text = serde_json::to_string(&adjustment).unwrap();
    assert_eq!(
        serde_json::from_str::<CounterAdjustment>(&text).unwrap(),
        adjustment
    );

    let minimal: StatementJob = serde_json::from_str(r#"{"id":"x"}"#).unwrap();
    let text = serde_json::to_string(&minimal).unwrap();
    assert_eq!(
        serde_json::from_str::<StatementJob>(&text).unwrap(),
        minimal
    );
}

#[test]
fn serialization_keeps_the_wire_names() {
    let json = serde_json::to_value(full_statement_job()).unwrap();
    assert_eq!(
        keys(&json),
        sorted(&[
            "id",
            "version",
            "statementJobStatus",
            "billId",
            "orgId",
            "includeCsvFormat",
            "filters",
            "presignedJsonStatementUrl",
            "jsonStatementStatus",
            "presignedCsvStatementUrl",
            "csvStatementStatus",
            "dtCreated",
            "dtLastModified",
            "createdBy",
            "lastModifiedBy",
        ])
    );
    assert_eq!(keys(&json["filters"]), ["meterIds"]);
    assert_eq!(json["statementJobStatus"], "RUNNING");
    assert_eq!(json["jsonStatementStatus"], "STALE");
    assert_eq!(json["csvStatementStatus"], "INVALIDATED");
    assert_eq!(json["includeCsvFormat"], false);
    assert_eq!(json["filters"]["meterIds"], json!(["meter-1", "meter-2"]));
    assert_eq!(json["dtCreated"], "2024-02-29T23:59:59Z");
    assert_eq!(json["dtLastModified"], "2024-03-01T00:00:00.123Z");

    let json = serde_json::to_value(full_counter_adjustment()).unwrap();
    assert_eq!(
        keys(&json),
        sorted(&[
            "id",
            "version",
            "dtCreated",
            "dtLastModified",
            "createdBy",
            "lastModifiedBy",
            "counterId",
            "accountId",
            "date",
            "value",
            "purchaseOrderNumber",
        ])
    );
    assert_eq!(json["version"], json!(i64::MAX));
    assert_eq!(json["date"], "2024-02-29");
    assert_eq!(json["value"], -42);
    assert_eq!(json["dtCreated"], "2020-01-02T03:04:05Z");
}

#[test]
fn snake_case_field_names_are_not_the_wire_names() {
    // `dt_created` is not `dtCreated`: it is an unknown field, ignored.
    let job: StatementJob = serde_json::from_value(json!({
        "id": "job-1",
        "dt_created": "2023-11-07T05:31:56Z",
        "bill_id": "bill-1",
    }))
    .unwrap();
    assert_eq!(job.dt_created, None);
    assert_eq!(job.bill_id, None);
}

// ---------------------------------------------------------------------------
// Dates, date-times and integers
// ---------------------------------------------------------------------------

#[test]
fn date_times_with_offsets_and_fractions_decode_to_utc() {
    let adjustment: CounterAdjustment = serde_json::from_value(json!({
        "id": "ca-1",
        "dtCreated": "2023-11-07T07:31:56+02:00",
        "dtLastModified": "2023-11-07T05:31:56.250Z",
    }))
    .unwrap();
    assert_eq!(adjustment.dt_created, Some(example_timestamp()));
    assert_eq!(
        adjustment.dt_last_modified,
        Some(example_timestamp() + chrono::Duration::milliseconds(250))
    );
}

#[test]
fn malformed_dates_and_date_times_are_rejected() {
    for (field, value) in [
        ("date", "2023-13-01"),
        ("date", "2023-02-30"),
        ("date", "2023-12-25T00:00:00Z"),
        ("dtCreated", "2023-11-07"),
        ("dtCreated", "not a date"),
    ] {
        let result = serde_json::from_value::<CounterAdjustment>(json!({
            "id": "ca-1",
            field: value,
        }));
        assert!(result.is_err(), "`{field}: {value}` must be rejected");
    }
}

#[test]
fn integers_outside_their_format_are_rejected() {
    // `value` is an int32.
    let max: CounterAdjustment =
        serde_json::from_value(json!({"id": "ca-1", "value": i32::MAX})).unwrap();
    assert_eq!(max.value, Some(i32::MAX));
    let min: CounterAdjustment =
        serde_json::from_value(json!({"id": "ca-1", "value": i32::MIN})).unwrap();
    assert_eq!(min.value, Some(i32::MIN));
    for value in [json!(i64::from(i32::MAX) + 1), json!(1.5), json!("123")] {
        let result = serde_json::from_value::<CounterAdjustment>(json!({
            "id": "ca-1",
            "value": value,
        }));
        assert!(result.is_err(), "`value: {value}` must be rejected");
    }

    // `version` is an int64.
    let job: StatementJob =
        serde_json::from_value(json!({"id": "job-1", "version": i64::MIN})).unwrap();
    assert_eq!(job.version, Some(i64::MIN));
    let result = serde_json::from_value::<StatementJob>(json!({
        "id": "job-1",
        "version": u64::MAX,
    }));
    assert!(result.is_err(), "a version beyond i64 must be rejected");
}

// ---------------------------------------------------------------------------
// The request bodies, pages and error bodies of the other endpoints
// ---------------------------------------------------------------------------

#[test]
fn request_bodies_serialize_with_wire_names_and_without_unset_fields() {
    use m3ter::models::{
        CounterAdjustmentRequest, StatementJobBatchRequest, StatementJobRequest, TokenRequest,
        TokenRequestGrantType,
    };
    let job = StatementJobRequest {
        bill_id: "bill-1".into(),
        include_csv_format: Some(false),
        filters: None,
        version: None,
    };
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        json!({"billId": "bill-1", "includeCsvFormat": false})
    );
    let batch = StatementJobBatchRequest {
        bill_ids: vec!["b1".into(), "b2".into()],
        include_csv_format: None,
        filters: Some(StatementJobFilters {
            meter_ids: Some(vec!["m1".into()]),
        }),
        version: Some(3),
    };
    assert_eq!(
        serde_json::to_value(&batch).unwrap(),
        json!({"billIds": ["b1", "b2"], "filters": {"meterIds": ["m1"]}, "version": 3})
    );
    let adjustment = CounterAdjustmentRequest {
        account_id: "a".into(),
        counter_id: "c".into(),
        date: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        value: -1,
        purchase_order_number: Some("PO".into()),
        version: None,
    };
    assert_eq!(
        serde_json::to_value(&adjustment).unwrap(),
        json!({"accountId": "a", "counterId": "c", "date": "2024-02-29", "value": -1, "purchaseOrderNumber": "PO"})
    );
    let token = TokenRequest {
        grant_type: TokenRequestGrantType::ClientCredentials,
        scope: None,
    };
    assert_eq!(
        serde_json::to_value(&token).unwrap(),
        json!({"grant_type": "client_credentials"})
    );
}

#[test]
fn pages_decode_with_and_without_a_next_token() {
    use m3ter::models::{CounterAdjustmentPage, StatementJobPage};
    let page: CounterAdjustmentPage = serde_json::from_value(json!({
        "data": [serde_json::from_str::<Value>(&counter_adjustment_example()).unwrap()],
        "nextToken": "next",
        "somethingNew": 1
    }))
    .unwrap();
    assert_eq!(page.data.as_ref().map(Vec::len), Some(1));
    assert_eq!(page.next_token.as_deref(), Some("next"));

    let last: StatementJobPage = serde_json::from_value(json!({"data": []})).unwrap();
    assert_eq!(last.data, Some(vec![]));
    assert_eq!(last.next_token, None);
}

#[test]
fn error_and_token_bodies_decode() {
    use m3ter::models::{ErrorResponse, TokenResponse};
    let error: ErrorResponse =
        serde_json::from_value(json!({"message": "Not found", "code": 404})).unwrap();
    assert_eq!(error.message.as_deref(), Some("Not found"));
    let token: TokenResponse = serde_json::from_value(json!({
        "access_token": "abc", "expires_in": 18000, "token_type": "bearer", "scope": ""
    }))
    .unwrap();
    assert_eq!(token.access_token, "abc");
    assert_eq!(token.expires_in, 18_000);
    assert!(serde_json::from_value::<TokenResponse>(json!({"expires_in": 1})).is_err());
}

/// The Cancel StatementJob page's example, verbatim, as the server's answer:
/// the client decodes `"meterIds": "<string>"` as a list of one, and reports
/// the deviation; a strict client refuses it, naming `filters.meterIds`.
#[tokio::test]
async fn the_client_decodes_the_page_example_verbatim_with_one_deviation() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(statement_job_example(), "application/json"),
        )
        .mount(&server)
        .await;
    let builder = || {
        m3ter::Client::builder()
            .base_url(server.uri())
            .org_id("org-1")
            .bearer_token("token")
    };
    let client = builder().build().unwrap();
    let (job, deviations) = m3ter::collect_deviations(client.cancel_statement_job("id")).await;
    let job = job.expect("the page's own example decodes");
    let expected: StatementJob =
        serde_json::from_str(&statement_job_example_with_meter_ids_array()).unwrap();
    assert_eq!(job, expected);
    assert_eq!(
        job.filters.unwrap().meter_ids,
        Some(vec!["<string>".into()])
    );
    assert_eq!(deviations.len(), 1, "{deviations:?}");
    assert_eq!(deviations[0].path, "filters.meterIds");
    assert_eq!(deviations[0].kind, m3ter::DeviationKind::WrappedInArray);

    let strict = builder().strict_responses(true).build().unwrap();
    match strict.cancel_statement_job("id").await {
        Err(m3ter::Error::Decode(error)) => {
            assert_eq!(error.path, "filters.meterIds");
            assert_eq!(
                (error.expected.as_str(), error.found.as_str()),
                ("an array", "a string")
            );
            assert_eq!(error.text(), statement_job_example(), "the whole body");
        }
        other => panic!("strict_responses refuses the page's example, got {other:?}"),
    }
}
