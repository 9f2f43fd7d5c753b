//! The generated example program (`generated/examples/m3ter.rs`, built here
//! as the `m3ter-example` binary of this package) against a real HTTP server
//! on 127.0.0.1: configured only from the environment, it prints the answer
//! as JSON and exits 0, or prints the error with its HTTP status on stderr
//! and exits non-zero.

use std::process::{Command, Output};

use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

/// Runs the example with `args` and only the variables given.
fn run(server: &MockServer, args: &[&str], org_id: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_m3ter-example"));
    command
        .args(args)
        .env_clear()
        .env("M3TER_BASE_URL", server.uri())
        .env("M3TER_API_KEY", API_KEY)
        .env("M3TER_API_SECRET", API_SECRET);
    if let Some(org_id) = org_id {
        command.env("M3TER_ORG_ID", org_id);
    }
    command.output().expect("the example runs")
}

fn stdout_json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn mount(server: &MockServer, http_method: &str, at: &str, body: Value) {
    Mock::given(method(http_method))
        .and(path(at))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn every_command_prints_the_answer_as_json() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    let job = "/organizations/org-1/statementjobs/job-1";
    let adjustment = "/organizations/org-1/counteradjustments/ca-1";
    mount(&server, "GET", job, statement_job_body()).await;
    mount(
        &server,
        "POST",
        &format!("{job}/cancel"),
        statement_job_body(),
    )
    .await;
    mount(&server, "GET", adjustment, counter_adjustment_body()).await;
    mount(&server, "DELETE", adjustment, counter_adjustment_body()).await;
    let page = json!({"data": [counter_adjustment_body()], "nextToken": "t2"});
    mount(
        &server,
        "GET",
        "/organizations/org-1/counteradjustments",
        page,
    )
    .await;

    let mut expected_job = statement_job_body();
    expected_job
        .as_object_mut()
        .unwrap()
        .remove("someFieldAddedLater");
    for (args, expected) in [
        (vec!["get-statement-job", JOB], expected_job.clone()),
        (vec!["cancel-statement-job", JOB], expected_job),
        (
            vec!["get-counter-adjustment", ADJUSTMENT],
            counter_adjustment_body(),
        ),
        (
            vec!["delete-counter-adjustment", ADJUSTMENT],
            counter_adjustment_body(),
        ),
        (
            vec!["list-counter-adjustments"],
            json!({"data": [counter_adjustment_body()], "nextToken": "t2"}),
        ),
    ] {
        let output = run(&server, &args, Some(ORG));
        assert_eq!(stdout_json(&output), expected, "{args:?}");
        assert!(output.stderr.is_empty(), "{}", stderr(&output));
    }
}

#[tokio::test]
async fn ids_are_percent_encoded() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    mount(
        &server,
        "GET",
        "/organizations/org-1/statementjobs/a%2Fb%3Fc%23d%20e",
        statement_job_body(),
    )
    .await;
    let output = run(&server, &["get-statement-job", "a/b?c#d e"], Some(ORG));
    assert_eq!(stdout_json(&output)["id"], JOB);
}

#[tokio::test]
async fn an_api_error_is_printed_with_its_status_and_exits_1() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": "CounterAdjustment not found"})),
        )
        .mount(&server)
        .await;
    let output = run(
        &server,
        &["delete-counter-adjustment", "missing"],
        Some(ORG),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let text = stderr(&output);
    assert!(text.contains("HTTP 404"), "{text}");
    assert!(text.contains("CounterAdjustment not found"), "{text}");
    assert_no_secrets(&text);
}

#[tokio::test]
async fn a_missing_org_id_or_a_wrong_command_line_fails_before_any_call() {
    let server = MockServer::start().await;
    let output = run(&server, &["get-statement-job", JOB], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("M3TER_ORG_ID"),
        "{}",
        stderr(&output)
    );

    for args in [
        vec![],
        vec!["no-such-command"],
        vec!["get-statement-job"],
        vec!["get-statement-job", "a", "b"],
    ] {
        let output = run(&server, &args, Some(ORG));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("usage: m3ter"), "{args:?}");
    }
    assert!(received(&server).await.is_empty());
}

/// Pointed at a server that answers with the seed pages' own example bodies
/// (`"meterIds": "<string>"` where the spec declares an array), the example
/// program prints the entities and exits 0.
#[tokio::test]
async fn the_seed_pages_example_bodies_are_printed() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    let page_body = |text: String| -> Value { serde_json::from_str(&text).unwrap() };
    let job = page_body(m3ter_tests::seeds::statement_job_example());
    let adjustment = page_body(m3ter_tests::seeds::counter_adjustment_example());
    let job_path = "/organizations/org-1/statementjobs/job-1/cancel";
    mount(&server, "POST", job_path, job.clone()).await;
    let adjustment_path = "/organizations/org-1/counteradjustments/ca-1";
    mount(&server, "DELETE", adjustment_path, adjustment.clone()).await;

    let output = run(&server, &["cancel-statement-job", JOB], Some(ORG));
    let printed = stdout_json(&output);
    assert_eq!(printed["id"], job["id"]);
    assert_eq!(printed["filters"]["meterIds"], json!(["<string>"]));
    let output = run(
        &server,
        &["delete-counter-adjustment", ADJUSTMENT],
        Some(ORG),
    );
    assert_eq!(stdout_json(&output), adjustment);
}
