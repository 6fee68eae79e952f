//! Walking every page of a list (a spec's `x-pagination`): by page number, or by the token
//! each answer gives for the next page.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{Stream, TryStreamExt, stream};
use serde::Serialize;
use serde_json::Value;

/// How an operation's pages are walked: where the page number goes and what a page holds.
#[derive(Debug, Clone, Copy)]
pub struct Pages<Q, A, T> {
    /// The first page's number.
    pub first_page: i64,
    /// The rows a full page holds (0 when unknown).
    pub page_size: u64,
    /// Writes a page number into the query.
    pub set_page: fn(&mut Q, i64),
    /// A page's rows and, when the answer says it, the total number of rows.
    pub rows: fn(A) -> (Vec<T>, Option<u64>),
}

/// Every row of every page, fetched as it is read: each row, or the error that ends the walk.
///
/// Read it with its own methods ([`Rows::next`], [`Rows::try_collect`]); no trait import is
/// needed. It is also a [`futures_util::Stream`], for combinators from `futures`.
#[must_use = "a walk fetches nothing until it is read"]
pub struct Rows<'a, T, E> {
    stream: Pin<Box<dyn Stream<Item = Result<T, E>> + Send + 'a>>,
}

impl<'a, T, E> Rows<'a, T, E> {
    /// The rows of any stream of results (a walk of your own, or a test double).
    pub fn new(stream: impl Stream<Item = Result<T, E>> + Send + 'a) -> Self {
        Rows {
            stream: Box::pin(stream),
        }
    }

    /// The next row, fetching the next page when this one is used up; `None` after the last
    /// row, and after an error (which ends the walk).
    pub async fn next(&mut self) -> Option<Result<T, E>> {
        std::future::poll_fn(|cx| self.stream.as_mut().poll_next(cx)).await
    }

    /// Every row, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut rows = Vec::new();
        while let Some(row) = self.next().await {
            rows.push(row?);
        }
        Ok(rows)
    }
}

impl<T, E> Stream for Rows<'_, T, E> {
    type Item = Result<T, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.stream.size_hint()
    }
}

impl<T, E> std::fmt::Debug for Rows<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rows")
    }
}

impl<Q: Clone, A, T> Pages<Q, A, T> {
    /// Every row of every page from the first: `fetch` sends one page's query (a copy of
    /// `query` with the page number set). The walk stops after the last page: a short or empty
    /// page, or all the rows the total announced.
    pub fn walk<'a, E, Fut>(self, query: Q, fetch: impl Fn(Q) -> Fut + Send + 'a) -> Rows<'a, T, E>
    where
        Q: Send + 'a,
        A: 'a,
        T: Send + 'a,
        E: Send + 'a,
        Fut: Future<Output = Result<A, E>> + Send + 'a,
    {
        let start = (query, self.first_page, 0_u64, false);
        let rows = stream::try_unfold(start, move |(mut query, page, seen, done)| {
            (self.set_page)(&mut query, page);
            let fetched = (!done).then(|| fetch(query.clone()));
            async move {
                let Some(fetched) = fetched else {
                    return Ok(None);
                };
                let (rows, total) = (self.rows)(fetched.await?);
                let seen = seen + rows.len() as u64;
                let more = has_more(rows.len(), self.page_size, seen, total);
                Ok(Some((rows, (query, page + 1, seen, !more))))
            }
        })
        .map_ok(|rows| stream::iter(rows.into_iter().map(Ok)))
        .try_flatten();
        Rows::new(rows)
    }
}

/// How an operation's pages are walked when each answer names the next page: a token (or
/// cursor) that the next request sends back.
#[derive(Debug, Clone, Copy)]
pub struct Tokens<A, T> {
    /// A page's rows and the next page's token; `None` or an empty token ends the walk.
    pub rows: fn(A) -> (Vec<T>, Option<String>),
}

impl<A, T> Tokens<A, T> {
    /// Every row of every page from the first: `fetch` sends one page's request with the token
    /// (`None` for the first page). The walk stops after a page without a next token, and after
    /// a page whose token was already sent, so a server that repeats itself cannot loop it.
    pub fn walk<'a, E, Fut>(
        self,
        fetch: impl Fn(Option<String>) -> Fut + Send + 'a,
    ) -> Rows<'a, T, E>
    where
        A: 'a,
        T: Send + 'a,
        E: Send + 'a,
        Fut: Future<Output = Result<A, E>> + Send + 'a,
    {
        // The state is the next request's token and every token sent; `None` once done.
        let start = Some((None, HashSet::new()));
        let rows = stream::try_unfold(
            start,
            move |state: Option<(Option<String>, HashSet<String>)>| {
                let fetched = state.map(|(token, seen)| (fetch(token.clone()), token, seen));
                async move {
                    let Some((fetched, token, mut seen)) = fetched else {
                        return Ok(None);
                    };
                    let (rows, next) = (self.rows)(fetched.await?);
                    seen.extend(token);
                    let next = next.filter(|t| !t.is_empty() && !seen.contains(t));
                    Ok(Some((rows, next.map(|t| (Some(t), seen)))))
                }
            },
        )
        .map_ok(|rows| stream::iter(rows.into_iter().map(Ok)))
        .try_flatten();
        Rows::new(rows)
    }
}

/// A count as the vendor sends it (a number, or a string of digits) as a number.
pub fn count<T: Serialize>(value: &T) -> Option<u64> {
    match serde_json::to_value(value).ok()? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Whether another page follows: the page was full and, when the total is known, not all
/// rows have been seen.
pub fn has_more(rows_on_page: usize, page_size: u64, seen: u64, total: Option<u64>) -> bool {
    let full = page_size > 0 && rows_on_page as u64 >= page_size;
    match total {
        Some(total) => rows_on_page > 0 && seen < total,
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_stopping() {
        assert_eq!(count(&"42"), Some(42));
        assert_eq!(count(&7_i64), Some(7));
        assert_eq!(count(&"x"), None);
        assert!(has_more(20, 20, 20, Some(45)));
        assert!(!has_more(5, 20, 45, Some(45)));
        assert!(
            !has_more(0, 20, 40, Some(45)),
            "an empty page ends the walk even if total disagrees"
        );
        assert!(has_more(20, 20, 20, None));
        assert!(!has_more(19, 20, 19, None));
    }

    /// Serves `pages` by token: the first page for no token, then the page the token names.
    async fn walk_tokens(pages: &[(&[u8], Option<&str>)]) -> (Vec<u8>, Vec<Option<String>>) {
        let sent = std::sync::Mutex::new(Vec::new());
        let walk = Tokens {
            rows: |page: (Vec<u8>, Option<String>)| page,
        }
        .walk(|token: Option<String>| {
            sent.lock().unwrap().push(token.clone());
            let index = token.map_or(0, |t| t.parse::<usize>().unwrap());
            let (rows, next) = pages[index];
            async move { Ok::<_, ()>((rows.to_vec(), next.map(str::to_owned))) }
        });
        let rows: Vec<u8> = walk.try_collect().await.unwrap();
        let sent = sent.into_inner().unwrap();
        (rows, sent)
    }

    #[tokio::test]
    async fn token_walk_follows_tokens_until_none_or_empty_or_repeated() {
        let (rows, sent) =
            walk_tokens(&[(&[1, 2], Some("1")), (&[], Some("2")), (&[3], Some(""))]).await;
        assert_eq!(
            rows,
            [1, 2, 3],
            "an empty page with a token does not end the walk"
        );
        assert_eq!(sent, [None, Some("1".into()), Some("2".into())]);

        let (rows, sent) = walk_tokens(&[(&[1], Some("1")), (&[2], Some("1"))]).await;
        assert_eq!(
            rows,
            [1, 2],
            "a repeated token ends the walk after its page"
        );
        assert_eq!(sent.len(), 2);

        let (rows, sent) = walk_tokens(&[(&[7], None)]).await;
        assert_eq!((rows, sent), (vec![7], vec![None]));
    }
}
