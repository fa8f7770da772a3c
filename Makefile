# strata: the two commands a new user needs are `make demo` and `make test`.
BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build test test-asan fuzz demo install bench clean format

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

# Starts a private PostgreSQL 15 on loopback for the run, then stops it.
test: build
	@scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The same suite built with AddressSanitizer + UndefinedBehaviorSanitizer in its
# own directory. Every instrumented process (tests, the strata processes they
# start, the embedded example) writes any report to $(ASAN_BUILD)/sanitizer/;
# a report there fails the target even when the process's exit status was
# expected to be non-zero. STRATA_CONFORMANCE_SEEDS=N runs fewer random seeds.
ASAN_BUILD ?= build-asan
# -O1 -g1 compiles about twice as fast as -O2 -g under the sanitizers, and the
# reports still name file and line.
ASAN_CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
SAN_LOG = $(CURDIR)/$(ASAN_BUILD)/sanitizer
SAN_COMMON = halt_on_error=1:print_stacktrace=1:log_path=$(SAN_LOG)/report
test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) $(ASAN_CMAKE_FLAGS) -DSTRATA_SANITIZE=ON -DSTRATA_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS) -- --no-print-directory
	@rm -rf $(SAN_LOG) && mkdir -p $(SAN_LOG)
	@status=0; \
	ASAN_OPTIONS=$(SAN_COMMON):detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizer/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=$(SAN_COMMON) \
	  scripts/with-postgres.sh ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS) || status=$$?; \
	if [ -n "$$(ls -A $(SAN_LOG))" ]; then \
	  for f in $(SAN_LOG)/*; do echo "== $$f"; head -n 60 "$$f"; done; \
	  echo "test-asan: sanitizer reports in $(SAN_LOG)" >&2; exit 1; fi; \
	exit $$status

# libFuzzer targets of the parsers (tests/fuzz), built with clang in their own
# directory; each runs FUZZ_SECONDS, FUZZ_JOBS at a time. A crash stops the run
# and names the input to keep under tests/fuzz/regressions/, which `make test` replays.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= $(JOBS)
fuzz: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSTRATA_FUZZ=ON -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target strata_fuzzers -- --no-print-directory
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS)

demo: build
	@examples/demo.sh $(BUILD)/strata

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

bench: build
	@bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
