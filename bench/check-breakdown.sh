#!/usr/bin/env bash
# Where the `cargo check` time of a generated crate goes. From the
# repository root:
#
#   bench/check-breakdown.sh                # nexus, GitHub and m3ter
#   bench/check-breakdown.sh DIR...         # crates generated already
#
# For each crate (dependencies built first, not timed):
# 1. the size of its code before and after macro expansion
#    (`-Zunpretty=expanded`), and how much of the expanded code serde's
#    derives wrote (their `const _: () = { .. }` blocks), Serialize and
#    Deserialize apart;
# 2. rustc's passes in a check build from scratch (`-Ztime-passes`,
#    `CARGO_INCREMENTAL=0`): the slowest passes, with seconds and share.
#
# Both flags are unstable: the script sets RUSTC_BOOTSTRAP=1 for these
# rustc runs only, to measure, never to build anything shipped.
# 3. with COUNT=1, the instructions rustc executes for that check, counted
#    by valgrind's callgrind (about 30 times slower than the check itself:
#    5 minutes for GitHub). Unlike seconds, the count is the same on every
#    run and machine, so it compares generator versions across sessions and
#    measures changes of a few percent that a shared machine's noise hides.
# Environment: COUNT=1 for step 3, CORPUS (default ../shared/corpus/openapi-3.0), BENCH_DIR
# (default /tmp/apigen-bench), TOP (passes shown, default 12), SKIP_BUILD=1
# to use target/release/apigen as it is. Results go to stdout and
# $BENCH_DIR/breakdown.md.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CORPUS=${CORPUS:-$ROOT/../shared/corpus/openapi-3.0}
WORK=${BENCH_DIR:-/tmp/apigen-bench}
TOP=${TOP:-12}
APIGEN=$ROOT/target/release/apigen
OUT=$WORK/breakdown.md
export CARGO_TARGET_DIR=$WORK/target
mkdir -p "$WORK/breakdown"
: >"$OUT"
say() { printf '%s\n' "$*" | tee -a "$OUT"; }
note() { printf '%s\n' "$*" >&2; }

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  cargo build --release --quiet -p apigen || { note "error: the release build failed"; exit 1; }
fi

CRATES=("$@")
if ((${#CRATES[@]} == 0)); then
  for spec in "$CORPUS/progenitor-nexus.json" "$CORPUS/progenitor-api.github.com.json" "$ROOT/spec/m3ter.yaml"; do
    [[ -f $spec ]] || { note "missing spec $spec: skipped"; continue; }
    name=$(basename "${spec%.*}")
    name=${name#progenitor-}
    name=${name//./-}
    dir=$WORK/breakdown/$name
    rm -rf "$dir/src" "$dir/Cargo.toml"
    "$APIGEN" generate --spec "$spec" --out "$dir" --crate-name "$name-breakdown" >/dev/null ||
      { note "generating $name failed: skipped"; continue; }
    printf '\n[workspace]\n' >>"$dir/Cargo.toml"
    CRATES+=("$dir")
  done
fi

# The expanded code's size, and serde's share of it, from a file of
# `-Zunpretty=expanded` output.
expanded_sizes() {
  python3 - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
serialize = deserialize = 0

def block(start):
    """The text from `start` to the brace that closes the first one after it."""
    depth, i = 0, text.index("{", start)
    while i < len(text):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            break
        i += 1
    return text[start:i + 1]

# serde wraps each derived impl in `const _: () = { .. };`.
for match in re.finditer(r"const _: \(\) =\s*\{", text):
    derived = block(match.start())
    if "Deserialize<'de> for" in derived:
        deserialize += len(derived)
    elif "Serialize for" in derived:
        serialize += len(derived)
# The impls apigen writes out: `Deserialize` of enums, unions and structs,
# the structs' `de::Struct`, and the module `de` they share; `Serialize` of
# enums, tagged unions and structs, and the module `ser`.
written = r"^\s*(impl<'de> ::serde::Deserialize<'de> for |impl de::Struct for |mod de \{)"
for match in re.finditer(written, text, re.M):
    deserialize += len(block(match.start()))
written = r"^\s*(impl ::serde::Serialize for |mod ser \{)"
for match in re.finditer(written, text, re.M):
    serialize += len(block(match.start()))
total = len(text)
print(f"{total / 1e6:.2f} MB expanded | serde Deserialize {deserialize / 1e6:.2f} MB "
      f"({100 * deserialize / total:.0f} %) | serde Serialize {serialize / 1e6:.2f} MB "
      f"({100 * serialize / total:.0f} %)")
EOF
}

# The slowest passes of a `-Ztime-passes` log, with their share of the total.
slowest_passes() {
  python3 - "$1" "$TOP" <<'EOF'
import re, sys
passes = {}
total = None
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.match(r"time:\s+([\d.]+);.*?\s(\S+)$", line.strip())
    if not m:
        continue
    seconds, name = float(m.group(1)), m.group(2)
    if name == "total":
        total = seconds
    else:
        passes[name] = passes.get(name, 0.0) + seconds
total = total or max(passes.values(), default=1.0)
print(f"| pass | s | share |\n|---|---:|---:|")
for name, seconds in sorted(passes.items(), key=lambda p: -p[1])[: int(sys.argv[2])]:
    print(f"| {name} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
print(f"| total | {total:.2f} | 100 % |")
EOF
}

# The instructions rustc executes to check the crate of manifest `$1` (its
# dependencies built): a workspace wrapper runs only the crate's own rustc
# under callgrind.
instructions() {
  local wrapper=$WORK/callgrind-rustc log=$WORK/callgrind.log
  cat >"$wrapper" <<'EOF'
#!/usr/bin/env bash
# Cargo's probes of the compiler run as they are; the crate's check is counted.
rustc=$1
shift
if [[ " $* " != *" --crate-name "* ]]; then exec "$rustc" "$@"; fi
exec valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$CALLGRIND_LOG" "$rustc" "$@"
EOF
  chmod +x "$wrapper"
  rm -f "$log"
  touch "$(dirname "$1")/src/lib.rs"
  CALLGRIND_LOG=$log CARGO_INCREMENTAL=0 RUSTC_WORKSPACE_WRAPPER=$wrapper \
    cargo check --quiet --manifest-path "$1" >/dev/null 2>&1
  awk '/Collected :/ {printf "%.2f G", $NF / 1e9; found = 1}
       END {if (!found) printf "no count (is valgrind installed?)"}' "$log" 2>/dev/null ||
    printf 'no count (is valgrind installed?)'
}

say "# Where cargo check's time goes, $(date -u '+%Y-%m-%d %H:%M UTC')"
say ""
say "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(rustc --version)"
for dir in "${CRATES[@]}"; do
  manifest=$dir/Cargo.toml
  name=$(basename "$dir")
  cargo check --quiet --manifest-path "$manifest" 2>/dev/null || { note "$name does not check: skipped"; continue; }
  source_bytes=$(cat "$dir"/src/*.rs | wc -c)
  RUSTC_BOOTSTRAP=1 cargo rustc --quiet --lib --profile=check --manifest-path "$manifest" \
    -- -Zunpretty=expanded >"$WORK/breakdown/$name.expanded.rs" 2>/dev/null
  touch "$dir/src/lib.rs"
  CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1 cargo rustc --quiet --lib --profile=check \
    --manifest-path "$manifest" -- -Ztime-passes >"$WORK/breakdown/$name.passes" 2>&1
  say ""
  say "## $name"
  say ""
  say "Source $(awk -v b="$source_bytes" 'BEGIN {printf "%.2f", b / 1e6}') MB | $(expanded_sizes "$WORK/breakdown/$name.expanded.rs")"
  say ""
  slowest_passes "$WORK/breakdown/$name.passes" | tee -a "$OUT"
  if [[ ${COUNT:-} == 1 ]]; then
    say ""
    say "Instructions of the check from scratch (callgrind): $(instructions "$manifest")"
  fi
done
note "results: $OUT"
