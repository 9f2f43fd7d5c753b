//! `pagination.rs`: following `nextToken` from page to page, as `Stream`s.
//! The generic part lives here once; each list operation adds two small
//! methods (`…_pages`, `…_stream`) that call it, emitted by `operations.rs`.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit() -> TokenStream {
    quote! {
        //! Following `nextToken` from page to page.

        use std::future::Future;

        use super::error::Error;

        /// What a page fetch yields: the page, and the token of the next one.
        type Fetched<P> = Result<(P, Option<String>), Error>;

        /// The pages `fetch` returns, from the one `first` names (`None`: the
        /// first page) to the last: the one without a next token. It also stops
        /// after an error, and when a page names itself as the next one (a
        /// server doing so would otherwise be asked for it forever).
        pub(crate) fn pages<P, F, Fut>(
            first: Option<String>,
            fetch: F,
        ) -> futures_util::stream::BoxStream<'static, Result<P, Error>>
        where
            P: Send + 'static,
            F: Fn(Option<String>) -> Fut + Send + 'static,
            Fut: Future<Output = Fetched<P>> + Send + 'static,
        {
            let start = (Some(first), fetch);
            let stream = futures_util::stream::try_unfold(start, |(token, fetch)| async move {
                let Some(token) = token else {
                    return Ok(None);
                };
                let (page, next) = fetch(token.clone()).await?;
                let next = next.filter(|next| !next.is_empty() && Some(next) != token.as_ref());
                Ok(Some((page, (next.map(Some), fetch))))
            });
            futures_util::StreamExt::boxed(stream)
        }

        /// The items of every page of `pages`, in order.
        pub(crate) fn items<P, T>(
            pages: futures_util::stream::BoxStream<'static, Result<P, Error>>,
            items_of: fn(P) -> Vec<T>,
        ) -> futures_util::stream::BoxStream<'static, Result<T, Error>>
        where
            P: Send + 'static,
            T: Send + 'static,
        {
            let pages = futures_util::TryStreamExt::map_ok(pages, move |page| {
                futures_util::stream::iter(items_of(page).into_iter().map(Ok))
            });
            futures_util::StreamExt::boxed(futures_util::TryStreamExt::try_flatten(pages))
        }
    }
}
