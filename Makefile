# One-liners; the README names `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
EXTRAS ?= dev,postgres,translate

.PHONY: setup system-deps test-data run serve test test-fast lint eval battery eval-learned bench-ingest bench-translate bench-pii bench-api bench-scale bench-fidelity bench-text bench-startup bench-ocr eval clean

$(VENV)/.installed: pyproject.toml requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[$(EXTRAS)]'
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements-models.txt
	$(VENV)/bin/triage prepare
	touch $@

setup: system-deps $(VENV)/.installed

system-deps:
	./scripts/system-deps.sh

test-data:  ## real Outlook files for the mail tests (npm test data, pinned by hash)
	./scripts/fetch-mail-samples.sh

run: setup  ## process the bundled samples on the embedded default (SQLite, ./data), then serve the review page
	$(VENV)/bin/triage process samples --data-dir data
	$(VENV)/bin/triage serve --data-dir data

serve: setup  ## the review page and the HTTP API with the embedded worker pool (SQLite, ./data) on http://127.0.0.1:8000
	$(VENV)/bin/triage serve --data-dir data

test: setup test-data  ## every test; PostgreSQL tests run when TRIAGE_TEST_POSTGRES_URL is set
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not slow"

lint: setup
	$(VENV)/bin/ruff check triage models api workers tests bench
	$(VENV)/bin/mypy

eval: setup  ## scores side by side: dev and train (tuned on), valid and valid2 (chosen by), blind (never tuned on), per language and kind
	$(VENV)/bin/triage analyze ../shared/eval/dev/corpus.jsonl -o out/dev-predictions.jsonl
	$(VENV)/bin/triage analyze eval/train/corpus.jsonl -o out/train-predictions.jsonl
	$(VENV)/bin/triage analyze eval/valid/corpus.jsonl -o out/valid-predictions.jsonl
	$(VENV)/bin/triage analyze eval/valid2/corpus.jsonl -o out/valid2-predictions.jsonl
	$(VENV)/bin/triage analyze eval/blind/corpus.jsonl -o out/blind-predictions.jsonl
	$(PY) eval/report.py dev=../shared/eval/dev/corpus.jsonl:out/dev-predictions.jsonl \
		train=eval/train/corpus.jsonl:out/train-predictions.jsonl \
		valid=eval/valid/corpus.jsonl:out/valid-predictions.jsonl \
		valid2=eval/valid2/corpus.jsonl:out/valid2-predictions.jsonl \
		blind=eval/blind/corpus.jsonl:out/blind-predictions.jsonl

battery: setup  ## invented one-line items: is each concept read in every language? (eval/batteries/README.md)
	$(PY) eval/battery.py eval/batteries/*.tsv

eval-learned: setup  ## the offence model trained on dev + train, scored on blind beside terms alone
	cat ../shared/eval/dev/corpus.jsonl eval/train/corpus.jsonl > out/dev+train.jsonl
	rm -rf out/learned && $(VENV)/bin/triage train out/dev+train.jsonl --data-dir out/learned
	$(VENV)/bin/triage analyze eval/blind/corpus.jsonl -o out/blind-learned.jsonl --data-dir out/learned
	$(PY) eval/report.py --by "" terms=eval/blind/corpus.jsonl:out/blind-predictions.jsonl \
		terms+model=eval/blind/corpus.jsonl:out/blind-learned.jsonl

bench-ingest: setup
	$(PY) bench/ingest.py

bench-translate: setup
	$(PY) bench/translate.py

bench-pii: setup
	$(PY) bench/pii_vs_presidio.py

bench-api: setup
	$(PY) bench/api_load.py

bench-fidelity: setup  ## the dev corpus in every file format against the text path
	$(PY) bench/fidelity.py -o out/fidelity.json

bench-startup: setup  ## time to the first item and peak memory per worker (a ratio to Presidio with the bench extra)
	$(PY) bench/startup.py --json out/startup.json

bench-ocr: setup  ## OCR pages per second per core at 300 dpi, language declared and unknown
	$(PY) bench/ocr_pages.py --json out/ocr-pages.json

bench-text: setup  ## seconds per MB of the text stages, 0.1 MB against 1 MB
	$(PY) bench/text_scaling.py -o out/text-scaling.json

bench-scale: setup  ## needs PostgreSQL and Redis (TRIAGE_BENCH_POSTGRES_URL, TRIAGE_BENCH_REDIS_URL)
	$(PY) bench/scale.py

clean:
	rm -rf data out .pytest_cache .mypy_cache .ruff_cache
