//! `transport.rs`: sending a request, again when the failure is worth a
//! retry, with exponential backoff and jitter, honouring the server's
//! `retry-after-ms`, `Retry-After` and `x-should-retry` headers.
//!
//! The policy follows m3ter's official SDKs (which set the bar the client
//! must meet): 2 retries; connection errors, timeouts, 408, 409, 429 and 5xx
//! are retried; a delay the server asks for is honoured when it is at most
//! 60 s; otherwise 0.5 s doubling up to 8 s, minus up to 25% jitter. The
//! delays are builder settings so that tests can use milliseconds.
//!
//! The module is the same for every spec; it only depends on `error.rs`.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit() -> TokenStream {
    let policy = policy();
    let send = send();
    let outcomes = outcomes();
    let delays = delays();
    quote! {
        //! Sending requests: timeouts, retries with backoff, and reading responses.

        use std::collections::hash_map::RandomState;
        use std::hash::BuildHasher;
        use std::time::{Duration, SystemTime, UNIX_EPOCH};

        use super::error::Error;

        /// `User-Agent` of every request: this crate's name and version.
        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// The longest delay a server may ask for before a retry; a longer one
        /// is ignored in favour of the client's own backoff.
        const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

        #policy
        #send
        #outcomes
        #delays
    }
}

fn policy() -> TokenStream {
    quote! {
        /// How often and how long to wait before sending a request again.
        #[derive(Clone, Debug)]
        pub(crate) struct RetryPolicy {
            /// Retries after the first attempt.
            pub(crate) max_retries: u32,
            /// The delay before the first retry; it doubles with each retry.
            pub(crate) initial_backoff: Duration,
            /// The longest delay between two attempts.
            pub(crate) max_backoff: Duration,
        }

        impl RetryPolicy {
            /// The delay before retry number `retries + 1`: doubling from
            /// `initial_backoff` up to `max_backoff`, minus up to 25% at random so
            /// that clients throttled together do not retry together.
            fn backoff(&self, retries: u32) -> Duration {
                let factor = 2_u32.saturating_pow(retries);
                let delay = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
                Duration::try_from_secs_f64(delay.as_secs_f64() * (1.0 - 0.25 * jitter()))
                    .unwrap_or(delay)
            }
        }

        /// A number in `[0, 1)` that differs from call to call. Each
        /// `RandomState` is seeded with fresh random keys, so hashing a constant
        /// with a new one yields a new value: enough for jitter, and no extra
        /// dependency.
        fn jitter() -> f64 {
            let bits = BuildHasher::hash_one(&RandomState::new(), 0_u8);
            (bits >> 11) as f64 / (1_u64 << 53) as f64
        }

        /// The bounds a client holds its requests and responses to.
        #[derive(Clone, Debug)]
        pub(crate) struct Limits {
            /// The largest response body read; a larger one is an error.
            pub(crate) max_response_bytes: u64,
            /// How many requests may be in flight at once; more wait for a turn.
            pub(crate) max_concurrent_requests: usize,
        }

        /// A response as received: status, headers and the whole body.
        pub(crate) struct Received {
            pub(crate) status: reqwest::StatusCode,
            pub(crate) headers: reqwest::header::HeaderMap,
            pub(crate) body: Vec<u8>,
        }
    }
}

/// `Transport`: the HTTP client and the retry loop.
fn send() -> TokenStream {
    quote! {
        /// The HTTP client and the policies every request goes through.
        #[derive(Debug)]
        pub(crate) struct Transport {
            http: reqwest::Client,
            retry: RetryPolicy,
            /// The largest response body read.
            max_response_bytes: u64,
            /// One permit per request in flight (from sending to the end of its
            /// body), which bounds the connections a client opens at once.
            permits: tokio::sync::Semaphore,
        }

        impl Transport {
            pub(crate) fn new(http: reqwest::Client, retry: RetryPolicy, limits: Limits) -> Self {
                let permits = limits
                    .max_concurrent_requests
                    .clamp(1, tokio::sync::Semaphore::MAX_PERMITS);
                Self {
                    http,
                    retry,
                    max_response_bytes: limits.max_response_bytes,
                    permits: tokio::sync::Semaphore::new(permits),
                }
            }

            /// The underlying HTTP client, to start a request with.
            pub(crate) fn http(&self) -> &reqwest::Client {
                &self.http
            }

            /// Sends the request `build` makes, and again (a new one from
            /// `build`) after each failure worth a retry, until an answer that is
            /// final or until the retries run out. Answers of any status are
            /// returned; only a request that got no answer is an error.
            ///
            /// Each attempt holds a permit while it is in flight (not while it
            /// waits to be retried); dropping the future mid-flight gives the
            /// permit and the connection back.
            pub(crate) async fn send(
                &self,
                build: impl Fn() -> reqwest::RequestBuilder,
            ) -> Result<Received, Error> {
                let mut retries = 0;
                loop {
                    let request = build().header(reqwest::header::USER_AGENT, USER_AGENT);
                    let outcome = {
                        // The semaphore is never closed, so a permit always comes.
                        let _permit = self.permits.acquire().await.ok();
                        receive(request, self.max_response_bytes).await
                    };
                    match self.retry_delay(&outcome, retries) {
                        Some(delay) => {
                            tokio::time::sleep(delay).await;
                            retries += 1;
                        }
                        None => return outcome.map_err(Failure::into_error),
                    }
                }
            }

            /// How long to wait before retrying, or `None` if the outcome is final.
            fn retry_delay(
                &self,
                outcome: &Result<Received, Failure>,
                retries: u32,
            ) -> Option<Duration> {
                if retries >= self.retry.max_retries {
                    return None;
                }
                match outcome {
                    Ok(received) => should_retry(received)
                        .then(|| server_delay(&received.headers).unwrap_or_else(|| self.retry.backoff(retries))),
                    Err(Failure::Http(error)) => is_retryable(error).then(|| self.retry.backoff(retries)),
                    Err(Failure::TooLarge { .. }) => None,
                }
            }
        }
    }
}

/// Reading an answer, and deciding whether a failure is worth a retry.
fn outcomes() -> TokenStream {
    quote! {
        /// An attempt that got no usable answer.
        enum Failure {
            /// No answer, or a broken one.
            Http(reqwest::Error),
            /// A body over the limit; never retried.
            TooLarge { limit: u64, length: Option<u64> },
        }

        impl Failure {
            /// The error of a final failure: a timeout, any other transport error,
            /// or a body too large.
            fn into_error(self) -> Error {
                match self {
                    Failure::Http(error) if error.is_timeout() => Error::Timeout(error),
                    Failure::Http(error) => Error::Transport(error),
                    Failure::TooLarge { limit, length } => Error::ResponseTooLarge { limit, length },
                }
            }
        }

        /// Sends `request` and reads the answer's body, refusing one of more
        /// than `limit` bytes: by its `Content-Length` before reading it, and
        /// while reading one of unknown length.
        async fn receive(request: reqwest::RequestBuilder, limit: u64) -> Result<Received, Failure> {
            let mut response = request.send().await.map_err(Failure::Http)?;
            if let Some(length) = response.content_length().filter(|&length| length > limit) {
                return Err(Failure::TooLarge { limit, length: Some(length) });
            }
            let status = response.status();
            let headers = response.headers().clone();
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(Failure::Http)? {
                if (body.len() + chunk.len()) as u64 > limit {
                    return Err(Failure::TooLarge { limit, length: None });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Received { status, headers, body })
        }

        /// Connection errors, timeouts and broken responses are retried; a
        /// request that could not even be built, or a redirect loop, is not.
        fn is_retryable(error: &reqwest::Error) -> bool {
            !error.is_builder() && !error.is_redirect()
        }

        /// `x-should-retry: true|false` decides when present; otherwise 408, 409,
        /// 429 and 5xx are retried, and no other status.
        fn should_retry(received: &Received) -> bool {
            if received.status.is_success() {
                return false;
            }
            match header_text(&received.headers, "x-should-retry") {
                Some("true") => return true,
                Some("false") => return false,
                _ => {}
            }
            let status = received.status.as_u16();
            matches!(status, 408 | 409 | 429) || status >= 500
        }
    }
}

fn delays() -> TokenStream {
    quote! {
        fn header_text<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> Option<&'a str> {
            headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim)
        }

        /// The delay the server asks for: `retry-after-ms` (milliseconds), else
        /// `Retry-After` (seconds or an HTTP date), when it is 0 to 60 s.
        fn server_delay(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
            let milliseconds = header_text(headers, "retry-after-ms")
                .and_then(|text| text.parse::<f64>().ok())
                .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok());
            let delay = milliseconds.or_else(|| header_text(headers, "retry-after").and_then(retry_after))?;
            (delay <= MAX_SERVER_DELAY).then_some(delay)
        }

        /// `Retry-After`: a number of seconds, or an HTTP date (a date in the
        /// past gives no delay of the server's, so the backoff applies).
        fn retry_after(text: &str) -> Option<Duration> {
            if let Ok(seconds) = text.parse::<f64>() {
                return Duration::try_from_secs_f64(seconds).ok();
            }
            let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
            let at = UNIX_EPOCH
                .checked_add(Duration::from_secs(u64::try_from(date.timestamp()).ok()?))?;
            at.duration_since(SystemTime::now()).ok()
        }
    }
}
