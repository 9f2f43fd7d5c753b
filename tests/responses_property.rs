//! A seeded property test of the response policy: random deviations injected
//! into valid bodies of m3ter responses (a StatementJob, a CounterAdjustment,
//! pages of both) and of the `fixtures/operations.yaml` client (a `File`),
//! answered by wiremock, never make the client panic, and always end in a
//! decoded value or in `Error::Decode` naming a path that is in the body.
//! With `strict_responses`, a body the default client decodes with
//! deviations is refused, naming the first deviation's path.
//!
//! `RESPONSE_PROPERTY_CASES` (default 300) and `RESPONSE_PROPERTY_SEED`
//! (default 12) set the run:
//! `RESPONSE_PROPERTY_CASES=20000 cargo test -p m3ter-tests --test responses_property -- --nocapture`.

use std::sync::{Arc, Mutex};

use m3ter_tests::generative::rng::Rng;
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[allow(dead_code)]
#[path = "support.rs"]
mod support;
use support::*;

pub mod files {
    include!(concat!(env!("OUT_DIR"), "/operations.rs"));
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Every place in `value`, as the keys and indices that lead to it.
fn places(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                at.push(Step::Key(key.clone()));
                places(inner, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                at.push(Step::Index(index));
                places(inner, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// One random deviation at a random place of `body`.
fn mutate(body: &mut Value, rng: &mut Rng) -> String {
    let mut all = Vec::new();
    places(body, &mut Vec::new(), &mut all);
    let path = all[rng.below(all.len())].clone();
    let target = at_mut(body, &path);
    let what = rng.below(11);
    let old = target.take();
    *target = match what {
        0 => Value::Null,
        1 => json!("text"),
        2 => json!(17),
        3 => json!(-2.5),
        4 => json!(true),
        5 => json!({"unexpected": [1, "two"]}),
        6 => json!([old.clone()]),
        7 => match &old {
            Value::Number(n) => json!(n.to_string()),
            Value::Bool(b) => json!(b.to_string()),
            other => other.clone(),
        },
        8 => match &old {
            Value::Array(items) if !items.is_empty() => items[0].clone(),
            other => other.clone(),
        },
        9 => json!("2023-13-45T99:00:00Z"),
        _ => json!(9_223_372_036_854_775_807_u64 + 10),
    };
    if what == 10 && path.is_empty() {
        *target = old.clone();
    }
    // Sometimes take a key out instead.
    if rng.below(6) == 0 {
        if let Some((Step::Key(key), parent)) = path.split_last() {
            if let Some(object) = at_mut(body, parent).as_object_mut() {
                object.remove(key);
                return format!("removed {path:?}");
            }
        }
    }
    format!("{what} at {path:?}")
}

/// The body the server answers the next call with.
#[derive(Clone, Default)]
struct Next(Arc<Mutex<Vec<u8>>>);

impl Respond for Next {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_raw(self.0.lock().unwrap().clone(), "application/json")
    }
}

/// What a decode ended in, as far as the property is concerned.
enum Outcome {
    Decoded { deviation_paths: Vec<String> },
    Refused { path: String },
}

/// Whether `path` (`a.b[2].c`, or `.`) names a place in `body`: every step
/// but the last leads somewhere, and the last is a value there, or a key the
/// object there lacks (a required field left out).
fn names_a_place_in(path: &str, body: &Value) -> bool {
    if path == "." {
        return true;
    }
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, indices) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            match index.trim_end_matches(']').parse() {
                Ok(index) => steps.push(Step::Index(index)),
                Err(_) => return false,
            }
        }
    }
    let Some((last, parents)) = steps.split_last() else {
        return false;
    };
    let mut value = body;
    for step in parents {
        value = match (step, value) {
            (Step::Key(key), Value::Object(object)) => match object.get(key) {
                Some(inner) => inner,
                None => return false,
            },
            (Step::Index(index), Value::Array(items)) => match items.get(*index) {
                Some(inner) => inner,
                None => return false,
            },
            // One value where an array is declared is its own item 0.
            (Step::Index(0), other) => other,
            _ => return false,
        };
    }
    match (last, value) {
        (Step::Key(_), Value::Object(_)) => true,
        (Step::Index(index), Value::Array(items)) => *index < items.len(),
        (Step::Index(0), _) => true,
        _ => false,
    }
}

async fn m3ter_call(client: &m3ter::Client, kind: usize) -> Result<Vec<String>, m3ter::Error> {
    let (result, deviations) = match kind {
        0 => {
            let (r, d) = m3ter::collect_deviations(client.cancel_statement_job(JOB)).await;
            (r.map(drop), d)
        }
        1 => {
            let (r, d) = m3ter::collect_deviations(client.get_counter_adjustment(ADJUSTMENT)).await;
            (r.map(drop), d)
        }
        2 => {
            let (r, d) =
                m3ter::collect_deviations(client.list_statement_jobs(&Default::default())).await;
            (r.map(drop), d)
        }
        _ => {
            let (r, d) =
                m3ter::collect_deviations(client.list_counter_adjustments(&Default::default()))
                    .await;
            (r.map(drop), d)
        }
    };
    result.map(|()| deviations.into_iter().map(|d| d.path).collect())
}

fn m3ter_outcome(result: Result<Vec<String>, m3ter::Error>) -> Outcome {
    match result {
        Ok(deviation_paths) => Outcome::Decoded { deviation_paths },
        Err(m3ter::Error::Decode(error)) => Outcome::Refused { path: error.path },
        Err(other) => panic!("only a decode error may end the call: {other:?}"),
    }
}

async fn files_outcome(client: &files::Client) -> Outcome {
    let (result, deviations) = files::collect_deviations(client.rename_file("f1", None)).await;
    match result {
        Ok(_) => Outcome::Decoded {
            deviation_paths: deviations.into_iter().map(|d| d.path).collect(),
        },
        Err(files::Error::Decode(error)) => Outcome::Refused { path: error.path },
        Err(other) => panic!("only a decode error may end the call: {other:?}"),
    }
}

fn valid_bodies() -> Vec<Value> {
    vec![
        statement_job_body(),
        counter_adjustment_body(),
        json!({"data": [statement_job_body(), statement_job_body()], "nextToken": "n"}),
        json!({"data": [counter_adjustment_body()], "nextToken": "n"}),
        json!({"id": "f1", "name": "report.pdf", "kind": "document", "size": 42, "priority": -1, "visibility": 1}),
    ]
}

#[tokio::test]
async fn random_deviations_decode_or_name_their_path() {
    let cases = env_number("RESPONSE_PROPERTY_CASES", 300);
    let seed = env_number("RESPONSE_PROPERTY_SEED", 12);
    let mut rng = Rng::new(seed);
    let next = Next::default();
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(next.clone())
        .mount(&server)
        .await;
    let lenient = client_for(&server);
    let strict = builder_for(&server)
        .bearer_token(TOKEN)
        .strict_responses(true)
        .build()
        .unwrap();
    let build_files = |strict: bool| {
        files::Client::builder()
            .base_url(server.uri())
            .strict_responses(strict)
            .build()
            .unwrap()
    };
    let (files_lenient, files_strict) = (build_files(false), build_files(true));
    let bases = valid_bodies();
    let (mut decoded, mut with_deviations, mut refused) = (0, 0, 0);

    for case in 0..cases {
        let kind = rng.below(bases.len());
        let mut body = bases[kind].clone();
        let mutations: Vec<String> = (0..1 + rng.below(3))
            .map(|_| mutate(&mut body, &mut rng))
            .collect();
        *next.0.lock().unwrap() = serde_json::to_vec(&body).unwrap();
        let context = format!("case {case} (seed {seed}): {mutations:?}\n{body:#}");

        let (outcome, strict_outcome) = if kind == 4 {
            (
                files_outcome(&files_lenient).await,
                files_outcome(&files_strict).await,
            )
        } else {
            (
                m3ter_outcome(m3ter_call(&lenient, kind).await),
                m3ter_outcome(m3ter_call(&strict, kind).await),
            )
        };
        match (&outcome, &strict_outcome) {
            (Outcome::Decoded { deviation_paths }, Outcome::Decoded { .. }) => {
                assert!(
                    deviation_paths.is_empty(),
                    "strict accepts only a faithful body: {context}"
                );
                decoded += 1;
            }
            (Outcome::Decoded { deviation_paths }, Outcome::Refused { path }) => {
                assert!(
                    !deviation_paths.is_empty(),
                    "strict refuses a deviation: {context}"
                );
                assert_eq!(path, &deviation_paths[0], "{context}");
                for path in deviation_paths {
                    assert!(
                        names_a_place_in(path, &body),
                        "deviation at `{path}`: {context}"
                    );
                }
                with_deviations += 1;
            }
            (Outcome::Refused { path }, Outcome::Refused { path: strict_path }) => {
                assert!(
                    names_a_place_in(path, &body),
                    "error at `{path}`: {context}"
                );
                assert!(names_a_place_in(strict_path, &body), "{context}");
                refused += 1;
            }
            (Outcome::Refused { path }, Outcome::Decoded { .. }) => {
                panic!("strict decodes what the default refuses (at `{path}`): {context}")
            }
        }
    }
    println!(
        "{cases} cases (seed {seed}): {decoded} decoded as is, {with_deviations} decoded \
         with deviations, {refused} refused with a path"
    );
    assert!(
        with_deviations > 0 && refused > 0,
        "the mutations reach both outcomes"
    );
}
