#!/usr/bin/env bash
# apigen's performance benchmark (README, "Performance"). From the repository
# root:
#
#   bench/run.sh
#
# 1. per-stage generation times, parse-only time and peak RSS for the m3ter
#    spec, Oxide's nexus and GitHub's REST API (the `stages` harness);
# 2. `apigen generate` against `cargo progenitor` on nexus (and GitHub), side
#    by side, with hyperfine when installed, and peak RSS from GNU time;
# 3. `cargo check` of the generated crates with their dependencies built
#    (`touch src/lib.rs` before every run), from scratch (CARGO_INCREMENTAL=0:
#    a regenerated crate) and incremental (an unchanged one): ours and
#    progenitor's for nexus and GitHub side by side (where progenitor
#    generates a crate that compiles), ours for m3ter, GitHub with serde's
#    derived `Serialize` and `Deserialize` (`--derive-serde`), and
#    GitHub generated with `--features-per-tag` under its default features
#    (`full`), one tag (`issues`) and none; runs are interleaved (round-robin)
#    so that the load of a shared machine hits all alike;
# 4. `cargo build` of the GitHub crate, full and with one tag.
#
# Where the check time goes (expanded code, rustc's passes):
# bench/check-breakdown.sh.
#
# Environment: RUNS (generation runs, default 10), CHECK_RUNS (cargo check
# runs, default 5), CORPUS (folder of the corpus specs, default
# ../shared/corpus/openapi-3.0), BENCH_DIR (scratch folder, default
# /tmp/apigen-bench), NICE (prefix for builds, default `nice -n 10`),
# SKIP_CHECK=1 to leave out step 3, SKIP_BUILD=1 to use the release
# binaries already in target/. cargo-progenitor is optional
# (`cargo install cargo-progenitor --locked`); without it its rows are
# skipped. Results are also written to $BENCH_DIR/results.md.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CORPUS=${CORPUS:-$ROOT/../shared/corpus/openapi-3.0}
RUNS=${RUNS:-10}
CHECK_RUNS=${CHECK_RUNS:-5}
WORK=${BENCH_DIR:-/tmp/apigen-bench}
read -r -a NICE <<<"${NICE:-nice -n 10}"
RESULTS=$WORK/results.md
APIGEN=$ROOT/target/release/apigen
STAGES=$ROOT/target/release/stages

mkdir -p "$WORK"
: >"$RESULTS"
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
note() { printf '%s\n' "$*" >&2; }

M3TER=$ROOT/spec/m3ter.yaml
NEXUS=$CORPUS/progenitor-nexus.json
GITHUB=$CORPUS/progenitor-api.github.com.json
SPECS=()
for spec in "$M3TER" "$NEXUS" "$GITHUB"; do
  if [[ -f $spec ]]; then SPECS+=("$spec"); else note "missing spec $spec: skipped"; fi
done

PROGENITOR=
if command -v cargo-progenitor >/dev/null; then
  PROGENITOR=$(command -v cargo-progenitor)
else
  note "cargo-progenitor is not installed (cargo install cargo-progenitor --locked): its rows are skipped"
fi
HYPERFINE=
if command -v hyperfine >/dev/null; then HYPERFINE=$(command -v hyperfine); else
  note "hyperfine is not installed (apt-get install hyperfine): timing with a shell loop"
fi
GNU_TIME=
if /usr/bin/time -v true >/dev/null 2>&1; then GNU_TIME=/usr/bin/time; else
  note "GNU time is not installed (apt-get install time): no peak RSS of processes"
fi

say "# apigen benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
say ""
say "Machine: $(nproc) cores, $(uname -sm), load average $(cut -d' ' -f1-3 /proc/loadavg); $(rustc --version)"
[[ -n $PROGENITOR ]] && say "cargo-progenitor: $(cargo install --list 2>/dev/null | awk '/^cargo-progenitor /{print $2}' | tr -d 'v:')"
say ""

# --- build ------------------------------------------------------------------
if [[ ${SKIP_BUILD:-} != 1 ]]; then
  note "--- building apigen and the harness (release)"
  "${NICE[@]}" cargo build --release --quiet -p apigen -p apigen-bench || {
    note "error: the release build failed"
    exit 1
  }
fi
for exe in "$APIGEN" "$STAGES"; do
  [[ -x $exe ]] || { note "error: $exe is missing (run without SKIP_BUILD=1)"; exit 1; }
done

# --- 1. stages ----------------------------------------------------------------
say "## Generation stages (median of $RUNS runs, in process; peak RSS of a process doing only generation)"
say ""
"$STAGES" --runs "$RUNS" "${SPECS[@]}" | tee -a "$RESULTS"
say ""

# Median, in seconds, of the numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# time_runs N PREPARE COMMAND: runs PREPARE then times COMMAND, N times; prints the median.
time_runs() {
  local n=$1 prepare=$2 command=$3 i start end
  for ((i = 0; i < n; i++)); do
    bash -c "$prepare" >/dev/null 2>&1
    start=$(date +%s%N)
    bash -c "$command" >/dev/null 2>&1 || { echo fail; return; }
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN {printf "%.3f\n", ns / 1e9}'
  done | median
}

# compare TITLE N PREPARE NAME1 CMD1 [NAME2 CMD2 ...]: a side-by-side table.
compare() {
  local title=$1 n=$2 prepare=$3
  shift 3
  say "$title"
  say ""
  if [[ -n $HYPERFINE ]]; then
    local args=() md=$WORK/hyperfine.md
    while (($#)); do args+=(--command-name "$1" "$2"); shift 2; done
    "$HYPERFINE" --style basic --warmup 1 --runs "$n" --prepare "$prepare" \
      --export-markdown "$md" "${args[@]}" >&2 && tee -a "$RESULTS" <"$md"
  else
    say "| command | median [s] |"
    say "|---|---|"
    while (($#)); do say "| \`$1\` | $(time_runs "$n" "$prepare" "$2") |"; shift 2; done
  fi
  say ""
}

# interleaved TITLE N PREPARE NAME1 CMD1 [NAME2 CMD2 ...]: like compare, but
# round-robin (run i of every command before run i+1 of any), so that a change
# in the load of a shared machine hits all commands alike. Median, min, max.
interleaved() {
  local title=$1 n=$2 prepare=$3
  shift 3
  local names=() cmds=() i j start end
  while (($#)); do names+=("$1"); cmds+=("$2"); shift 2; done
  local samples=$WORK/samples
  rm -rf "$samples" && mkdir -p "$samples"
  for ((i = 0; i < n; i++)); do
    for j in "${!cmds[@]}"; do
      bash -c "$prepare" >/dev/null 2>&1
      start=$(date +%s%N)
      if bash -c "${cmds[j]}" >/dev/null 2>&1; then
        end=$(date +%s%N)
        echo $(((end - start) / 1000000)) >>"$samples/$j"
      else
        echo fail >>"$samples/$j"
      fi
    done
  done
  say "$title"
  say ""
  say "| crate | median [s] | min [s] | max [s] | relative to first |"
  say "|:---|---:|---:|---:|---:|"
  local first=
  for j in "${!cmds[@]}"; do
    if grep -q fail "$samples/$j"; then
      say "| ${names[j]} | failed | | | |"
      continue
    fi
    local med min max
    med=$(median <"$samples/$j")
    min=$(sort -n "$samples/$j" | head -1)
    max=$(sort -n "$samples/$j" | tail -1)
    [[ -z $first ]] && first=$med
    say "| ${names[j]} | $(awk -v m="$med" 'BEGIN {printf "%.2f", m / 1000}') | $(awk -v m="$min" 'BEGIN {printf "%.2f", m / 1000}') | $(awk -v m="$max" 'BEGIN {printf "%.2f", m / 1000}') | $(awk -v m="$med" -v f="$first" 'BEGIN {printf "%.2f", m / f}') |"
  done
  say ""
}

# peak_rss COMMAND: the peak RSS of COMMAND in MiB, by GNU time.
peak_rss() {
  [[ -z $GNU_TIME ]] && { echo "-"; return; }
  "$GNU_TIME" -v bash -c "exec $1" 2>&1 >/dev/null |
    awk -F: '/Maximum resident set size/ {printf "%.1f", $2 / 1024}'
}

GEN=$WORK/gen
mkdir -p "$GEN"

# --- 2. apigen generate against cargo progenitor -----------------------------
for spec in "$NEXUS" "$GITHUB"; do
  [[ -f $spec ]] || continue
  name=$(basename "$spec" .json)
  name=${name#progenitor-}
  ours=$GEN/$name-apigen
  theirs=$GEN/$name-progenitor
  our_cmd="$APIGEN generate --spec $spec --out $ours"
  their_cmd="$PROGENITOR progenitor -i $spec -o $theirs -n $name-progenitor -v 0.1.0"
  if [[ -n $PROGENITOR ]] && ! bash -c "$their_cmd" >"$WORK/progenitor-$name.log" 2>&1; then
    note "cargo progenitor fails on $name (see $WORK/progenitor-$name.log): its row is skipped"
    their_ok=
  else
    their_ok=$PROGENITOR
  fi
  # Both write a whole crate into an empty folder on every run.
  if [[ -n $their_ok ]]; then
    compare "## Generating the $name crate: apigen and cargo-progenitor (CLI, end to end)" "$RUNS" \
      "rm -rf $ours $theirs" "apigen generate" "$our_cmd" "cargo progenitor" "$their_cmd"
  else
    compare "## Generating the $name crate: apigen (CLI, end to end)" "$RUNS" \
      "rm -rf $ours" "apigen generate" "$our_cmd"
  fi
  rm -rf "$ours" "$theirs"
  say "Peak RSS: apigen generate $(peak_rss "$our_cmd") MiB"
  [[ -n $their_ok ]] && say "Peak RSS: cargo progenitor $(peak_rss "$their_cmd") MiB"
  say ""
done

[[ ${SKIP_CHECK:-} == 1 ]] && { note "SKIP_CHECK=1: no cargo check timings"; exit 0; }

# --- 3. cargo check of the generated crates ----------------------------------
# All crates share one target folder so that common dependencies build once.
export CARGO_TARGET_DIR=$WORK/target
CRATES=$WORK/crates
mkdir -p "$CRATES"

# A crate outside any workspace, generated anew (Cargo.lock kept, so that
# dependencies resolve once).
prepare_crate() { # DIR GENERATE-COMMAND
  local dir=$1 cmd=$2
  rm -rf "$dir/src" "$dir/Cargo.toml"
  mkdir -p "$dir"
  bash -c "$cmd" >"$dir.gen.log" 2>&1 || { note "generating $dir failed (see $dir.gen.log)"; return 1; }
  grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
  # Dependencies once; the crate itself fails or not.
  if ! "${NICE[@]}" cargo check --quiet --manifest-path "$dir/Cargo.toml" >"$dir.check.log" 2>&1; then
    note "cargo check of $(basename "$dir") fails ($(grep -c '^error' "$dir.check.log") errors, see $dir.check.log): skipped"
    return 1
  fi
}

lines() { cat "$1"/src/*.rs | wc -l; }

CHECKS=()
SIZES=()
# CHECKS holds triples: name, crate folder, extra cargo arguments.
add_check() { # NAME DIR GENERATE-COMMAND
  if prepare_crate "$2" "$3"; then
    CHECKS+=("$1" "$2" "")
    SIZES+=("| $1 | $(lines "$2") |")
  fi
}
# The same crate again under other features (no new generation).
add_variant() { # NAME DIR CARGO-ARGS
  [[ -f $2/Cargo.toml ]] && CHECKS+=("$1" "$2" "$3")
}

if [[ -f $NEXUS ]]; then
  add_check "nexus (apigen)" "$CRATES/nexus-apigen" "$APIGEN generate --spec $NEXUS --out $CRATES/nexus-apigen --crate-name nexus-apigen"
  [[ -n $PROGENITOR ]] && add_check "nexus (progenitor)" "$CRATES/nexus-progenitor" \
    "$PROGENITOR progenitor -i $NEXUS -o $CRATES/nexus-progenitor -n nexus-progenitor -v 0.1.0"
fi
add_check "m3ter (apigen)" "$CRATES/m3ter-apigen" "$APIGEN generate --spec $M3TER --out $CRATES/m3ter-apigen --crate-name m3ter-apigen"
if [[ -f $GITHUB ]]; then
  add_check "github (apigen)" "$CRATES/github-apigen" \
    "$APIGEN generate --spec $GITHUB --out $CRATES/github-apigen --crate-name github-apigen"
  # What the written-out `Deserialize` of structs saves against serde's derive.
  add_check "github, --derive-serde (apigen)" "$CRATES/github-derived" \
    "$APIGEN generate --spec $GITHUB --out $CRATES/github-derived --crate-name github-derived --derive-serde"
  [[ -n $PROGENITOR ]] && add_check "github (progenitor)" "$CRATES/github-progenitor" \
    "$PROGENITOR progenitor -i $GITHUB -o $CRATES/github-progenitor -n github-progenitor -v 0.1.0"
  # Features per tag: the default (`full`, every tag) and one tag alone.
  add_check "github, features per tag: full (apigen)" "$CRATES/github-tags" \
    "$APIGEN generate --spec $GITHUB --out $CRATES/github-tags --crate-name github-tags --features-per-tag"
  add_variant "github, features per tag: issues (apigen)" "$CRATES/github-tags" "--no-default-features --features issues"
  add_variant "github, features per tag: none (apigen)" "$CRATES/github-tags" "--no-default-features"
fi

if ((${#CHECKS[@]})); then
  say "## Generated crates"
  say ""
  say "| crate | lines of src/*.rs |"
  say "|---|---|"
  for row in "${SIZES[@]}"; do say "$row"; done
  say ""
  # touch every crate's lib.rs before each run: each command then rebuilds its own crate only.
  touch_all=""
  fresh=()
  incremental=()
  for ((i = 0; i < ${#CHECKS[@]}; i += 3)); do
    dir=${CHECKS[i + 1]}
    args=${CHECKS[i + 2]}
    touch_all+="touch $dir/src/lib.rs; "
    # Each variant builds its dependencies once before it is timed.
    # shellcheck disable=SC2086
    "${NICE[@]}" cargo check --quiet --manifest-path "$dir/Cargo.toml" $args >/dev/null 2>&1
    fresh+=("${CHECKS[i]}" "CARGO_INCREMENTAL=0 ${NICE[*]} cargo check --quiet --manifest-path $dir/Cargo.toml $args")
    incremental+=("${CHECKS[i]}" "${NICE[*]} cargo check --quiet --manifest-path $dir/Cargo.toml $args")
  done
  # What a regenerated crate costs: the whole crate checked again, with
  # nothing kept from its last build.
  interleaved "## \`cargo check\` of the generated crates from scratch (dependencies built, \`CARGO_INCREMENTAL=0\`, \`touch src/lib.rs\` before each run; median of $CHECK_RUNS interleaved runs)" \
    "$CHECK_RUNS" "$touch_all" "${fresh[@]}"
  # What an unchanged crate costs in a workspace build: rustc's incremental
  # cache answers most of it.
  interleaved "## Incremental \`cargo check\` of the unchanged crates (dependencies built, \`touch src/lib.rs\` before each run; median of $CHECK_RUNS interleaved runs)" \
    "$CHECK_RUNS" "$touch_all" "${incremental[@]}"
fi

# --- 4. cargo build of the GitHub crate ----------------------------------------
# What a binary that uses the client pays: code generation too (debug profile,
# dependencies built).
if [[ -f $CRATES/github-tags/Cargo.toml ]]; then
  builds=()
  for args in "" "--no-default-features --features issues"; do
    "${NICE[@]}" cargo build --quiet --manifest-path "$CRATES/github-tags/Cargo.toml" $args >/dev/null 2>&1
    builds+=("github, features per tag: ${args:-full}" "CARGO_INCREMENTAL=0 ${NICE[*]} cargo build --quiet --manifest-path $CRATES/github-tags/Cargo.toml $args")
  done
  interleaved "## \`cargo build\` of the GitHub crate (debug, dependencies built, \`CARGO_INCREMENTAL=0\`; median of $CHECK_RUNS interleaved runs)" \
    "$CHECK_RUNS" "touch $CRATES/github-tags/src/lib.rs" "${builds[@]}"
fi
note "results: $RESULTS"
