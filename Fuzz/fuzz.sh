#!/bin/sh
# Builds schemagen's libFuzzer target (Fuzz/, a package of its own) and runs it for SECONDS
# (default 25): first on every input in Fuzz/regressions/ (inputs that once crashed), then fuzzing
# from seeds made of the example schema and the test corpora. See docs/testing.md.
#
#   Fuzz/fuzz.sh [SECONDS]        FUZZ_CONFIG=release Fuzz/fuzz.sh 300
#
# Work files go to fuzz-corpus/ (ignored by git): corpus/ (what the fuzzer learnt; kept between
# runs, so later runs start further), seeds/ (rebuilt each run), artifacts/ (crashing inputs).
set -eu

seconds=${1:-25}
config=${FUZZ_CONFIG:-debug}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/fuzz-corpus"
swift=${SWIFT:-swift}

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

start=$(date +%s)
# gold warns about every ASan helper symbol it cannot export; keep the build log readable.
"$swift" build --package-path "$root/Fuzz" -c "$config" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 |
    grep -v "Cannot export local symbol" || true
binary="$("$swift" build --package-path "$root/Fuzz" -c "$config" --show-bin-path)/SchemagenFuzz"
[ -x "$binary" ] || { echo "fuzz: the build failed" >&2; exit 1; }
built=$(date +%s)
echo "fuzz: built in $((built - start)) s ($config)"

mkdir -p "$work/corpus" "$work/artifacts"
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
echo "fuzz: $n seeds"

if ls "$root"/Fuzz/regressions/* >/dev/null 2>&1; then
    "$binary" -runs=1 "$root"/Fuzz/regressions/*
fi

"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -dict="$root/Fuzz/schemagen.dict" -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "$work/seeds"
echo "fuzz: build and run took $(($(date +%s) - start)) s"
