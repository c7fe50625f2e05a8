#!/bin/sh
# Builds schemagen's libFuzzer target (Fuzz/, a package of its own) and runs it for SECONDS
# (default 25): first on every input in Fuzz/regressions/ (inputs that once crashed), then fuzzing
# from seeds made of the example schema and the test corpora. See docs/testing.md.
#
#   Fuzz/fuzz.sh [SECONDS]        FUZZ_CONFIG=release Fuzz/fuzz.sh 300
#
# It prints one line for the build and one for the run; the whole output of both goes to
# fuzz-corpus/logs/ and is printed when something fails (FUZZ_VERBOSE=1 prints it as it comes).
# Work files go to fuzz-corpus/ (ignored by git): corpus/ (what the fuzzer learnt; kept between
# runs, so later runs start further), seeds/ (rebuilt each run), artifacts/ (crashing inputs).
#
# The build lives in the main package's .build/fuzz (FUZZ_SCRATCH_PATH): one folder for
# `make clean`, dependencies checked out from the same SwiftPM cache. It cannot share the main
# build's objects: every module under test must be compiled again with the fuzzer's coverage
# instrumentation and AddressSanitizer.
set -eu

seconds=${1:-25}
config=${FUZZ_CONFIG:-debug}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/fuzz-corpus"
scratch=${FUZZ_SCRATCH_PATH:-$root/.build/fuzz}
swift=${SWIFT:-swift}
verbose=${FUZZ_VERBOSE:-}

# libFuzzer ships with the swift.org toolchains (Linux, and the macOS ones from swift.org), not
# with Xcode's: without it there is nothing to build, which is not a test failure.
swift_path=$(command -v "$swift")
[ "$(uname)" = Darwin ] && swift_path=$(xcrun --find swift 2>/dev/null || echo "$swift_path")
toolchain=$(dirname "$(dirname "$(readlink -f "$swift_path" 2>/dev/null || echo "$swift_path")")")
if ! ls "$toolchain"/lib/clang/*/lib/*/libclang_rt.fuzzer* >/dev/null 2>&1 &&
    ! ls "$toolchain"/lib/swift/clang/lib/*/libclang_rt.fuzzer* >/dev/null 2>&1; then
    echo "fuzz: skipped, this Swift toolchain ($toolchain) has no libFuzzer" >&2
    exit 0
fi

mkdir -p "$work/corpus" "$work/artifacts" "$work/logs"
build_log="$work/logs/build.log"
run_log="$work/logs/run.log"
: >"$build_log"
: >"$run_log"

# Runs "$@" with its output appended to the log $1 (and shown too with FUZZ_VERBOSE=1).
logged() {
    log=$1
    shift
    if [ -n "$verbose" ]; then
        # The status of the command, not of tee: a pipeline in sh has no pipefail.
        { "$@" 2>&1; echo $? >"$log.status"; } | tee -a "$log"
        status=$(cat "$log.status")
        rm -f "$log.status"
        return "$status"
    fi
    "$@" >>"$log" 2>&1
}

# Prints the log $2 under the heading $1, and exits with status $3.
fail() {
    echo "fuzz: $1; the whole log (${2#"$root"/}) follows" >&2
    cat "$2" >&2
    echo "fuzz: $1 (log: ${2#"$root"/})" >&2
    exit "$3"
}

start=$(date +%s)
logged "$build_log" "$swift" build --package-path "$root/Fuzz" --scratch-path "$scratch" -c "$config" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library ||
    fail "the build failed" "$build_log" 1
binary="$("$swift" build --package-path "$root/Fuzz" --scratch-path "$scratch" -c "$config" --show-bin-path)/SchemagenFuzz"
[ -x "$binary" ] || fail "the build made no $binary" "$build_log" 1
built=$(date +%s)
echo "fuzz: built in $((built - start)) s ($config, ${scratch#"$root"/})"

rm -rf "$work/seeds"
mkdir -p "$work/seeds"
# Every schema file we have is a seed; a case with a schemagen.yaml also gives one seed with the
# config after a `#config` line (see Fuzz/Sources/SchemagenFuzz/FuzzInput.swift).
n=0
for file in "$root"/schema/*.yaml "$root"/Tests/SchemagenCoreTests/Fixtures/*/*/schema/*.yaml; do
    [ -f "$file" ] || continue
    n=$((n + 1))
    cp "$file" "$work/seeds/seed-$n.yaml"
done
for config_file in "$root"/Tests/SchemagenCoreTests/Fixtures/*/*/schemagen.yaml; do
    [ -f "$config_file" ] || continue
    for file in "$(dirname "$config_file")"/schema/*.yaml; do
        [ -f "$file" ] || continue
        n=$((n + 1))
        { cat "$file"; printf '\n#config\n'; cat "$config_file"; } >"$work/seeds/seed-$n.yaml"
    done
done

regressions=0
if ls "$root"/Fuzz/regressions/* >/dev/null 2>&1; then
    regressions=$(ls "$root"/Fuzz/regressions | wc -l | tr -d ' ')
    logged "$run_log" "$binary" -runs=1 "$root"/Fuzz/regressions/* ||
        fail "an input of Fuzz/regressions/ fails again" "$run_log" 1
fi

status=0
logged "$run_log" "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -dict="$root/Fuzz/schemagen.dict" -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "$work/seeds" || status=$?
if [ "$status" -ne 0 ]; then
    fail "FAILED after $(($(date +%s) - built)) s; the input is in fuzz-corpus/artifacts/" "$run_log" "$status"
fi

# libFuzzer's final statistics (-print_final_stats) and its last status line (`#N DONE cov: …`).
stat() { sed -n "s/^stat::$1: *//p" "$run_log" | tail -n 1; }
coverage=$(grep ' cov: ' "$run_log" | tail -n 1 | sed -n 's/.* cov: \([0-9]*\).* corp: \([0-9]*\).*/\1 edges, corpus \2 inputs/p')
echo "fuzz: ok, $(stat number_of_executed_units) inputs in $(($(date +%s) - built)) s" \
    "($n seeds, $regressions regression inputs; ${coverage:-no coverage line}, $(stat new_units_added) new;" \
    "peak $(stat peak_rss_mb) MB); log: ${run_log#"$root"/}"
