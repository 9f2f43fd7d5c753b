//! `examples/<crate>.rs`: a command-line program over the client, one
//! command per operation that can be called with positional string
//! arguments alone (its path parameters; no required query parameter or
//! body). Configured only from the environment (`Client::from_env`), it
//! prints the answer on stdout and exits 0, or prints the error on stderr
//! and exits 1 (2 for a wrong command line). The answer is printed as JSON
//! where every answer implements `Serialize` (`--extra-derive
//! serde::Serialize`), and with `Debug` otherwise: by default the types
//! only responses carry implement `Deserialize` alone.
//!
//! Generated rather than written by hand, so it follows the spec and the
//! stale check covers it.

use super::analysis::Analysis;
use super::docs::{crate_doc, sanitize};
use super::{ident, EmitContext};
use crate::ir::features::FULL;
use crate::ir::serde_impls::Directions;
use crate::ir::{Operation, ResponseBody, TypeKind, TypeRef};
use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

/// One command of the program.
struct Command<'a> {
    name: String,
    op: &'a Operation,
    /// The operation's `#[cfg(..)]`, with features per tag.
    cfg: TokenStream,
    /// The wire names of its positional arguments.
    arguments: Vec<&'a str>,
}

/// The program, unless no operation makes a command.
pub fn emit(cx: &EmitContext, analysis: &Analysis) -> Option<TokenStream> {
    let lib = lib_path(cx);
    let commands: Vec<Command> = cx
        .ir
        .operations
        .iter()
        .enumerate()
        .filter_map(|(index, op)| command(cx, op, cx.gates.of_operation(index)))
        .collect();
    if commands.is_empty() {
        return None;
    }
    let program = cx.crate_name;
    let usage = usage(program, &commands);
    let output = Output::of(cx);
    let docs = crate_doc(&docs(cx, analysis, &usage, output));
    let arms = commands.iter().map(arm);
    let helpers = helpers(&lib, output);
    let (output_failure, output_failure_arm) = output_failure(output);
    // A command may call a deprecated operation: that is the user's choice.
    let allow_deprecated = commands
        .iter()
        .any(|c| c.op.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    // Built without some tags' features, the program lacks their commands;
    // with none, its helpers serve nothing: unused, not wrong.
    let partial_build = cx.gates.features().is_some().then(|| {
        let full = FULL;
        quote!(#[cfg_attr(not(feature = #full), allow(unused))])
    });
    // The program sits in a `#[rustfmt::skip]` module (the file is a crate
    // root, where `#![rustfmt::skip]` is not stable), so that `cargo fmt
    // --check` accepts the generator's formatting; `main` stays outside,
    // short enough for rustfmt and prettyplease to agree.
    Some(quote! {
        #docs

        use std::process::ExitCode;

        #[tokio::main]
        async fn main() -> ExitCode {
            program::main().await
        }

        #[rustfmt::skip]
        #partial_build
        mod program {
        use std::process::ExitCode;

        /// How the program failed.
        enum Failure {
            /// The command line is wrong.
            Usage(String),
            /// The client or the API failed.
            Call(#lib::Error),
            #output_failure
        }

        const USAGE: &str = #usage;

        /// Runs the command line's command, prints the answer or the error,
        /// and says how the process exits.
        pub(super) async fn main() -> ExitCode {
            let args: Vec<String> = std::env::args().skip(1).collect();
            match run(&args).await {
                Ok(answer) => {
                    println!("{answer}");
                    ExitCode::SUCCESS
                }
                Err(Failure::Usage(message)) => {
                    eprintln!("{message}\n\n{USAGE}");
                    ExitCode::from(2)
                }
                Err(Failure::Call(error)) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
                #output_failure_arm
            }
        }

        /// Runs the command `args` names; the answer as printed.
        #allow_deprecated
        async fn run(args: &[String]) -> Result<String, Failure> {
            let Some((command, arguments)) = args.split_first() else {
                return Err(Failure::Usage("no command given".into()));
            };
            let client = #lib::Client::from_env().map_err(Failure::Call)?;
            match command.as_str() {
                #(#arms)*
                _ => Err(Failure::Usage(format!("unknown command `{command}`"))),
            }
        }

        #helpers
        }
    })
}

/// How the program prints answers.
#[derive(Clone, Copy)]
enum Output {
    /// As JSON, where every answer implements `Serialize`.
    Json,
    Debug,
}

impl Output {
    fn of(cx: &EmitContext) -> Self {
        if Directions::new(true, cx.extra_derives).serialize {
            Output::Debug
        } else {
            Output::Json
        }
    }
}

/// The variant of `Failure` for an answer that cannot be printed, and the
/// arm of `main` that reports it: only for JSON.
fn output_failure(output: Output) -> (Option<TokenStream>, Option<TokenStream>) {
    match output {
        Output::Json => (
            Some(quote! {
                /// The answer could not be printed as JSON.
                Output(serde_json::Error),
            }),
            Some(quote! {
                Err(Failure::Output(error)) => {
                    eprintln!("error: cannot print the answer as JSON: {error}");
                    ExitCode::FAILURE
                }
            }),
        ),
        Output::Debug => (None, None),
    }
}

/// `::m3ter`: the library, by absolute path.
fn lib_path(cx: &EmitContext) -> TokenStream {
    let lib = ident(&cx.crate_name.replace('-', "_"));
    quote!(::#lib)
}

/// The command for `op`, if it can be called with string arguments alone.
fn command<'a>(cx: &EmitContext, op: &'a Operation, cfg: TokenStream) -> Option<Command<'a>> {
    let ir = cx.ir;
    let own: Vec<_> = op
        .path_params
        .iter()
        .filter(|p| p.client_param.is_none())
        .collect();
    let strings = own
        .iter()
        .all(|p| matches!(super::resolve_alias(ir, &p.ty), TypeRef::String));
    let query_ok = op.query.as_ref().map_or(
        true,
        |q| matches!(&ir.types[q.ty.0].kind, TypeKind::Struct(s) if s.all_optional()),
    );
    let headers_ok = op.headers.as_ref().map_or(
        true,
        |h| matches!(&ir.types[h.ty.0].kind, TypeKind::Struct(s) if s.all_optional()),
    );
    let body_ok = op.body.as_ref().map_or(true, |b| !b.required);
    // Bytes are no JSON, and the enums of several success statuses are
    // the client's own types, not serializable.
    let printable = !matches!(op.response, ResponseBody::Bytes | ResponseBody::ByStatus(_));
    (strings && query_ok && headers_ok && body_ok && printable).then(|| Command {
        name: op.name.to_kebab_case(),
        op,
        cfg,
        arguments: own.iter().map(|p| p.wire_name.as_str()).collect(),
    })
}

fn usage(program: &str, commands: &[Command]) -> String {
    let lines: Vec<String> = commands
        .iter()
        .map(|c| {
            let args: String = c.arguments.iter().map(|a| format!(" <{a}>")).collect();
            format!("  {}{args}", c.name)
        })
        .collect();
    format!(
        "usage: {program} <command> [<argument>...]\n\ncommands:\n{}",
        lines.join("\n")
    )
}

fn docs(cx: &EmitContext, analysis: &Analysis, usage: &str, output: Output) -> String {
    let vars = &analysis.env;
    let mut env = vec![&vars.base_url];
    if analysis.auth.credentials() {
        env.extend([&vars.api_key, &vars.api_secret]);
    }
    if analysis.auth.bearer {
        env.push(&vars.api_token);
    }
    env.extend(&vars.api_keys);
    env.extend(&vars.client_params);
    let env: Vec<String> = env.iter().map(|var| format!("`{var}`")).collect();
    format!(
        "Calls the {} from the command line, configured only from the environment \
         ({}).\n\n```text\ncargo run -q -p {} --example {} -- <command> [<argument>...]\n\n{}\n```\n\n\
         Prints the answer {} on stdout and exits 0; on failure prints the error \
         (with the HTTP status, when there is one) on stderr and exits 1, or 2 for a \
         wrong command line.",
        sanitize(&cx.ir.api.title),
        env.join(", "),
        cx.crate_name,
        cx.crate_name.replace('-', "_"),
        usage,
        match output {
            Output::Json => "as JSON",
            Output::Debug => {
                "with `Debug` (as JSON when the crate is generated with \
                 `--extra-derive serde::Serialize`, which puts `Serialize` on the \
                 types only responses carry)"
            }
        }
    )
}

/// `"get-statement-job" => { let [id] = arguments_of(command, arguments)?; ... }`
fn arm(command: &Command) -> TokenStream {
    let name = &command.name;
    let method = ident(&command.op.name);
    let locals: Vec<_> = command
        .op
        .path_params
        .iter()
        .filter(|p| p.client_param.is_none())
        .map(|p| ident(&p.arg_name))
        .collect();
    // The query and header structs of a command have no required field:
    // their defaults send nothing.
    let query = command
        .op
        .query
        .as_ref()
        .map(|_| quote!(&Default::default(),));
    let headers = command
        .op
        .headers
        .as_ref()
        .map(|_| quote!(&Default::default(),));
    let body = command.op.body.as_ref().map(|_| quote!(None,));
    let cfg = &command.cfg;
    quote! {
        #cfg
        #name => {
            let [#(#locals),*] = arguments_of(command, arguments)?;
            print(client.#method(#(#locals,)* #query #headers #body).await)
        }
    }
}

fn helpers(lib: &TokenStream, output: Output) -> TokenStream {
    let print = match output {
        Output::Json => quote! {
            /// The answer as pretty-printed JSON.
            fn print<T: serde::Serialize>(
                answer: Result<T, #lib::Error>,
            ) -> Result<String, Failure> {
                let value = answer.map_err(Failure::Call)?;
                serde_json::to_string_pretty(&value).map_err(Failure::Output)
            }
        },
        Output::Debug => quote! {
            /// The answer, pretty-printed with `Debug`.
            fn print<T: std::fmt::Debug>(
                answer: Result<T, #lib::Error>,
            ) -> Result<String, Failure> {
                let value = answer.map_err(Failure::Call)?;
                Ok(format!("{value:#?}"))
            }
        },
    };
    quote! {
        /// Exactly `N` arguments, or a usage error.
        fn arguments_of<'a, const N: usize>(
            command: &str,
            arguments: &'a [String],
        ) -> Result<[&'a str; N], Failure> {
            let given: Vec<&str> = arguments.iter().map(String::as_str).collect();
            <[&str; N]>::try_from(given).map_err(|given| {
                Failure::Usage(format!(
                    "`{command}` takes {N} argument(s), not {}",
                    given.len()
                ))
            })
        }

        #print
    }
}
