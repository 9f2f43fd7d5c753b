//! `pagination.rs`: following `nextToken` from page to page, as `Stream`s.
//! The generic part lives here once; each list operation adds two small
//! methods (`…_pages`, `…_stream`) that call it, emitted by `operations.rs`.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit() -> TokenStream {
    quote! {
        //! Following `nextToken` from page to page.

        use super::error::Error;

        /// What a page fetch yields: the page, and the token of the next one.
        type Fetched<P> = ::std::result::Result<(P, ::std::option::Option<::std::string::String>), Error>;

        /// The pages `fetch` returns, from the one `first` names (`None`: the
        /// first page) to the last: the one without a next token. It also stops
        /// after an error, and when a page names itself as the next one (a
        /// server doing so would otherwise be asked for it forever).
        pub(crate) fn pages<P, F, Fut>(
            first: ::std::option::Option<::std::string::String>,
            fetch: F,
        ) -> ::futures_util::stream::BoxStream<'static, ::std::result::Result<P, Error>>
        where
            P: ::std::marker::Send + 'static,
            F: ::std::ops::Fn(::std::option::Option<::std::string::String>) -> Fut + ::std::marker::Send + 'static,
            Fut: ::std::future::Future<Output = Fetched<P>> + ::std::marker::Send + 'static,
        {
            let start = (::std::option::Option::Some(first), fetch);
            let stream = ::futures_util::stream::try_unfold(start, |(token, fetch)| async move {
                let ::std::option::Option::Some(token) = token else {
                    return ::std::result::Result::Ok(::std::option::Option::None);
                };
                let (page, next) = fetch(token.clone()).await?;
                let next = next.filter(|next| !next.is_empty() && ::std::option::Option::Some(next) != token.as_ref());
                ::std::result::Result::Ok(::std::option::Option::Some((page, (next.map(::std::option::Option::Some), fetch))))
            });
            ::futures_util::StreamExt::boxed(stream)
        }

        /// The items of every page of `pages`, in order.
        pub(crate) fn items<P, T>(
            pages: ::futures_util::stream::BoxStream<'static, ::std::result::Result<P, Error>>,
            items_of: fn(P) -> ::std::vec::Vec<T>,
        ) -> ::futures_util::stream::BoxStream<'static, ::std::result::Result<T, Error>>
        where
            P: ::std::marker::Send + 'static,
            T: ::std::marker::Send + 'static,
        {
            let pages = ::futures_util::TryStreamExt::map_ok(pages, move |page| {
                ::futures_util::stream::iter(items_of(page).into_iter().map(::std::result::Result::Ok))
            });
            ::futures_util::StreamExt::boxed(::futures_util::TryStreamExt::try_flatten(pages))
        }
    }
}
