# strata: the two commands a new user needs are `make demo` and `make test`.
BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build test demo install bench clean format

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

# Starts a private PostgreSQL 15 on loopback for the run, then stops it.
test: build
	@scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

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
