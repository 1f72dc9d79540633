#!/usr/bin/env bash
# Reproduces the table of BENCHMARKS.md: `compendium validate`, `tag`, `dedup` and `build` on
# generated corpora, next to other JSON Schema validators, datasketch's MinHash LSH for duplicates,
# and a plain `cat` of the same files; then the guard rails (each command's time over `cat`'s) and
# the duplicate finder's precision and recall on planted duplicates. Run from anywhere:
# `bash bench/run.sh`.
#
# Everything it makes or installs goes under bench/work/ (git-ignored): the corpora, jsonschema-cli
# (cargo install --root bench/work/cargo-home, unless one is already on PATH or in ~/.cargo/bin),
# check-jsonschema and datasketch (a venv in bench/work/venv) and ajv-cli with ajv-formats (npm,
# bench/work/node). A comparison tool that cannot be installed gets a "not available" row; nothing
# needs root. The tool is built with `--profile dist` (fat LTO), as published binaries are.
#
# Environment: RUNS (runs per measurement, default 3), SEED (default 1), SKIP_100K=1 to leave out
# the 100,000-entry corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=bench/work
RUNS=${RUNS:-3}
SEED=${SEED:-1}
SCHEMA=schema/practice.schema.json
mkdir -p "$WORK"
log() { printf '%s\n' "$*" >&2; }

log "== building (profile dist: a few minutes the first time)"
cargo build --profile dist --locked --quiet
cargo build --release --locked --quiet --example gen_corpus
# Measure a copy, so that a build started meanwhile (another terminal, an editor) cannot swap the
# binary half-way through.
mkdir -p "$WORK/bin"
cp target/dist/compendium target/release/examples/gen_corpus "$WORK/bin/"
BIN=$ROOT/$WORK/bin/compendium
REVISION=$(git describe --always --dirty 2>/dev/null || echo unknown)

# The corpora, regenerated each time so that the numbers always belong to the current generator.
generate() { # name count [gen_corpus options]
  local dir=$WORK/$1 count=$2
  shift 2
  rm -rf "$dir" "$dir-truth.json"
  log "== generating $(basename "$dir") ($count entries, seed $SEED)"
  "$WORK/bin/gen_corpus" --count "$count" --seed "$SEED" --out "$dir" "$@"
  # One path per line (the generator's file names have no spaces or newlines), sorted.
  find "$dir" -name '*.json' | LC_ALL=C sort > "$dir.files"
}
generate corpus-10k 10000
[ "${SKIP_100K:-}" = 1 ] || generate corpus-100k 100000
# Planted duplicates (exact copies, rewordings, extended copies) for the accuracy rows.
generate corpus-10k-dups 10000 --dup-rate 0.05 --truth "$WORK/corpus-10k-dups-truth.json"
n10k=$(wc -l < "$WORK/corpus-10k.files")
mean10k=$(xargs -a "$WORK/corpus-10k.files" -d '\n' cat | wc -c)
mean10k=$((mean10k / n10k))

# The comparison tools; each sets a path, or stays empty when it cannot be had.
JSONSCHEMA_CLI=$(command -v jsonschema-cli || true)
for candidate in "$HOME/.cargo/bin/jsonschema-cli" "$WORK/cargo-home/bin/jsonschema-cli"; do
  if [ -z "$JSONSCHEMA_CLI" ] && [ -x "$candidate" ]; then JSONSCHEMA_CLI=$candidate; fi
done
if [ -z "$JSONSCHEMA_CLI" ]; then
  log "== installing jsonschema-cli (cargo install, a few minutes; log: $WORK/install-jsonschema-cli.log)"
  if cargo install jsonschema-cli --locked --root "$WORK/cargo-home" > "$WORK/install-jsonschema-cli.log" 2>&1; then
    JSONSCHEMA_CLI=$WORK/cargo-home/bin/jsonschema-cli
  else
    log "   jsonschema-cli could not be installed"
  fi
fi

CHECK_JSONSCHEMA=$WORK/venv/bin/check-jsonschema
if [ ! -x "$CHECK_JSONSCHEMA" ] || ! "$WORK/venv/bin/python" -c 'import datasketch' 2>/dev/null; then
  log "== installing check-jsonschema and datasketch (pip, into $WORK/venv)"
  { python3 -m venv "$WORK/venv" && "$WORK/venv/bin/pip" install --quiet check-jsonschema datasketch; } \
    > "$WORK/install-python-tools.log" 2>&1 || log "   check-jsonschema or datasketch could not be installed"
fi
[ -x "$CHECK_JSONSCHEMA" ] || CHECK_JSONSCHEMA=
DATASKETCH=
"$WORK/venv/bin/python" -c 'import datasketch' 2>/dev/null && DATASKETCH=$WORK/venv/bin/python

AJV=$WORK/node/node_modules/.bin/ajv
if [ ! -x "$AJV" ] || [ ! -d "$WORK/node/node_modules/ajv-formats" ]; then
  log "== installing ajv-cli and ajv-formats (npm, into $WORK/node)"
  { mkdir -p "$WORK/node" && npm install --prefix "$WORK/node" --no-audit --no-fund ajv-cli ajv-formats; } \
    > "$WORK/install-ajv.log" 2>&1 || log "   ajv-cli could not be installed"
fi
[ -x "$AJV" ] || AJV=

# Measurements: one Markdown row each, collected in $WORK/results.md.
RESULTS=$WORK/results.md
measure() { # tool task files [measure.py options] -- command...
  local tool=$1 task=$2 files=$3
  shift 3
  log "== measuring: $tool $task ($files files, $RUNS runs)"
  local row
  if row=$(python3 bench/measure.py --runs "$RUNS" --tool "$tool" --task "$task" --files "$files" "$@"); then
    echo "$row" | tee -a "$RESULTS"
  else
    echo "| $tool | $task | $files | failed to run | | | |" | tee -a "$RESULTS"
  fi
}
unavailable() { # tool task files
  log "== $1: not available"
  echo "| $1 | $2 | $3 | not available | | | |" | tee -a "$RESULTS"
}

{
  echo "| tool | task | files | median wall s | peak RSS MiB | exit | runs (s) |"
  echo "| --- | --- | ---: | ---: | ---: | --- | --- |"
} > "$RESULTS"
# Let the machine settle after the build and the corpora (at most two minutes): measured with the
# load average still at 1.3-1.5, the runs of `build` spread from 2.2 to 2.8 s.
for _ in $(seq 24); do
  awk '{ exit !($1 < 0.5) }' /proc/loadavg && break
  sleep 5
done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
measure "(measurement floor)" "true" 0 -- true
measure compendium validate "$n10k" -- "$BIN" validate "$WORK/corpus-10k"
if [ "${SKIP_100K:-}" != 1 ]; then
  measure compendium validate "$(wc -l < "$WORK/corpus-100k.files")" -- "$BIN" validate "$WORK/corpus-100k"
fi
# Every measured run builds over the edition the run before wrote, as an editor rebuilds: one
# build first into a fresh folder (the bench's own; an edition of an earlier version of the tool,
# which records no SHA-256 of its manifest, would be refused).
rm -rf "$WORK/dist-10k"
"$BIN" --quiet build --out "$WORK/dist-10k" "$WORK/corpus-10k"
measure compendium build "$n10k" -- "$BIN" build --out "$WORK/dist-10k" "$WORK/corpus-10k"
# Where build's time goes: its stages that can be run alone, on the same corpus.
measure compendium "dedup (a stage of build)" "$n10k" -- "$BIN" dedup "$WORK/corpus-10k"
measure compendium "tag (a stage of build)" "$n10k" -- "$BIN" tag "$WORK/corpus-10k"
if [ -n "$JSONSCHEMA_CLI" ]; then
  measure jsonschema-cli validate "$n10k" --files-from "$WORK/corpus-10k.files" --files-flag=-i \
    -- "$JSONSCHEMA_CLI" validate "$SCHEMA" --assert-format --offline --errors-only
else
  unavailable jsonschema-cli validate "$n10k"
fi
if [ -n "$CHECK_JSONSCHEMA" ]; then
  measure check-jsonschema validate "$n10k" --files-from "$WORK/corpus-10k.files" \
    -- "$CHECK_JSONSCHEMA" --schemafile "$SCHEMA"
else
  unavailable check-jsonschema validate "$n10k"
fi
if [ -n "$AJV" ]; then
  # ajv expands the quoted glob itself, so no argument list is needed.
  measure ajv-cli validate "$n10k" -- "$AJV" validate --spec=draft2020 -c ajv-formats \
    -s "$SCHEMA" -d "$WORK/corpus-10k/**/*.json"
else
  unavailable ajv-cli validate "$n10k"
fi
if [ -n "$DATASKETCH" ]; then
  measure datasketch "dedup (MinHash LSH, 128 permutations)" "$n10k" \
    -- "$DATASKETCH" bench/datasketch_dedup.py "$WORK/corpus-10k" 0.4
else
  unavailable datasketch dedup "$n10k"
fi
measure cat "read all files" "$n10k" --files-from "$WORK/corpus-10k.files" -- cat
if [ "${SKIP_100K:-}" != 1 ]; then
  measure cat "read all files" "$(wc -l < "$WORK/corpus-100k.files")" \
    --files-from "$WORK/corpus-100k.files" -- cat
fi

echo
echo "compendium $REVISION; load average before the measurements: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Machine: $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MiB memory, $(rustc --version)"
echo "Corpus: $n10k entries, mean $mean10k bytes (seed $SEED); $RUNS runs per row, median shown."
versions=()
[ -z "$JSONSCHEMA_CLI" ] || versions+=("$("$JSONSCHEMA_CLI" --version 2>&1 | head -1)")
[ -z "$CHECK_JSONSCHEMA" ] || versions+=("$("$CHECK_JSONSCHEMA" --version 2>&1 | head -1)")
[ -z "$AJV" ] || versions+=("ajv-cli $(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$WORK/node/node_modules/ajv-cli/package.json")")
echo "Comparison tools: $(IFS=';'; echo "${versions[*]:-none}" | sed 's/;/; /g')"
echo
cat "$RESULTS"

# The guard rails: each command's median over cat's on the same 10,000 files.
echo
echo "| guard rail (10k, ratio to cat) | ratio | limit |"
echo "| --- | ---: | ---: |"
python3 - "$RESULTS" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) >= 4 and cells[2] == "10000":
        try:
            # dedup exits 1 when duplicates wait for a decision; anything else failed.
            if cells[5] in ("0", "1"):
                rows[(cells[0], cells[1])] = float(cells[3])
        except (ValueError, IndexError):
            pass
cat = rows.get(("cat", "read all files"))
for task, limit in [("validate", 1.5), ("tag (a stage of build)", 6), ("dedup (a stage of build)", 6), ("build", 8)]:
    t = rows.get(("compendium", task))
    if cat and t is not None:
        print(f"| {task.split(' ')[0]} | {t / cat:.1f}× | ≤ {limit}× |")
    else:
        print(f"| {task.split(' ')[0]} | failed (see the table above) | ≤ {limit}× |")
PY

# Duplicates: precision and recall of pairs on the planted corpus.
echo
echo "| duplicate finder on 10,000 entries with planted duplicates | precision | recall |"
echo "| --- | ---: | ---: |"
score() { # name clusters.json
  python3 bench/dedup_accuracy.py "$WORK/corpus-10k-dups-truth.json" "$2" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("| %s | %.3f | %.3f |" % (sys.argv[1], r["precision"], r["recall"]))' "$1"
}
"$BIN" dedup --format json "$WORK/corpus-10k-dups" > "$WORK/dedup-compendium.json" || true
score "compendium dedup" "$WORK/dedup-compendium.json"
if [ -n "$DATASKETCH" ]; then
  "$DATASKETCH" bench/datasketch_dedup.py "$WORK/corpus-10k-dups" 0.4 > "$WORK/dedup-datasketch.json"
  score "datasketch MinHashLSH (threshold 0.4)" "$WORK/dedup-datasketch.json"
fi
