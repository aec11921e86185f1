# The portal's few commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint fmt bench demo messages venv

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Web server, Celery worker and beat together, on SQLite unless DATABASE_URL is set.
# exec: make passes a SIGTERM on to the process of the last line, which must be run_portal
# (a shell in between ignored it, and web, worker and beat ran on).
run: venv
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py compile_catalogues --verbosity 0
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo --if-empty
	DEBUG=$${DEBUG:-true} exec $(BIN)/python manage.py run_portal --port $(PORT)

demo: venv
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo

# pytest exits 5 when it collects no test; that is not a failure of the code.
test: venv
	$(BIN)/python manage.py compile_catalogues --verbosity 0
	$(BIN)/pytest $(ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks print their figures; most need PostgreSQL and Redis (see each script).
bench: venv
	@for script in bench/*.py; do \
		case $$script in bench/pgsetup.py) continue;; esac; \
		echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

# Needs GNU gettext: collect new strings into locale/, then translate them.
messages: venv
	$(BIN)/python manage.py makemessages -l de -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(BIN)/python manage.py english_percent
	$(BIN)/python manage.py compile_catalogues
