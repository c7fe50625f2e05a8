# schemagen: the two commands a new user needs are `make generate` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
BUILD_FLAGS ?=

.PHONY: all deps test-deps build generate check lint test test-example install fuzz fuzz-smoke bench bench-stages bench-cli format clean

all: generate

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## Generate Generated/ from schema/.
generate: deps
	$(SWIFT) run $(BUILD_FLAGS) schemagen

## Fail when Generated/ is stale, or the schema breaks a convention.
check: deps
	$(SWIFT) run $(BUILD_FLAGS) schemagen check

## Every test (real SQLite in process, a real PostgreSQL 15 started by the tests), then `check`,
## then the example package that uses the build plugin (scripts/test-example.sh), then a short fuzz run. The log is kept short: no build progress, no line per passing test, the
## fuzzer in two lines; warnings, errors and failures always show. `make test V=1` shows everything.
V ?=
QUIET = $(if $(V),,-q)

test: test-deps
	@echo "test: building the package and its tests (a few minutes on a fresh clone)"
	@start=$$(date +%s) && $(SWIFT) build $(BUILD_FLAGS) --build-tests $(QUIET) && \
		echo "test: built in $$(($$(date +%s) - start)) s"
	$(SWIFT) test $(BUILD_FLAGS) --skip-build --disable-xctest $(QUIET)
	$(SWIFT) run $(BUILD_FLAGS) $(QUIET) schemagen check
	@SWIFT="$(SWIFT)" V="$(V)" scripts/test-example.sh
	@$(MAKE) --no-print-directory fuzz-smoke

## Only the example package (Examples/TodoApp): the build plugin and the command plugin at work.
test-example: deps
	@SWIFT="$(SWIFT)" V="$(V)" scripts/test-example.sh

## The installed tool links the Swift runtime and Foundation statically: loading and relocating
## forty shared libraries was a quarter of a small project's run (docs/performance.md). Its own
## scratch path keeps the development build's objects.
INSTALL_BUILD = $(SWIFT) build -c release --product schemagen --static-swift-stdlib --scratch-path .build/install $(BUILD_FLAGS)

install: deps
	$(INSTALL_BUILD)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 "$$($(INSTALL_BUILD) --show-bin-path)/schemagen" $(DESTDIR)$(PREFIX)/bin/schemagen
	cp -R "$$($(INSTALL_BUILD) --show-bin-path)/schemagen_SchemagenTemplates.resources" $(DESTDIR)$(PREFIX)/bin/

## Fuzz the reader, graph builder, linter and renderers with libFuzzer (Fuzz/, docs/testing.md).
## fuzz-smoke: a debug build and FUZZ_SMOKE_SECONDS of fuzzing (part of `make test`);
## fuzz: a release build and FUZZ_SECONDS (default 300). Both build in .build/fuzz, print a line
## for the build and one for the run, and keep the whole output in fuzz-corpus/logs/ (printed when
## something fails; V=1 prints it as it comes). Crashing inputs land in fuzz-corpus/artifacts/.
FUZZ_SMOKE_SECONDS ?= 25
FUZZ_SECONDS ?= 300

fuzz-smoke: deps
	@SWIFT="$(SWIFT)" FUZZ_CONFIG=debug FUZZ_VERBOSE="$(V)" Fuzz/fuzz.sh $(FUZZ_SMOKE_SECONDS)

fuzz: deps
	@SWIFT="$(SWIFT)" FUZZ_CONFIG=release FUZZ_VERBOSE="$(V)" Fuzz/fuzz.sh $(FUZZ_SECONDS)

## Instruction counts (callgrind) of the whole process and each stage at 100 and 1,000 tables,
## compared with bench/baseline.tsv (what got slower is printed); wall-time medians and peak memory
## at 100, 1,000 and 10,000 tables; the stages in process. scripts/bench.sh, docs/performance.md.
## BENCH_SIZES, BENCH_COUNT_SIZES, BENCH_RUNS, BENCH_UPDATE_BASELINE=1, BENCH_FAIL=1.
bench: deps
	@scripts/install-deps.sh --bench
	SWIFT="$(SWIFT)" BUILD_FLAGS="$(BUILD_FLAGS)" scripts/bench.sh

## Only the stages in process: BENCH_FLAGS="--tables 1000 --iterations 10".
bench-stages: deps
	$(SWIFT) run -c release $(BUILD_FLAGS) schemagen-bench $(BENCH_FLAGS)

## Time `schemagen lint` and `schemagen check` end to end on a 1,000-table project.
bench-cli: deps
	BUILD_FLAGS="$(BUILD_FLAGS)" scripts/bench-cli.sh

format:
	$(SWIFT) format --in-place --recursive Sources Tests Plugins Package.swift Examples/TodoApp

clean:
	rm -rf .build Fuzz/.build Examples/TodoApp/.build
