# Kluis — `make` builds build/kluis; `make run` starts the demo; `make test`
# runs every test. `run` and `test` first install what is missing (Debian 12,
# as root).
.PHONY: all build deps run test test-unit test-sanitize test-fuzz test-browser bench clean

BUILD ?= build
JOBS ?= $(shell nproc)

all: build

build:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target kluis

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory build
	@./$(BUILD)/kluis demo --data ./var

# Everything: unit + HTTP tests, sanitizer build of the same, fuzz smoke,
# browser test. Ends with one line "N passed, N failed".
test: deps
	@tests/run.sh all

test-unit: deps
	@tests/run.sh unit

test-sanitize: deps
	@tests/run.sh sanitize

test-fuzz: deps
	@tests/run.sh fuzz

test-browser: deps
	@tests/run.sh browser

bench: deps build
	@bench/run.sh

clean:
	rm -rf build build-san build-fuzz
