//! The client generated at build time works against a real HTTP server.

use build_rs_example::api::models::{Item, ItemState, ListItemsQuery, ListItemsQueryState};
use build_rs_example::api::{Client, Error};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn item() -> serde_json::Value {
    serde_json::json!({"sku": "A/1", "quantity": 3, "state": "IN_STOCK", "restockedOn": "2024-02-29"})
}

#[tokio::test]
async fn get_create_and_list_items() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/A%2F1"))
        .and(header("authorization", "Bearer t0ken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .and(body_json(item()))
        .respond_with(ResponseTemplate::new(201).set_body_json(item()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("state", "BACKORDERED"))
        .and(query_param("pageSize", "2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [item()]})),
        )
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t0ken")
        .build()
        .unwrap();
    let fetched = client.get_item("A/1").await.unwrap();
    assert_eq!(fetched.sku, "A/1");
    assert_eq!(fetched.state, Some(ItemState::InStock));
    assert_eq!(
        fetched.restocked_on,
        chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
    );

    let created: Item = client.create_item(&fetched).await.unwrap();
    assert_eq!(created, fetched);

    let query = ListItemsQuery {
        state: Some(ListItemsQueryState::Backordered),
        page_size: Some(2),
    };
    let page = client.list_items(&query).await.unwrap();
    assert_eq!(page.data, vec![fetched]);
    assert_eq!(page.next_token, None);
}

#[tokio::test]
async fn a_missing_item_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such item"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    match client.get_item("nope").await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.text, "no such item");
            assert_eq!(api.body, None, "the spec documents no error body");
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn the_default_server_comes_from_the_spec() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://inventory.example.com/v1");
}
