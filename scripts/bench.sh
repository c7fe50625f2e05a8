#!/usr/bin/env bash
# `make bench`: schemagen's speed at 100, 1,000 and 10,000 tables (docs/performance.md).
#
#   1. Instruction counts (valgrind --tool=callgrind), the repeatable measure: the whole process
#      and each stage inside it (inclusive counts of the pipeline's functions) for every scenario
#      below, compared with the committed baseline (bench/baseline.tsv); what got slower is printed.
#   2. Wall time, the measure users feel but a noisy one: the median of BENCH_RUNS runs of every
#      scenario, and the peak memory (GNU time), printed as a Markdown table.
#   3. The stages in process (`schemagen-bench`): each timed on its own, cold (the first run) and
#      warm (median), the migration snapshot and diff included.
#
# Scenarios, on a synthetic project in a git repository (`schemagen-bench --write-project`):
#   generate-cold   `generate` into an empty Generated/ (writes every file and migration 0001)
#   check           `check`, everything up to date (migration 0001 committed)
#   generate-noop   `generate` with nothing to do
#   lint            `lint`
#   generate-1      `generate` after one table gained a column (one model, one migration)
#   migration-10    `generate` after ten tables gained a column (a migration of ten changes)
#   check-recorded  `check` answered from the up-to-date record of the run before (docs/ci.md)
#   ddl-postgres    `ddl --dialect postgres`: one dialect's DDL alone
#   ddl-both        `ddl --output-dir`: both dialects' DDL written, what SQLAlchemy's compile of both
#                   (scripts/sqlalchemy-ddl.py) is compared with
# Every scenario but check-recorded runs with `--no-cache` where the command has a record (check,
# generate): it measures the work itself, as a fresh clone in CI does it. The records are kept in
# a cache folder of the run's own, never the user's.
#
# Environment (an empty value skips that part): BENCH_SIZES (timed sizes, default "100 1000 10000"), BENCH_COUNT_SIZES (counted sizes,
# default "100 1000"; 10,000 takes many minutes under valgrind), BENCH_RUNS (default 5),
# BENCH_STAGES=0 skips part 3, BENCH_INSTALLED=0 leaves out the installed binary's times (it is
# built with a static runtime, in .build/install, as `make install` builds it), BENCH_UPDATE_BASELINE=1 writes the counts as the new baseline,
# BENCH_FAIL=1 exits 1 when something got slower, BENCH_SCENARIOS (default: all, in the order
# above) chooses scenarios. Not a test: nothing here fails `make test`.
set -euo pipefail
# A failed run inside `$(time_run …)` stops the script, as one outside it does.
shopt -s inherit_errexit

sizes=${BENCH_SIZES-100 1000 10000}
count_sizes=${BENCH_COUNT_SIZES-100 1000}
runs=${BENCH_RUNS:-5}
threshold=${BENCH_THRESHOLD:-2}  # percent of instructions that counts as slower
swift=${SWIFT:-swift}
read -r -a build_flags <<<"${BUILD_FLAGS:-}"

cd "$(dirname "$0")/.."
repo=$(pwd)
baseline="$repo/bench/baseline.tsv"
"$swift" build -c release "${build_flags[@]}" --product schemagen >&2
"$swift" build -c release "${build_flags[@]}" --product schemagen-bench >&2
bin=$("$swift" build -c release "${build_flags[@]}" --show-bin-path)
# The binary `make install` installs: the Swift runtime and Foundation linked statically, in a
# scratch path of its own (as the Makefile builds it). Timed beside the other; not counted.
installed=""
if [[ ${BENCH_INSTALLED:-1} != 0 && -n ${sizes} ]]; then
    install_build=("$swift" build -c release --product schemagen --static-swift-stdlib --scratch-path .build/install
        "${build_flags[@]}")
    "${install_build[@]}" >&2
    installed="$("${install_build[@]}" --show-bin-path)/schemagen"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SCHEMAGEN_CACHE_DIR="$work/cache"
# valgrind 3.19 cannot read the DWARF 5 that Swift 6 writes: a copy without debug info keeps the
# symbols, which is all callgrind needs. The resources go beside it, where the binary looks.
cp "$bin/schemagen" "$work/schemagen"
objcopy --strip-debug "$work/schemagen" 2>/dev/null || true
cp -R "$bin"/schemagen_SchemagenTemplates.resources "$work/"
tool="$work/schemagen"

git_quiet() { git -c user.name=bench -c user.email=bench@localhost -c commit.gpgsign=false "$@" >/dev/null; }

# A project of $1 tables in $2, its schema committed, Generated/ with migration 0001 committed.
# The two commits are tagged `schema` and `generated`.
make_project() {
    "$bin/schemagen-bench" --write-project "$2" --tables "$1" >/dev/null
    (cd "$2" && git init -q && git_quiet add -A && git_quiet commit -qm schema && git tag schema)
    (cd "$2" && "$tool" generate --quiet && git_quiet add -A && git_quiet commit -qm generated && git tag generated)
}

# Puts the committed state back, then prepares scenario $2 in project $1 for the binary $3. A cold
# run starts from the commit before Generated/ was: with its migration committed, a missing
# Generated/ is a `migration-integrity` error, not a first migration. Its Generated/ is moved
# aside first, not deleted, and the disk given three seconds after the checkout's writes: on this
# VM's disk (mounted `discard`) freeing a thousand files just before the run tripled its time
# (0.28 s → 0.9 s, nearly all of it system time), and one second after a sync left it at 0.35 s.
prepare() {
    (cd "$1" && git checkout -q -f generated && git clean -fdq)
    case $2 in
        generate-cold)
            (cd "$1" && mv Generated "$(mktemp -d "$work/moved.XXXXXX")/" && git checkout -q -f schema && git clean -fdq)
            sync
            sleep 3
            ;;
        generate-1) add_columns "$1" 1 ;;
        migration-10) add_columns "$1" 10 ;;
        # The run before this one checked the same inputs and left a whole record, by the binary
        # that is measured (a record is the binary's own: another file's never answers).
        check-recorded) (cd "$1" && "$3" check >/dev/null && "$3" check >/dev/null) ;;
    esac
}

# Adds a nullable column after the `code` column of the first $2 tables.
add_columns() {
    local left=$2 file
    for file in "$1"/schema/10-tables-*.yaml; do
        ((left > 0)) || break
        awk -v left="$left" '{ print } /^      code: / && left > 0 { print "      bench_note: text?"; left-- }' \
            "$file" >"$file.new"
        left=$((left - $(grep -c '^      code: ' "$file")))
        mv "$file.new" "$file"
    done
}

command_of() {
    case $1 in
        generate-cold | generate-noop | generate-1 | migration-10) echo "generate --quiet --no-cache" ;;
        check) echo "check --no-cache" ;;
        check-recorded) echo "check" ;;
        lint) echo "lint" ;;
        ddl-postgres) echo "ddl --dialect postgres" ;;
        ddl-both) echo "ddl --output-dir ddl-out" ;;
    esac
}

scenarios=${BENCH_SCENARIOS:-generate-cold check generate-noop lint generate-1 migration-10 check-recorded ddl-postgres ddl-both}

# Pipeline functions whose inclusive instruction counts are reported as stages. The counted runs
# take every job of a `concurrentMap` in turn on the calling thread (SCHEMAGEN_JOBS=1), so a
# stage's count holds all of its work whichever core would have run it; the history's own thread
# still runs beside the front. `Generator.run` and `SchemaLoader.load` are not stages: part of
# their work runs on that thread's stack.
# A renderer's stage is its parts (`renderPart`, which `parts(of:tablesPerPart:)` hands out), summed over the
# threads that ran them; what `parts` sets up once before them is outside (the Swift type names come
# from the checks).
stages=(
    "parse:SchemaLoader.parse("
    "graph:GraphBuilder.build("
    "checks:Checks.runKeepingSwiftTypeNames("
    "postgres:PostgresRenderer.renderPart("
    "sqlite:SQLiteRenderer.renderPart("
    "swift:SwiftRenderer.renderPart("
    "markdown:SchemaDocumentRenderer.renderPart("
    "swift-migrations:SwiftMigrationsFile.render("
    "swift-migrations-check:SwiftMigrationsFile.holdsFingerprint("
    "integrity:IntegrityVerifier.verify("
    "migrations:MigrationPlanner.plan("
    "snapshot-decode:MigrationSnapshot.decode("
    "diff:SchemaDiffer.diff("
    "compare:FileWriter.plan(for:)"
    "write:FileWriter.write("
    "record:RunKey.holds("
)

counts="$work/counts.tsv"
: >"$counts"
for size in $count_sizes; do
    project="$work/count-$size"
    echo "counting instructions at $size tables…" >&2
    make_project "$size" "$project"
    for scenario in $scenarios; do
        prepare "$project" "$scenario" "$tool"
        out="$work/callgrind.$size.$scenario"
        # shellcheck disable=SC2046
        if ! (cd "$project" && SCHEMAGEN_JOBS=1 valgrind --tool=callgrind --callgrind-out-file="$out" "$tool" \
            $(command_of "$scenario") >/dev/null 2>"$out.log"); then
            echo "warning: $scenario at $size tables failed under valgrind; its counts are of a failed run ($out.log)" >&2
        fi
        total=$(grep -m1 '^summary:' "$out" | awk '{ print $2 }')
        printf '%s\t%s\t%s\t%s\n' "$size" "$scenario" "process" "$total" >>"$counts"
        callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null | swift demangle --simplified \
            >"$out.txt"
        for stage in "${stages[@]}"; do
            name=${stage%%:*}
            symbol=${stage#*:}
            # A stage the scenario does not run (no decode on a cold run) has no line.
            value=$(grep -F -- "$symbol" "$out.txt" | grep -v "'2" | head -1 | awk '{ gsub(",", "", $1); print $1 }' || true)
            if [[ -n $value ]]; then printf '%s\t%s\t%s\t%s\n' "$size" "$scenario" "$name" "$value" >>"$counts"; fi
        done
    done
done

echo "## Instructions (callgrind), whole process and stages"
echo
if [[ -f $baseline ]]; then
    python3 - "$baseline" "$counts" "$threshold" <<'EOF'
import sys
def load(path):
    rows = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        size, scenario, stage, value = line.rstrip("\n").split("\t")
        rows[(size, scenario, stage)] = int(value)
    return rows
base, now, threshold = load(sys.argv[1]), load(sys.argv[2]), float(sys.argv[3])
print("| tables | scenario | stage | baseline | now | change |")
print("| ---: | --- | --- | ---: | ---: | ---: |")
slower = []
for key in sorted(now, key=lambda k: (int(k[0]), k[1], k[2] != "process", k[2])):
    value = now[key]
    old = base.get(key)
    change = "new" if old is None else f"{(value - old) / old * 100:+.1f}%"
    shown = "–" if old is None else f"{old:,}"
    print(f"| {key[0]} | {key[1]} | {key[2]} | {shown} | {value:,} | {change} |")
    if old is not None and value > old * (1 + threshold / 100):
        slower.append(f"{key[0]} tables, {key[1]}, {key[2]}: {old:,} → {value:,} ({change})")
print()
if slower:
    print(f"**Slower than the baseline by more than {threshold:g}%:**")
    print()
    for line in slower:
        print(f"- {line}")
else:
    print(f"Nothing is slower than the baseline by more than {threshold:g}%.")
open(sys.argv[2] + ".slower", "w").write("\n".join(slower))
EOF
else
    echo "(no baseline at bench/baseline.tsv: BENCH_UPDATE_BASELINE=1 make bench writes one)"
    column -t "$counts"
fi
if [[ ${BENCH_UPDATE_BASELINE:-0} == 1 ]]; then
    mkdir -p "$(dirname "$baseline")"
    # The sizes and scenarios not counted this time keep their rows.
    kept=""
    [[ -f $baseline ]] && kept=$(grep -v '^#' "$baseline" |
        awk -F'\t' -v sizes=" $count_sizes " -v scenarios=" $scenarios " \
            'index(sizes, " " $1 " ") == 0 || index(scenarios, " " $2 " ") == 0')
    {
        echo "# tables	scenario	stage	instructions (callgrind Ir; scripts/bench.sh, BENCH_UPDATE_BASELINE=1)"
        [[ -n $kept ]] && echo "$kept"
        cat "$counts"
    } >"$baseline.new"
    mv "$baseline.new" "$baseline"
    echo
    echo "wrote $baseline"
fi

echo
echo "## Wall time, whole process (median of $runs runs; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))"
echo
# One run of scenario $2 in project $1 by the binary $3: prints its milliseconds.
time_run() {
    prepare "$1" "$2" "$3"
    local start
    start=$(date +%s%N)
    # shellcheck disable=SC2046
    (cd "$1" && "$3" $(command_of "$2") >/dev/null)
    echo $((($(date +%s%N) - start) / 1000000))
}

# The peak memory of one run of scenario $2 in project $1 by the binary $3.
peak_memory() {
    prepare "$1" "$2" "$3"
    [[ -x /usr/bin/time ]] || { echo "–"; return; }
    # shellcheck disable=SC2046
    (cd "$1" && /usr/bin/time -f %M -o "$work/rss" "$3" $(command_of "$2") >/dev/null)
    echo "$(($(tail -n 1 "$work/rss") / 1024)) MiB"
}

# "median min max" of the numbers in $@.
spread() {
    local sorted
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
    echo "${sorted[$(($# / 2))]} ${sorted[0]} ${sorted[$(($# - 1))]}"
}

if [[ -n $installed ]]; then
    echo "The release build (\`swift build -c release\`), and beside it the binary \`make install\` installs"
    echo "(the Swift runtime linked statically), run by turns."
    echo
    echo "| tables | scenario | median | min | max | peak memory | installed: median | min | max | peak memory |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
else
    echo "| tables | scenario | median | min | max | peak memory |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: |"
fi
for size in $sizes; do
    project="$work/time-$size"
    make_project "$size" "$project"
    for scenario in $scenarios; do
        built=() static=()
        for _ in $(seq "$runs"); do
            built+=("$(time_run "$project" "$scenario" "$bin/schemagen")")
            if [[ -n $installed ]]; then static+=("$(time_run "$project" "$scenario" "$installed")"); fi
        done
        read -r median least most <<<"$(spread "${built[@]}")"
        row="| $size | $scenario | $median ms | $least ms | $most ms | $(peak_memory "$project" "$scenario" "$bin/schemagen") |"
        if [[ -n $installed ]]; then
            read -r median least most <<<"$(spread "${static[@]}")"
            row+=" $median ms | $least ms | $most ms | $(peak_memory "$project" "$scenario" "$installed") |"
        fi
        echo "$row"
    done
done

if [[ ${BENCH_STAGES:-1} != 0 ]]; then
    echo
    echo "## Stages in process (schemagen-bench)"
    echo
    "$bin/schemagen-bench" --tables "$(echo "$sizes" | tr ' ' ',')" --iterations "$runs"
fi

if [[ ${BENCH_FAIL:-0} == 1 && -s "$counts.slower" ]]; then exit 1; fi
