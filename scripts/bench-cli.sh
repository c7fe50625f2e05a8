#!/usr/bin/env bash
# Times the real command-line tool end to end on a synthetic project: `schemagen lint` and
# `schemagen check` (process start, config, YAML, graph, rules, renderers, and for check the
# comparison with Generated/ on disk). Wall time with hyperfine when it is installed, else a loop
# of runs; peak memory with GNU time (`/usr/bin/time`, Debian package `time`).
#
#   scripts/bench-cli.sh [TABLES] [RUNS]     defaults: 1000 tables, 10 runs
#
# Builds in release mode (BUILD_FLAGS are passed to `swift build`, e.g. a --scratch-path). The
# project lives in a temporary directory that is removed afterwards.
set -euo pipefail

tables=${1:-1000}
runs=${2:-10}
swift=${SWIFT:-swift}
read -r -a build_flags <<<"${BUILD_FLAGS:-}"

cd "$(dirname "$0")/.."
"$swift" build -c release "${build_flags[@]}" >&2
bin=$("$swift" build -c release "${build_flags[@]}" --show-bin-path)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project="$work/project"
"$bin/schemagen-bench" --write-project "$project" --tables "$tables" >&2
"$bin/schemagen" generate --project "$project" --quiet
files=$(find "$project/Generated" -type f | wc -l)

echo "## schemagen CLI, $tables tables ($files generated files), release build"
echo
lint=("$bin/schemagen" lint --project "$project")
check=("$bin/schemagen" check --project "$project")

if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --style basic --warmup 2 --runs "$runs" --export-markdown "$work/times.md" \
        --command-name "schemagen lint" "${lint[*]}" \
        --command-name "schemagen check" "${check[*]}" >&2
    cat "$work/times.md"
else
    echo "(hyperfine not installed: $runs timed runs each after one warm-up, by date +%s%N)"
    echo
    echo "| Command | Median [ms] | Min [ms] | Max [ms] |"
    echo "|:---|---:|---:|---:|"
    for name in lint check; do
        if [[ $name == lint ]]; then command=("${lint[@]}"); else command=("${check[@]}"); fi
        "${command[@]}" >/dev/null
        samples=()
        for _ in $(seq "$runs"); do
            start=$(date +%s%N)
            "${command[@]}" >/dev/null
            samples+=($(( ($(date +%s%N) - start) / 1000000 )))
        done
        sorted=($(printf '%s\n' "${samples[@]}" | sort -n))
        echo "| \`schemagen $name\` | ${sorted[$(( runs / 2 ))]} | ${sorted[0]} | ${sorted[$(( runs - 1 ))]} |"
    done
fi

echo
if [[ -x /usr/bin/time ]]; then
    echo "| Command | Peak memory (max RSS) |"
    echo "|:---|---:|"
    for name in lint check; do
        if [[ $name == lint ]]; then command=("${lint[@]}"); else command=("${check[@]}"); fi
        /usr/bin/time -f "%M" -o "$work/rss" "${command[@]}" >/dev/null
        echo "| \`schemagen $name\` | $(( $(tail -n 1 "$work/rss") / 1024 )) MiB |"
    done
else
    echo "(peak memory not measured: /usr/bin/time is missing; apt-get install time)"
fi
