#!/usr/bin/env bash
# Create the project's virtual environment if it is missing, on a machine that may have only
# Python 3.11+ and apt. Usage: bootstrap-venv.sh PYTHON VENV_DIR
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

if [ -x "$venv/bin/python" ]; then exit 0; fi

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "sayso needs Python 3.11 or newer as '$python' (set PYTHON=... to choose another)." >&2
  exit 1
fi

if ! "$python" -m venv "$venv" 2>/dev/null; then
  # Debian's python3 ships venv and ensurepip separately.
  rm -rf "$venv"
  echo "Installing python3-venv with apt (needs root)..." >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq python3-venv
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
