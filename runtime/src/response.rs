//! A typed answer together with its HTTP status and headers, for the calls that need them
//! (request ids, rate-limit counters, an envelope's other members), without changing the
//! common call: `client.op(..).await?` is the value, `client.op(..).with_response().await?`
//! is a [`Response`] around it.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::error::{Error, RawResponse};

/// Where the answer of the last request made inside a [`WithResponse`] is kept.
type Slot = Arc<Mutex<Option<RawResponse>>>;

tokio::task_local! {
    static LAST_ANSWER: Slot;
}

/// Keeps `response` for the [`WithResponse`] this request runs in, if any (otherwise nothing
/// is copied).
pub(crate) fn record(response: &RawResponse) {
    let _ = LAST_ANSWER.try_with(|slot| {
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(response.clone());
    });
}

/// A successful call's value and the answer it came from. Dereferences to the value.
#[derive(Debug, Clone)]
pub struct Response<T> {
    value: T,
    raw: RawResponse,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.raw.status
    }

    /// The answer's headers (credential headers are marked sensitive and never print).
    pub fn headers(&self) -> &HeaderMap {
        &self.raw.headers
    }

    /// One header as text, when present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.raw.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A member of the answer's top-level JSON object: what an envelope carries beside the
    /// result (a request count, an API version, a message).
    pub fn member(&self, name: &str) -> Option<Value> {
        let mut top: Value = serde_json::from_slice(&self.raw.body).ok()?;
        top.get_mut(name).map(Value::take)
    }

    /// The answer as it arrived: status, headers and body bytes.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The value and the answer.
    pub fn into_parts(self) -> (T, RawResponse) {
        (self.value, self.raw)
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// `.with_response()` on any client call: the value with its status and headers.
pub trait ResponseExt<T, E>: Future<Output = Result<T, Error<E>>> + Sized {
    /// The call's value together with the answer it was decoded from (the last answer, when
    /// the call made several requests: retries, a renewed token).
    fn with_response(self) -> WithResponse<Self> {
        let slot = Slot::default();
        WithResponse {
            inner: Box::pin(LAST_ANSWER.scope(slot.clone(), self)),
            slot,
        }
    }
}

impl<F, T, E> ResponseExt<T, E> for F where F: Future<Output = Result<T, Error<E>>> {}

/// The future [`ResponseExt::with_response`] returns.
#[must_use = "futures do nothing unless awaited"]
pub struct WithResponse<F: Future> {
    inner: Pin<Box<tokio::task::futures::TaskLocalFuture<Slot, F>>>,
    slot: Slot,
}

impl<F: Future> std::fmt::Debug for WithResponse<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithResponse").finish_non_exhaustive()
    }
}

impl<F, T, E> Future for WithResponse<F>
where
    F: Future<Output = Result<T, Error<E>>>,
{
    type Output = Result<Response<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let value = match self.inner.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result?,
        };
        let raw = self
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        Poll::Ready(match raw {
            Some(raw) => Ok(Response { value, raw }),
            None => Err(Error::Build {
                operation: "with_response",
                message: "the call finished without receiving an answer".to_owned(),
            }),
        })
    }
}
