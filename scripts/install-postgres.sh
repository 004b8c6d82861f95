#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the store tests (tests/pg.py starts a throwaway cluster from them in a
# temporary folder; the package's own cluster is neither needed nor started). Idempotent and quiet: does
# nothing when an initdb is there. Needs root or sudo.
set -euo pipefail
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-postgres: no apt-get here; install PostgreSQL so that /usr/lib/postgresql/*/bin/initdb exists" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        echo "install-postgres: need root (or passwordless sudo) to apt-get install postgresql" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
