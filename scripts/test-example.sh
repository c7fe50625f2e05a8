#!/usr/bin/env bash
# Builds and tests Examples/TodoApp, a package that uses schemagen's build plugin as a user's
# would (docs/plugins.md), then proves from `swift build -v`, which prints every command it runs:
#   1. a second build does not run the generator;
#   2. an edited schema runs it again, and the models have the new column;
#   3. a broken schema fails the build with `<absolute path>:line:col: error: … [rule]` on its line;
#   4. the command plugin runs schemagen in the package root (generate, into a temporary folder).
# The schema is restored however the script ends. FAST=1 skips nothing but the first test run;
# V=1 prints the build output.
set -euo pipefail
cd "$(dirname "$0")/../Examples/TodoApp"
SWIFT="${SWIFT:-swift}"
V="${V:-}"
quiet=(-q)
[[ -n "$V" ]] && quiet=()

work="$(mktemp -d)"
schema=schema/todos.yaml
cp "$schema" "$work/todos.yaml"
restore() {
    cp "$work/todos.yaml" "$schema"
    rm -rf "$work"
}
trap restore EXIT

fail() {
    echo "test-example: FAILED: $1" >&2
    [[ -f "${2:-}" ]] && cat "$2" >&2
    exit 1
}
# The generator's command line, as `swift build -v` prints it.
ran_generator() { grep -q -- ' models --project ' "$1"; }
build_v() { "$SWIFT" build -v --build-tests >"$1" 2>&1; }

start=$(date +%s)
"$SWIFT" build --build-tests "${quiet[@]}" || fail "the example does not build"
echo "test-example: built Examples/TodoApp in $(($(date +%s) - start)) s"
"$SWIFT" test --skip-build --disable-xctest "${quiet[@]}" || fail "the example's tests fail"

# The first build after planning runs the generator once more (the tool is linked again), so
# this one settles; from then on an unchanged schema runs nothing.
build_v "$work/settle.log" || fail "the example does not build" "$work/settle.log"
build_v "$work/second.log" || fail "the second build failed" "$work/second.log"
if ran_generator "$work/second.log"; then fail "a build with nothing changed ran the generator" "$work/second.log"; fi
echo "test-example: a build with nothing changed ran no generator"

# An edited schema: the command runs again and the model gains the column.
sed -i 's/^      notes: text?$/      notes: text?\n      tags: text?/' "$schema"
grep -q 'tags: text?' "$schema" || fail "could not edit $schema"
build_v "$work/edited.log" || fail "the build after an edit failed" "$work/edited.log"
ran_generator "$work/edited.log" || fail "an edited schema did not run the generator" "$work/edited.log"
models="$(find .build -path '*SchemagenPlugin*' -name SchemagenModels.swift | head -n 1)"
grep -q 'public var tags: String?' "$models" || fail "the models in $models lack the new column"
echo "test-example: an edited schema ran the generator, and the model has the new column"

# A broken schema: the build fails on the YAML line, with the absolute path an IDE can open.
cp "$work/todos.yaml" "$schema"
sed -i 's/priority: { type: int, default: 0 }/priority: { type: integr, default: 0 }/' "$schema"
line=$(grep -n 'type: integr' "$schema" | cut -d: -f1)
[[ -n "$line" ]] || fail "could not break $schema"
if build_v "$work/broken.log"; then fail "a broken schema did not fail the build" "$work/broken.log"; fi
expected="^$(pwd)/$schema:$line:[0-9]+: error: .*\[[a-z-]+\]$"
grep -Eq "$expected" "$work/broken.log" || fail "no '$(pwd)/$schema:$line:…: error: … [rule]' line" "$work/broken.log"
echo "test-example: a broken schema failed the build with: $(grep -E "$expected" "$work/broken.log" | head -n 1)"

cp "$work/todos.yaml" "$schema"
build_v "$work/restored.log" || fail "the restored schema does not build" "$work/restored.log"

# The command plugin: schemagen in the package root, arguments passed through. Once only: SwiftPM
# builds the tool for a command plugin apart from the build plugin's (schemagen and its
# dependencies once more, a minute or two on 2 cores).
"$SWIFT" package --allow-writing-to-package-directory schemagen generate --output "$work/Generated" \
    >"$work/generate.log" 2>&1 || fail "swift package schemagen generate failed" "$work/generate.log"
for file in sqlite/schema.sql postgres/schema.sql swift/Todo.swift; do
    [[ -f "$work/Generated/$file" ]] || fail "the command plugin did not write Generated/$file" "$work/generate.log"
done
grep -q 'wrote .*/sqlite/schema.sql' "$work/generate.log" || fail "the command plugin printed no 'wrote' line" "$work/generate.log"
echo "test-example: the command plugin ran schemagen generate in the package root"
echo "test-example: passed in $(($(date +%s) - start)) s"
