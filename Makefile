# SPDX-License-Identifier: MIT
# Front door: `make` builds build/srv6d and build/srv6ctl; `make test` installs
# what the tests need (scripts/bootstrap.sh) and runs every tier via ctest.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all test unit asan fuzz bench demo clean format

all: $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS)

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

test:
	./scripts/bootstrap.sh
	$(MAKE) all
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

unit: all
	cd $(BUILD) && ctest --output-on-failure -L unit

# Unit and conformance tiers under AddressSanitizer + UBSan.
asan:
	$(MAKE) all BUILD=build-asan CMAKE_FLAGS="-DSR6_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
	cd build-asan && ctest --output-on-failure -j$(JOBS) -L 'unit|conformance'

# libFuzzer targets (clang); FUZZ_SECONDS bounds each run.
FUZZ_SECONDS ?= 30
fuzz:
	$(MAKE) all BUILD=build-fuzz CMAKE_FLAGS="-DSR6_FUZZ=ON -DCMAKE_C_COMPILER=clang"
	./scripts/run-fuzzers.sh build-fuzz $(FUZZ_SECONDS)

bench:
	$(MAKE) all BUILD=build-bench CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Release -DSR6_NATIVE=ON"
	./scripts/run-bench.sh build-bench

demo: all
	./scripts/demo.sh $(BUILD)

clean:
	rm -rf build build-asan build-fuzz build-bench

format:
	clang-format -i $$(git ls-files '*.c' '*.h')
