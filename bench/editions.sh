#!/usr/bin/env bash
# Benchmarks `compendium diff` on two real editions of 100,000 generated practices that differ
# in about 1 % (bench/change_corpus.py), and `tag` and `dedup` (with its precision and recall
# against the planted duplicates) on the same corpus. Run from anywhere: `bash bench/editions.sh`.
#
# Environment: COUNT (default 100000), SEED (default 1), RUNS (default 3), DUP_RATE (planted
# duplicates for the dedup figures, default 0.05). Everything goes under bench/work/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/work
COUNT=${COUNT:-100000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
DUP_RATE=${DUP_RATE:-0.05}
log() { printf '%s\n' "$*" >&2; }

cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_corpus
mkdir -p "$WORK/bin"
cp target/release/compendium target/release/examples/gen_corpus "$WORK/bin/"
BIN=$WORK/bin/compendium
OLD=$WORK/editions-$COUNT-old
NEW=$WORK/editions-$COUNT-new

log "== generating $COUNT entries (seed $SEED, $DUP_RATE planted duplicates) and a 1 % change of them"
rm -rf "$OLD" "$NEW" "$OLD-dist" "$NEW-dist"
"$WORK/bin/gen_corpus" --count "$COUNT" --seed "$SEED" --dup-rate "$DUP_RATE" --out "$OLD" \
  --truth "$WORK/editions-$COUNT-truth.json"
python3 bench/change_corpus.py "$OLD" "$NEW" --seed "$SEED" >&2
log "== building both editions"
"$BIN" build --quiet --out "$OLD-dist" "$OLD" 2>/dev/null
"$BIN" build --quiet --out "$NEW-dist" "$NEW" 2>/dev/null
ls -l "$OLD-dist" >&2

RESULTS=$WORK/editions-results.md
{
  echo "| tool | task | files | median wall s | peak RSS MiB | exit | runs (s) |"
  echo "| --- | --- | ---: | ---: | ---: | --- | --- |"
} > "$RESULTS"
measure() { # task command...
  local task=$1
  shift
  log "== measuring: $task ($RUNS runs)"
  python3 bench/measure.py --runs "$RUNS" --tool compendium --task "$task" --files "$COUNT" -- "$@" \
    | tee -a "$RESULTS"
}
measure "diff of two manifests (1 % changed)" "$BIN" diff "$OLD-dist" "$NEW-dist"
measure "diff --format json" "$BIN" diff --format json "$OLD-dist" "$NEW-dist"
# verify is not timed here (about 20 s and 4.5 GiB at 100k: it holds every file; see BENCHMARKS.md).
measure "tag" "$BIN" tag "$OLD"
measure "tag --format json" "$BIN" tag --format json "$OLD"
measure "dedup" "$BIN" dedup "$OLD"
log "== dedup accuracy against the planted pairs"
"$BIN" dedup --format json "$OLD" > "$WORK/editions-$COUNT-dedup.json" || true
python3 bench/dedup_accuracy.py "$WORK/editions-$COUNT-truth.json" "$WORK/editions-$COUNT-dedup.json" >&2

echo
echo "compendium $(git describe --always --dirty 2>/dev/null || echo unknown); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" diff "$OLD-dist" "$NEW-dist" | sed -n '/^| Change/,/^$/p'
cat "$RESULTS"
