# Govscape — `make run` opens the app, `make test` checks it. Both install the
# system packages they need first (Debian/Ubuntu; elsewhere they say what to install).

GO       ?= go
TAGS     := migrated_fynedo
BIN      := bin/govscape
GOFLAGS_BUILD := -tags $(TAGS)

# Fyne reads the locale from LANG and complains about "C"; keep a user's own UTF-8 locale.
ifneq ($(filter-out C C.UTF-8 C.utf8 POSIX,$(LANG)),)
export LANG
else
export LANG := en_US.UTF-8
endif

.PHONY: run build test vet unit smoke crash bench setup setup-test package clean

run: build
	./$(BIN)

build: setup
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) .

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --test

test: setup-test vet unit smoke crash

vet:
	$(GO) vet $(GOFLAGS_BUILD) ./...
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

unit:
	$(GO) test -race $(GOFLAGS_BUILD) ./...

smoke: build
	bash scripts/smoke.sh ./$(BIN)

# 200 short-lived `note add` processes on one store, each killed at a random
# moment: every acknowledged note must be listed and nothing moved aside.
crash: build
	$(GO) run ./scripts/crashtest -rounds 200 ./$(BIN)

bench: setup
	bash scripts/bench.sh

package: setup
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package -os linux -tags $(TAGS)

clean:
	rm -rf bin bench.out
