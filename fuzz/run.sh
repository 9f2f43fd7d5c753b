#!/usr/bin/env bash
# Fuzzes load + generate for the given time (default 30m), seeded with the
# fixtures, the m3ter spec and the small specs of the shared corpus.
#   fuzz/run.sh 30m        (needs: rustup toolchain install nightly; cargo install cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")"
duration="${1:-30m}"
case "$duration" in *m) seconds=$(( ${duration%m} * 60 ));; *s) seconds=${duration%s};; *) seconds=$duration;; esac
mkdir -p corpus/load_generate seeds
for f in ../tests/fixtures/*.yaml ../spec/m3ter.yaml; do cp "$f" seeds/; done
if [ -d ../../shared/corpus/openapi-3.0 ]; then
  find ../../shared/corpus/openapi-3.0 -maxdepth 1 -type f -size -64k -exec cp {} seeds/ \;
fi
exec cargo +nightly fuzz run load_generate corpus/load_generate seeds -- \
  -dict=openapi.dict -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
  -max_total_time="$seconds" -print_final_stats=1
