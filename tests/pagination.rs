//! Cursor pagination against a real HTTP server on 127.0.0.1: the
//! `…_stream` methods yield every item across pages, `…_pages` one page at a
//! time, following `nextToken` until a page has none.

use futures_util::{StreamExt, TryStreamExt};
use m3ter::models::{CounterAdjustment, ListCounterAdjustmentsQuery, ListStatementJobsQuery};
use m3ter::Error;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

const LIST_PATH: &str = "/organizations/org-1/counteradjustments";

/// A page of adjustments with these ids, and a next token if any.
fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let data: Vec<_> = ids
        .iter()
        .map(|id| counter_adjustment_with_id(id))
        .collect();
    let mut body = json!({ "data": data });
    if let Some(next) = next {
        body["nextToken"] = json!(next);
    }
    ResponseTemplate::new(200).set_body_json(body)
}

/// Three pages: `a b` → `c` → `d`.
async fn mount_three_pages(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("nextToken"))
        .respond_with(page(&["a", "b"], Some("t2")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("nextToken", "t2"))
        .respond_with(page(&["c"], Some("t3")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("nextToken", "t3"))
        .respond_with(page(&["d"], None))
        .mount(server)
        .await;
}

fn query() -> ListCounterAdjustmentsQuery {
    ListCounterAdjustmentsQuery {
        counter_id: Some("counter-1".into()),
        page_size: Some(2),
        ..Default::default()
    }
}

fn ids(items: &[CounterAdjustment]) -> Vec<&str> {
    items.iter().map(|item| item.id.as_str()).collect()
}

#[tokio::test]
async fn the_stream_yields_every_item_across_three_pages() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;

    let items: Vec<CounterAdjustment> = client_for(&server)
        .list_counter_adjustments_stream(&query())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b", "c", "d"]);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "one request per page");
    for request in &requests {
        let query = request.url.query().unwrap_or_default();
        assert!(query.contains("counterId=counter-1"), "{query}");
        assert!(query.contains("pageSize=2"), "{query}");
    }
}

#[tokio::test]
async fn pages_come_one_at_a_time_as_they_are_polled() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;

    let mut pages = client_for(&server).list_counter_adjustments_pages(&query());
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.next_token.as_deref(), Some("t2"));
    assert_eq!(received(&server).await.len(), 1, "the next page waits");
    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&second.data.unwrap()), ["c"]);
    let third = pages.next().await.unwrap().unwrap();
    assert_eq!(third.next_token, None);
    assert!(pages.next().await.is_none(), "no page after the last");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn paging_can_start_from_a_token() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let query = ListCounterAdjustmentsQuery {
        next_token: Some("t2".into()),
        ..query()
    };
    let items: Vec<_> = client_for(&server)
        .list_counter_adjustments_stream(&query)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["c", "d"]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("nextToken"))
        .respond_with(page(&["a"], Some("t2")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("nextToken", "t2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "gone"})))
        .mount(&server)
        .await;

    let results: Vec<Result<CounterAdjustment, Error>> = client_for(&server)
        .list_counter_adjustments_stream(&query())
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "a");
    assert_eq!(results[1].as_ref().unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn empty_pages_and_pages_without_data_are_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("nextToken"))
        .respond_with(page(&[], Some("t2")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("nextToken", "t2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"nextToken": "t3"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("nextToken", "t3"))
        .respond_with(page(&["z"], Some("")))
        .mount(&server)
        .await;

    let items: Vec<_> = client_for(&server)
        .list_counter_adjustments_stream(&query())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["z"], "an empty next token ends the list");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_page_naming_itself_as_next_does_not_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("nextToken"))
        .respond_with(page(&["a"], Some("same")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("nextToken", "same"))
        .respond_with(page(&["b"], Some("same")))
        .mount(&server)
        .await;

    let items: Vec<_> = client_for(&server)
        .list_counter_adjustments_stream(&query())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b"]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn streams_own_their_client_and_move_to_other_tasks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/org-2/statementjobs"))
        .and(query_param("status", "PENDING"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [statement_job_body(), statement_job_body()]})),
        )
        .mount(&server)
        .await;

    let stream = {
        let client = client_for(&server).with_org_id("org-2");
        let query = ListStatementJobsQuery {
            status: Some(m3ter::models::StatementJobStatus::Pending),
            ..Default::default()
        };
        client.list_statement_jobs_stream(&query)
    };
    let jobs: Vec<_> = tokio::spawn(stream.try_collect::<Vec<_>>())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        jobs,
        vec![expected_statement_job(), expected_statement_job()]
    );
}
