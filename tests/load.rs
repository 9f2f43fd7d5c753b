//! The m3ter client under load, against wiremock through a proxy that counts
//! connections: 500 concurrent calls on one client (its clones and
//! `with_org_id` copies) make one token request and open a bounded number of
//! connections; a storm of 429 answers ends within the retry budget; calls
//! dropped mid-flight leave the token cache and the connections usable; a
//! body of unknown length over the limit is cut off.
//!
//! Sized to run in seconds. `cargo test -p m3ter-tests --test load --
//! --nocapture` prints the figures (calls per second, peak connections,
//! memory).

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use m3ter::{Client, ClientBuilder, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

const CALLS: usize = 500;

/// A TCP proxy in front of `upstream` that counts the connections open at
/// once.
struct Proxy {
    url: String,
    peak: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
}

async fn proxy(upstream: &MockServer) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let upstream = *upstream.address();
    let (open, peak, total) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    let (peak_seen, total_seen) = (peak.clone(), total.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let (open, peak, total) = (open.clone(), peak.clone(), total.clone());
            tokio::spawn(async move {
                let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                total.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    Proxy {
        url,
        peak: peak_seen,
        total: total_seen,
    }
}

/// `VmRSS` and `VmHWM` of this process in MiB, where `/proc` has them.
fn memory_mib() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|line| line.starts_with(name))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(url)
        .org_id(ORG)
        .credentials(API_KEY, API_SECRET)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(4))
}

/// Runs `CALLS` calls at once, a third through clones, a third through
/// `with_org_id` copies, a third through the client itself; each call asks
/// for its own job id.
async fn five_hundred_calls(client: &Client) -> Vec<Result<(), Error>> {
    let client = Arc::new(client.clone());
    let tasks: Vec<_> = (0..CALLS)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let id = format!("job-{i}");
                let result = match i % 3 {
                    0 => client.as_ref().clone().get_statement_job(&id).await,
                    1 => client.with_org_id("org-2").get_statement_job(&id).await,
                    _ => client.get_statement_job(&id).await,
                };
                result.map(|job| assert_eq!(job.id, JOB))
            })
        })
        .collect();
    let mut results = Vec::with_capacity(CALLS);
    for task in tasks {
        results.push(task.await.expect("no call panics"));
    }
    results
}

/// Drops the mock server at the start of a fresh poll of the test's task.
/// Its `Drop` verifies the mocks by blocking on a tokio lock, and once a
/// test has spent tokio's cooperative budget on hundreds of awaits, every
/// poll of that lock answers "not yet, yield first": dropped there, the
/// server would spin forever. A yield gives the task a fresh budget.
async fn drop_server(server: MockServer) {
    tokio::task::yield_now().await;
    drop(server);
}

fn report(name: &str, started: Instant, proxy: &Proxy, requests: usize) {
    let elapsed = started.elapsed();
    let memory = memory_mib()
        .map(|(rss, hwm)| format!("RSS {rss:.1} MiB, peak RSS {hwm:.1} MiB"))
        .unwrap_or_else(|| "memory not measurable here".into());
    println!(
        "{name}: {CALLS} calls in {:.0} ms = {:.0} calls/s; {requests} requests; \
         peak {} connections open at once, {} opened in all; {memory}",
        elapsed.as_secs_f64() * 1000.0,
        CALLS as f64 / elapsed.as_secs_f64(),
        proxy.peak.load(Ordering::SeqCst),
        proxy.total.load(Ordering::SeqCst),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_calls_share_one_token_and_a_bounded_pool() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        // A slow token endpoint: every call is waiting for the token at once.
        .respond_with(token_response(TOKEN, 18_000).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(
            r"^/organizations/org-[12]/statementjobs/job-\d+$",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(statement_job_body())
                // Long enough for the calls to overlap.
                .set_delay(Duration::from_millis(50)),
        )
        .mount(&server)
        .await;
    let proxy = proxy(&server).await;
    let client = builder(&proxy.url).build().unwrap();

    let started = Instant::now();
    let results = five_hundred_calls(&client).await;
    report(
        "500 concurrent calls",
        started,
        &proxy,
        received(&server).await.len(),
    );

    assert!(results.iter().all(Result::is_ok), "every call is answered");
    assert_eq!(
        received_at(&server, TOKEN_PATH).await.len(),
        1,
        "one token request"
    );
    assert_eq!(received_at(&server, "/organizations/").await.len(), CALLS);
    let peak = proxy.peak.load(Ordering::SeqCst);
    // A connection goes back to the pool a moment after its request's turn
    // ends, so the next request may open another meanwhile: a little slack
    // over the bound on requests in flight (64 to 76 in the README's runs;
    // without the bound, 371 for the same calls).
    let bound = ClientBuilder::DEFAULT_MAX_CONCURRENT_REQUESTS;
    assert!(peak <= bound + bound / 2, "{peak} connections at once");
    drop_server(server).await;
}

/// Answers 429 (`Retry-After: 0`) the first time a job is asked for when its
/// number is a multiple of 4, and the job otherwise.
struct Storm(Mutex<HashSet<String>>);

impl Respond for Storm {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().to_string();
        let number: usize = path.rsplit('-').next().unwrap().parse().unwrap();
        if number.is_multiple_of(4) && self.0.lock().unwrap().insert(path) {
            return ResponseTemplate::new(429).insert_header("retry-after", "0");
        }
        ResponseTemplate::new(200).set_body_json(statement_job_body())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_429_answers_ends_within_the_retry_budget() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TOKEN).await;
    Mock::given(method("GET"))
        .and(path_regex(
            r"^/organizations/org-[12]/statementjobs/job-\d+$",
        ))
        .respond_with(Storm(Mutex::new(HashSet::new())))
        .mount(&server)
        .await;
    let proxy = proxy(&server).await;
    let client = builder(&proxy.url).build().unwrap();

    let started = Instant::now();
    let results = five_hundred_calls(&client).await;
    let requests = received_at(&server, "/organizations/").await;
    report(
        "500 calls, 1 in 4 answered 429 first",
        started,
        &proxy,
        requests.len(),
    );

    assert!(results.iter().all(Result::is_ok), "every call ends well");
    assert_eq!(requests.len(), CALLS + CALLS.div_ceil(4), "one retry each");
    assert_eq!(received_at(&server, TOKEN_PATH).await.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(20));
    drop_server(server).await;
}

#[tokio::test]
async fn a_token_fetch_dropped_mid_flight_leaves_the_cache_usable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_response(TOKEN, 18_000).set_delay(Duration::from_secs(5)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_token_endpoint(&server, TOKEN_2).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    let client = oauth_client_for(&server);

    let dropped = tokio::time::timeout(Duration::from_millis(200), client.get_statement_job(JOB));
    assert!(
        dropped.await.is_err(),
        "the call is dropped while it waits for a token"
    );

    let calls = async {
        client.get_statement_job(JOB).await.unwrap();
        client
            .with_org_id("org-2")
            .get_statement_job(JOB)
            .await
            .unwrap();
    };
    tokio::time::timeout(Duration::from_secs(3), calls)
        .await
        .expect("the next calls neither wait for the dropped fetch nor fail");
    assert_eq!(
        received_at(&server, TOKEN_PATH).await.len(),
        2,
        "one fetch was dropped, the next one is cached"
    );
    let api = received_at(&server, "/organizations/").await;
    assert!(api
        .iter()
        .all(|request| authorization(request) == Some(format!("Bearer {TOKEN_2}").as_str())));
    drop_server(server).await;
}

#[tokio::test]
async fn a_call_dropped_mid_flight_gives_its_turn_and_connection_back() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(statement_job_body())
                .set_delay(Duration::from_secs(5)),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(statement_job_body()))
        .mount(&server)
        .await;
    // One request in flight at a time: a turn the dropped call kept would
    // stop every later call.
    let client = builder_for(&server)
        .bearer_token(TOKEN)
        .max_concurrent_requests(1)
        .build()
        .unwrap();

    let slow = client.get_statement_job(JOB);
    let fast = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        "gave up"
    };
    tokio::select! {
        _ = slow => panic!("the slow call cannot win"),
        outcome = fast => assert_eq!(outcome, "gave up"),
    }
    tokio::time::timeout(Duration::from_secs(3), async {
        for _ in 0..3 {
            client.get_statement_job(JOB).await.unwrap();
        }
    })
    .await
    .expect("later calls get their turn");
    drop_server(server).await;
}

/// A server answering one request with a chunked body (no
/// `Content-Length`) of `chunks` chunks of 64 KiB, for as long as the
/// client reads.
async fn chunked_server(chunks: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0_u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).await.unwrap();
            if read == 0 {
                return;
            }
            request.extend_from_slice(&buffer[..read]);
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
        for _ in 0..chunks {
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                return; // the client stopped reading
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    });
    url
}

#[tokio::test]
async fn a_body_of_unknown_length_is_cut_off_at_the_limit() {
    // 256 MiB on offer; the client stops after 1 MiB.
    let url = chunked_server(4096).await;
    let client = Client::builder()
        .base_url(url)
        .org_id(ORG)
        .bearer_token(TOKEN)
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    let before = memory_mib();
    let started = Instant::now();
    let error = client.get_statement_job(JOB).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                limit: 1_048_576,
                length: None
            }
        ),
        "{error:?}"
    );
    if let (Some((before, _)), Some((after, _))) = (before, memory_mib()) {
        println!(
            "a 256 MiB body refused after 1 MiB in {:.0} ms; RSS {before:.1} → {after:.1} MiB",
            started.elapsed().as_secs_f64() * 1000.0
        );
        assert!(
            after - before < 64.0,
            "the body was not read: {before} → {after} MiB"
        );
    }
}
