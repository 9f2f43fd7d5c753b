//! Benchmark harness for apigen: how long each generation stage takes, how
//! that compares with merely parsing the spec, and the peak memory of a
//! generation. The `stages` binary prints the table; `bench/run.sh` runs it
//! along with the CLI and `cargo check` comparisons.

use std::path::Path;
use std::time::{Duration, Instant};

/// The measurements of one spec: medians over the runs, peak RSS over all.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The spec's file name.
    pub spec: String,
    pub spec_bytes: u64,
    pub operations: usize,
    pub types: usize,
    /// Bytes of generated source (all `src/*.rs` files).
    pub output_bytes: u64,
    /// Reading the file and deserializing it into `openapiv3::OpenAPI`.
    pub parse: Duration,
    pub load: Duration,
    pub ir: Duration,
    pub emit: Duration,
    pub render: Duration,
    /// Wall-clock time of the whole `apigen::generate` call.
    pub total: Duration,
    /// The part of `total` outside the four stages (median of each run's).
    pub other: Duration,
    /// `total` of the first run: a fresh process, as in a build script.
    pub first: Duration,
    /// The least time any generator that formats this output through syn
    /// and prettyplease needs for that alone: see [`format_floor`].
    pub format_floor: Duration,
    /// Peak resident set size of a process that did only the generations.
    pub peak_rss_kib: Option<u64>,
}

/// The median; the mean of the middle two for an even count. Zero if empty.
pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => Duration::ZERO,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

/// Reads and deserializes a spec the way apigen's loader does for a
/// single-file spec: serde_json when the text starts with `{`, serde_yaml
/// otherwise, into `openapiv3::OpenAPI`.
pub fn parse_only(path: &Path) -> Result<openapiv3::OpenAPI, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// How long syn and prettyplease take to format `sources` (Rust files),
/// divided by the number of cores: the median over `runs` of parsing each
/// file's tokens into a syntax tree and printing it, with the threads
/// sharing the work perfectly. Lexing is left out (a generator builds the
/// tokens itself), so this is a lower bound for the render stage of any
/// quote → syn → prettyplease pipeline.
pub fn format_floor(sources: &[&str], runs: usize) -> Result<Duration, String> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as u32;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let mut spent = Duration::ZERO;
        for source in sources {
            let tokens: proc_macro2::TokenStream = source.parse().map_err(|e| format!("{e}"))?;
            let started = Instant::now();
            let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
            let text = prettyplease::unparse(&file);
            spent += started.elapsed();
            drop((file, text));
        }
        samples.push(spent / cores);
    }
    Ok(median(&samples))
}

/// The process's peak resident set size so far (`VmHWM`), in KiB; Linux only.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Generates from `path` `runs` times (default options, nothing written),
/// then parses it `runs` times. Generation goes first so that the peak RSS
/// read in between is that of generation.
pub fn measure(path: &Path, runs: usize) -> Result<Row, String> {
    let runs = runs.max(1);
    let options = apigen::Options::default();
    let mut stages: [Vec<Duration>; 6] = Default::default();
    let mut last = None;
    let mut first = None;
    for _ in 0..runs {
        let started = Instant::now();
        let output = apigen::generate(path, &options).map_err(|e| e.to_string())?;
        let total = started.elapsed();
        first.get_or_insert(total);
        let t = output.timings();
        let other = total.saturating_sub(t.total());
        for (samples, d) in stages
            .iter_mut()
            .zip([t.load, t.ir, t.emit, t.render, total, other])
        {
            samples.push(d);
        }
        // Dropped after the next run's generation, as a caller would.
        last = Some(output);
    }
    let peak_rss_kib = peak_rss_kib();
    let output = last.expect("at least one run");
    let mut parses = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let spec = parse_only(path)?;
        parses.push(started.elapsed());
        drop(spec);
    }
    let [load, ir, emit, render, total, other] = stages.map(|s| median(&s));
    let sources: Vec<&str> = output
        .files()
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.as_str())
        .collect();
    let format_floor = format_floor(&sources, runs)?;
    Ok(Row {
        spec: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
        spec_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        operations: output.ir().operations.len(),
        types: output.ir().types.len(),
        output_bytes: output.files().iter().map(|f| f.contents.len() as u64).sum(),
        parse: median(&parses),
        load,
        ir,
        emit,
        render,
        total,
        other,
        first: first.unwrap_or_default(),
        format_floor,
        peak_rss_kib,
    })
}

impl Row {
    /// One tab-separated line, for passing a row from a child process.
    pub fn to_line(&self) -> String {
        let nanos = |d: Duration| d.as_nanos().to_string();
        [
            self.spec.replace(['\t', '\n'], " "),
            self.spec_bytes.to_string(),
            self.operations.to_string(),
            self.types.to_string(),
            self.output_bytes.to_string(),
            nanos(self.parse),
            nanos(self.load),
            nanos(self.ir),
            nanos(self.emit),
            nanos(self.render),
            nanos(self.total),
            nanos(self.other),
            nanos(self.first),
            nanos(self.format_floor),
            self.peak_rss_kib
                .map_or_else(|| "-".into(), |k| k.to_string()),
        ]
        .join("\t")
    }

    /// The inverse of [`to_line`](Self::to_line).
    pub fn from_line(line: &str) -> Option<Row> {
        let f: Vec<&str> = line.trim_end_matches(['\r', '\n']).split('\t').collect();
        if f.len() != 15 {
            return None;
        }
        let d = |s: &str| s.parse::<u64>().ok().map(Duration::from_nanos);
        Some(Row {
            spec: f[0].to_string(),
            spec_bytes: f[1].parse().ok()?,
            operations: f[2].parse().ok()?,
            types: f[3].parse().ok()?,
            output_bytes: f[4].parse().ok()?,
            parse: d(f[5])?,
            load: d(f[6])?,
            ir: d(f[7])?,
            emit: d(f[8])?,
            render: d(f[9])?,
            total: d(f[10])?,
            other: d(f[11])?,
            first: d(f[12])?,
            format_floor: d(f[13])?,
            peak_rss_kib: f[14].parse().ok(),
        })
    }

    /// Total generation time over parse-only time.
    pub fn ratio(&self) -> f64 {
        self.total.as_secs_f64() / self.parse.as_secs_f64().max(1e-9)
    }

    /// The least `ratio` a generator that parses the spec once and formats
    /// through syn and prettyplease could reach: (parse + format floor) /
    /// parse.
    pub fn least_ratio(&self) -> f64 {
        (self.parse + self.format_floor).as_secs_f64() / self.parse.as_secs_f64().max(1e-9)
    }
}

/// Milliseconds with a precision that suits the magnitude.
pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

fn kib(bytes: u64) -> String {
    format!("{}", (bytes + 512) / 1024)
}

/// The rows as a Markdown table (times in ms, sizes in KiB, RSS in MiB).
pub fn format_table(rows: &[Row]) -> String {
    let header = [
        "spec",
        "spec KiB",
        "ops",
        "types",
        "out KiB",
        "parse ms",
        "load ms",
        "IR ms",
        "emit ms",
        "render ms",
        "other ms",
        "total ms",
        "total/parse",
        "format floor ms",
        "least total/parse",
        "1st run ms",
        "peak RSS MiB",
    ];
    let mut lines = vec![
        format!("| {} |", header.join(" | ")),
        format!("|{}", "---|".repeat(header.len())),
    ];
    for row in rows {
        let cells = [
            row.spec.clone(),
            kib(row.spec_bytes),
            row.operations.to_string(),
            row.types.to_string(),
            kib(row.output_bytes),
            ms(row.parse),
            ms(row.load),
            ms(row.ir),
            ms(row.emit),
            ms(row.render),
            ms(row.other),
            ms(row.total),
            format!("{:.2}×", row.ratio()),
            ms(row.format_floor),
            format!("{:.2}×", row.least_ratio()),
            ms(row.first),
            row.peak_rss_kib
                .map_or_else(|| "-".into(), |k| format!("{:.1}", k as f64 / 1024.0)),
        ];
        lines.push(format!("| {} |", cells.join(" | ")));
    }
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms_(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[ms_(5), ms_(1), ms_(3)]), ms_(3));
        assert_eq!(
            median(&[ms_(4), ms_(1), ms_(3), ms_(100)]),
            Duration::from_micros(3500)
        );
        assert_eq!(median(&[]), Duration::ZERO);
    }

    #[test]
    fn vm_hwm_is_read_in_kib() {
        let status = "Name:\tstages\nVmPeak:\t  20000 kB\nVmHWM:\t    8120 kB\nVmRSS:\t 4 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(8120));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
    }

    #[test]
    fn rows_round_trip_and_format() {
        let row = Row {
            spec: "nexus.json".into(),
            spec_bytes: 2048,
            operations: 193,
            types: 300,
            output_bytes: 10 * 1024,
            parse: ms_(20),
            load: ms_(21),
            ir: ms_(5),
            emit: Duration::from_micros(4500),
            render: ms_(150),
            total: ms_(181),
            other: Duration::from_micros(500),
            first: ms_(240),
            format_floor: ms_(30),
            peak_rss_kib: Some(51200),
        };
        assert_eq!(Row::from_line(&row.to_line()), Some(row.clone()));
        assert_eq!(Row::from_line("too\tfew"), None);
        let table = format_table(&[row]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("| spec | spec KiB | ops |"));
        assert_eq!(
            lines[2],
            "| nexus.json | 2 | 193 | 300 | 10 | 20.0 | 21.0 | 5.00 | 4.50 | 150 | 0.50 | 181 | 9.05× | 30.0 | 2.50× | 240 | 50.0 |"
        );
    }
}
