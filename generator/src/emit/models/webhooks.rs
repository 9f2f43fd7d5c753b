//! The webhooks' enum of a 3.1 spec: one variant per event, holding its
//! payload, and `decode`, how a server that receives them reads a request
//! body by the name of its event.

use crate::emit::docs::{doc_attrs, own_doc};
use crate::emit::{allow_type_complexity, ident, type_complexity, type_tokens, Scope};
use crate::ir::{Ir, TypeDef, WebhooksDef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(ir: &Ir, def: &TypeDef, webhooks: &WebhooksDef) -> TokenStream {
    let doc = own_doc(
        "The API's webhooks: the requests it sends, one variant per event, each with its payload. A server that receives them decodes each request body with [`Self::decode`], by the name of its event.",
    );
    let name = ident(&def.name);
    let other = ident(&webhooks.other_variant);
    let variants = webhooks.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let event = v.event.escape_debug().to_string().replace('`', "'");
        let summary = match &v.doc {
            Some(doc) => format!("`{event}`: {doc}"),
            None => format!("`{event}`"),
        };
        let doc = doc_attrs(Some(&summary));
        match &v.payload {
            Some(payload) => {
                let complex = allow_type_complexity(type_complexity(payload, 1));
                let payload = type_tokens(ir, payload, Scope::Models);
                quote!(#doc #complex #variant(#payload),)
            }
            None => quote!(#doc #variant,),
        }
    });
    let other_doc = own_doc(
        "An event this version of the client does not know, with its body as JSON (`null` when empty).",
    );
    let methods = methods(&name, webhooks);
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other {
                /// The event's name.
                event: ::std::string::String,
                /// The request body.
                body: ::serde_json::Value,
            },
        }

        #methods
    }
}

/// `EVENTS`, `decode` and `event`.
fn methods(name: &proc_macro2::Ident, webhooks: &WebhooksDef) -> TokenStream {
    let other = ident(&webhooks.other_variant);
    let decode_arms = webhooks.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let event = &v.event;
        match &v.payload {
            Some(_) => quote!(#event => ::serde_json::from_slice(body).map(Self::#variant),),
            None => quote!(#event => ::std::result::Result::Ok(Self::#variant),),
        }
    });
    let event_arms = webhooks.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let event = &v.event;
        match &v.payload {
            Some(_) => quote!(Self::#variant(_) => #event,),
            None => quote!(Self::#variant => #event,),
        }
    });
    let events = webhooks.variants.iter().map(|v| &v.event);
    quote! {
        impl #name {
            /// The names of the events the spec documents.
            pub const EVENTS: &'static [&'static str] = &[#(#events),*];

            /// Decodes the body of an incoming webhook request, by the name of
            /// its event as the spec writes it (a key of its `webhooks`): how a
            /// server built with this crate receives the API's webhooks. The
            /// event's name comes from where the server receives it (the URL
            /// it registered for the event, or a header the API sends).
            pub fn decode(
                event: &str,
                body: &[u8],
            ) -> ::std::result::Result<Self, ::serde_json::Error> {
                match event {
                    #(#decode_arms)*
                    _ => {
                        let body = if body.is_empty() {
                            ::serde_json::Value::Null
                        } else {
                            ::serde_json::from_slice(body)?
                        };
                        ::std::result::Result::Ok(Self::#other {
                            event: ::std::string::String::from(event),
                            body,
                        })
                    }
                }
            }

            /// The name of the event, as the spec writes it.
            pub fn event(&self) -> &str {
                match self {
                    #(#event_arms)*
                    Self::#other { event, .. } => event,
                }
            }
        }
    }
}
