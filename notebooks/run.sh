#!/usr/bin/env bash
# Executes every notebook in this folder headless against the tables in $THIDUA_EXPORTS
# (default: ../exports, as `thidua ingest` writes them), failing on the first error.
# Installs notebooks/requirements.txt into a virtualenv first when it is missing or out of date
# ($THIDUA_VENV, default ~/.cache/thidua-venv; $PYTHON picks the interpreter, default python3).
# Executed copies go to $THIDUA_NOTEBOOK_OUT (default: $THIDUA_EXPORTS/notebooks), figures to
# $THIDUA_EXPORTS/figures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${THIDUA_VENV:-${HOME:-/root}/.cache/thidua-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "creating virtualenv $venv"
    "$python" -m venv "$venv"
fi
stamp="$venv/.thidua-requirements.txt"
if ! cmp -s "$here/requirements.txt" "$stamp"; then
    echo "installing notebooks/requirements.txt into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi

export THIDUA_EXPORTS="$(cd "${THIDUA_EXPORTS:-$here/../exports}" && pwd)"
export THIDUA_NOTEBOOK_OUT="${THIDUA_NOTEBOOK_OUT:-$THIDUA_EXPORTS/notebooks}"
exec "$venv/bin/python" "$here/execute.py" "$here"/*.ipynb
