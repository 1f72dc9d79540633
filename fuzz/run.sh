#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer on the stable toolchain: the instrumentation cargo-fuzz
# adds, given as RUSTFLAGS, without a sanitizer (a stable compiler has none to offer; the crate
# forbids unsafe code, so the bugs to find are panics, hangs and broken invariants).
#
#   fuzz/run.sh seed                   # make the seed corpora from practices/ and the fixtures, and
#                                      # unpack the corpora kept in corpora.tar.xz
#   fuzz/run.sh pack [TARGET...]       # after build: keep the corpora, each minimised (-merge=1), in
#                                      # corpora.tar.xz, to commit, so the next run starts from them
#                                      # (only the TARGETs named, the others as the archive has them)
#   fuzz/run.sh build                  # build every target
#   fuzz/run.sh smoke                  # build without debug information (target/TRIPLE/smoke/),
#                                      # then run every input kept in corpora.tar.xz once through
#                                      # its target (no fuzzing; what CI runs)
#   fuzz/run.sh run TARGET [SECONDS]   # fuzz one target (default 600 s); crashes go to fuzz/artifacts/TARGET/
#   fuzz/run.sh all [SECONDS]          # every target in turn
#   fuzz/run.sh flat TARGET [QUIET] [MAX]   # fuzz until no new edge for QUIET s (default 600),
#                                      # at least 600 s, at most MAX s (default 3600); log in fuzz/logs/
#
# FUZZ_TIMEOUT=SECONDS: how long one input may take before it counts as a hang (default 10).
# With cargo-fuzz installed, `cargo fuzz run TARGET --sanitizer none` runs the same targets.
set -euo pipefail
cd "$(dirname "$0")"
TARGETS=(load_json load_markdown validate_entry render_practice render_fields convert_roundtrip convert_fields manifest_verify diff_manifests diff_fields)
TRIPLE=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
export CARGO_TARGET_DIR="$PWD/target"
# Seconds one input may take before libFuzzer calls it a hang. Raise it (FUZZ_TIMEOUT=60) when
# the fuzzers share the machine with other work at a low priority: a starved process can pass
# 10 s of wall time on an input that takes a fraction of a second alone.
TIMEOUT=${FUZZ_TIMEOUT:-10}
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || { echo "FUZZ_TIMEOUT must be a number of seconds, not '$TIMEOUT'" >&2; exit 2; }

seed() {
    local root=..
    for t in "${TARGETS[@]}"; do mkdir -p "corpus/$t"; done
    for f in "$root"/practices/*/*.json "$root"/tests/cmd/*.in/practices/*.json "$root"/tests/cmd/*.in/practices/*/*.json; do
        [ -f "$f" ] || continue
        for t in load_json validate_entry render_practice convert_roundtrip; do
            cp "$f" "corpus/$t/$(basename "$f")"
        done
    done
    for f in "$root"/tests/cmd/*.in/practices/*.md "$root"/tests/cmd/*.in/practices/*/*.md; do
        [ -f "$f" ] || continue
        cp "$f" "corpus/load_markdown/$(basename "$f")"
        cp "$f" "corpus/validate_entry/$(basename "$f")"
        cp "$f" "corpus/render_practice/$(basename "$f")"
    done
    # Markdown forms of the shipped entries, made by the tool itself.
    local bin="$root/target/debug/compendium"
    (cd "$root" && env -u RUSTFLAGS -u CARGO_TARGET_DIR cargo build --quiet)
    local tmp
    tmp=$(mktemp -d)
    for f in "$root"/practices/*/*.json; do
        "$bin" --quiet convert "$f" --out "$tmp/$(basename "${f%.json}").md" || true
    done
    cp "$tmp"/*.md corpus/load_markdown/ 2>/dev/null || true
    cp "$tmp"/*.md corpus/validate_entry/ 2>/dev/null || true
    "$bin" --quiet build --edition fuzz-seed --out "$tmp/edition" "$root/practices" ||
        "$bin" --quiet build --edition fuzz-seed --out "$tmp/edition" "$root/tests/cmd/build-small.in/practices"
    cp "$tmp/edition/compendium.json" corpus/manifest_verify/shipped.json
    cp "$root/tests/golden/build-small/compendium.json" corpus/manifest_verify/small.json
    { cat "$root/tests/golden/build-small/compendium.json"; printf '\377'; cat "$tmp/edition/compendium.json"; } > corpus/diff_manifests/small-shipped
    { cat "$root/tests/golden/build-small/compendium.json"; printf '\377'; cat "$root/tests/golden/build-small/compendium.json"; } > corpus/diff_manifests/small-small
    rm -rf "$tmp"
}

# The corpora are git-ignored (tens of megabytes); their minimised form is kept in one archive,
# so that a fresh clone fuzzes on from where the last runs stopped instead of from the seeds.
ARCHIVE=corpora.tar.xz

unpack() {
    [ -f "$ARCHIVE" ] || return 0
    mkdir -p corpus
    tar -xJf "$ARCHIVE" -C corpus
}

pack() {
    local tmp t
    tmp=$(mktemp -d)
    # Named targets are refreshed; the others keep what the archive holds for them.
    local chosen=("$@")
    if [ ${#chosen[@]} -gt 0 ] && [ -f "$ARCHIVE" ]; then
        tar -xJf "$ARCHIVE" -C "$tmp"
    else
        chosen=("${TARGETS[@]}")
    fi
    for t in "${chosen[@]}"; do
        [ -d "corpus/$t" ] || continue
        rm -rf "${tmp:?}/$t"
        mkdir -p "$tmp/$t"
        "target/$TRIPLE/release/$t" -merge=1 -max_len=65536 -timeout="$TIMEOUT" -rss_limit_mb=4096 \
            "$tmp/$t" "corpus/$t" >/dev/null 2>&1
        echo "$t: $(find "corpus/$t" -type f | wc -l) inputs, $(find "$tmp/$t" -type f | wc -l) kept"
    done
    # Sorted names, no owners or dates: the same corpora make the same archive.
    (cd "$tmp" && find . -type f | LC_ALL=C sort | tar --owner=0 --group=0 --numeric-owner \
        --mtime=2026-01-01 --no-recursion -cf - -T -) | xz -6 > "$ARCHIVE"
    rm -rf "$tmp"
    echo "wrote fuzz/$ARCHIVE ($(wc -c < "$ARCHIVE") bytes)"
}

# PROFILE: release (for fuzzing: with debug information) or smoke (without, for the replay).
build() {
    cargo build --profile "${1:-release}" --locked --target "$TRIPLE" --bins
}

# Every kept input once through its target's checks (libFuzzer's -runs=0: read the corpus, run
# each input, stop): no mutation, so it fails only when a change of the code breaks an input that
# passed before (or an input takes longer than FUZZ_TIMEOUT, 10 s by default, on a very slow
# machine).
smoke() {
    local t ran=0
    [ -f "$ARCHIVE" ] || { echo "fuzz/$ARCHIVE is missing: nothing to replay" >&2; return 1; }
    # Global, so that the trap still knows it when the script stops on an error.
    SMOKE_TMP=$(mktemp -d)
    trap 'rm -rf "$SMOKE_TMP"' EXIT
    local tmp=$SMOKE_TMP
    # The targets the archive holds inputs for, listed once: a target it lacks is skipped, but
    # a failure to unpack one it holds (a full disk, a damaged archive) stops the run.
    local kept
    kept=$(tar -tJf "$ARCHIVE" | cut -d/ -f2 | sort -u)
    # One target's inputs on disk at a time (all of them take about 330 MB in small files).
    for t in "${TARGETS[@]}"; do
        if ! grep -qx "$t" <<<"$kept"; then
            echo "$t: no inputs kept in fuzz/$ARCHIVE" >&2
            continue
        fi
        tar -xJf "$ARCHIVE" -C "$tmp" "./$t"
        mkdir -p "artifacts/$t"
        if ! "target/$TRIPLE/smoke/$t" -runs=0 -max_len=65536 -timeout="$TIMEOUT" -rss_limit_mb=4096 \
            -artifact_prefix="artifacts/$t/" "$tmp/$t" >"$tmp/$t.log" 2>&1; then
            tail -40 "$tmp/$t.log"
            echo "$t: an input kept in fuzz/$ARCHIVE fails its checks (log above; the input is in fuzz/artifacts/$t/)"
            return 1
        fi
        echo "$t: $(find "$tmp/$t" -type f | wc -l) inputs, all pass"
        rm -rf "${tmp:?}/$t"
        ran=$((ran + 1))
    done
    [ "$ran" -gt 0 ] || { echo "no target had inputs in fuzz/$ARCHIVE" >&2; return 1; }
}

run() {
    local target=$1 seconds=${2:-600}
    mkdir -p "corpus/$target" "artifacts/$target"
    "target/$TRIPLE/release/$target" -max_total_time="$seconds" -max_len=65536 -timeout="$TIMEOUT" \
        -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="artifacts/$target/" "corpus/$target"
}

# Run one target until its edge count ("cov:" in libFuzzer's status lines) has not risen for QUIET
# seconds, and for at least ten minutes; stop at MAX seconds whatever happens.
flat() {
    local target=$1 quiet=${2:-600} max=${3:-3600} min=600
    mkdir -p "corpus/$target" "artifacts/$target" logs
    local log="logs/$target-$(date -u +%Y%m%dT%H%M%S).log"
    # Each new instruction reached is logged (-print_pcs) at a fixed address (setarch -R), so that
    # new_pcs.py can tell new coverage of the tool's own code from that of the crates it uses.
    local norandom=()
    if setarch -R true 2>/dev/null; then norandom=(setarch -R); fi
    "${norandom[@]}" "target/$TRIPLE/release/$target" -max_total_time="$max" -max_len=65536 \
        -timeout="$TIMEOUT" -rss_limit_mb=4096 -print_final_stats=1 -print_pcs=1 \
        -artifact_prefix="artifacts/$target/" "corpus/$target" >"$log" 2>&1 &
    local pid=$! start=$SECONDS last_cov=0 last_rise=$SECONDS cov
    while kill -0 "$pid" 2>/dev/null; do
        sleep 10
        # The clocks start once the corpus is loaded (INITED): loading a large one takes many
        # minutes, with a line only at each power of two of inputs run.
        if ! grep -q 'INITED' "$log"; then start=$SECONDS last_rise=$SECONDS; continue; fi
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | tr -dc 0-9 || true)
        if [ -n "$cov" ] && [ "$cov" -gt "$last_cov" ]; then last_cov=$cov; last_rise=$SECONDS; fi
        if [ $((SECONDS - start)) -ge "$min" ] && [ $((SECONDS - last_rise)) -ge "$quiet" ]; then
            kill -INT "$pid" 2>/dev/null || true
            break
        fi
    done
    local status=0
    wait "$pid" || status=$?
    echo "$target: $((SECONDS - start)) s, edges $last_cov, last new edge at $((last_rise - start)) s, exit $status, log $log"
    if [ ${#norandom[@]} -gt 0 ]; then
        # Now, before the next build replaces the binary the addresses belong to.
        python3 new_pcs.py "$log" "target/$TRIPLE/release/$target" >"${log%.log}.pcs" || true
        tail -1 "${log%.log}.pcs"
    fi
    # libFuzzer exits 72 when interrupted on purpose, 0 at MAX; anything else is a finding.
    [ "$status" -eq 0 ] || [ "$status" -eq 72 ] || [ "$status" -eq 130 ]
}

case "${1:-}" in
    seed) seed && unpack ;;
    pack) shift; pack "$@" ;;
    build) build ;;
    smoke) build smoke && smoke ;;
    run) build && run "$2" "${3:-600}" ;;
    all) build && for t in "${TARGETS[@]}"; do run "$t" "${2:-600}"; done ;;
    flat) build && flat "$2" "${3:-600}" "${4:-3600}" ;;
    *) sed -n '2,19p' "$(basename "$0")"; exit 2 ;;
esac
