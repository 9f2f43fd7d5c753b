//! `stages [--runs N] SPEC...`: generates each spec N times (default 10) and
//! prints a Markdown table of median stage times, parse-only time and peak
//! RSS. Each spec is measured in a fresh child process so that its peak RSS
//! is its own.

use apigen_bench::{format_table, measure, Row};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

const USAGE: &str = "usage: stages [--runs N] SPEC...";

fn main() -> ExitCode {
    let mut runs = 10;
    let mut child = false;
    let mut specs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => runs = n,
                None => return usage_error("--runs needs a number"),
            },
            // Internal: measure one spec and print its row as one line.
            "--child" => child = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if arg.starts_with('-') => return usage_error(&format!("unknown option {arg}")),
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    if specs.is_empty() {
        return usage_error("no spec given");
    }
    if child {
        return match measure(&specs[0], runs) {
            Ok(row) => {
                println!("{}", row.to_line());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{}: {error}", specs[0].display());
                ExitCode::FAILURE
            }
        };
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(error) => {
            eprintln!("error: cannot find this program's path: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut rows = Vec::new();
    let mut failed = false;
    for spec in &specs {
        eprintln!("measuring {} ({runs} runs)", spec.display());
        let output = Command::new(&exe)
            .arg("--child")
            .args(["--runs", &runs.to_string()])
            .arg(spec)
            .stderr(Stdio::inherit())
            .output();
        match output.ok().filter(|o| o.status.success()).and_then(|o| {
            let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
            Row::from_line(stdout.lines().last()?)
        }) {
            Some(row) => rows.push(row),
            None => {
                eprintln!("error: measuring {} failed", spec.display());
                failed = true;
            }
        }
    }
    print!("{}", format_table(&rows));
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}
