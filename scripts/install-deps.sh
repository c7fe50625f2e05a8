#!/usr/bin/env bash
# Installs the system packages schemagen needs, and only those that are missing.
#   scripts/install-deps.sh          libyaml and SQLite headers, and libpq (loaded by `migrate` on Postgres)
#   scripts/install-deps.sh --test   also PostgreSQL 15, which the tests start themselves, the
#                                    sqlite3 shell, and squawk (the Postgres migration linter) in a
#                                    virtual environment of its own, .build/squawk, from PyPI, and
#                                    check-jsonschema (an independent validator of schemas/*.json)
#                                    likewise, into .build/check-jsonschema
#   scripts/install-deps.sh --bench  also valgrind, binutils and GNU time, for `make bench`
set -euo pipefail

squawk_version=2.70.0
root="$(cd "$(dirname "$0")/.." && pwd)"
squawk_env="$root/.build/squawk"
check_jsonschema_version=0.39.0
check_jsonschema_env="$root/.build/check-jsonschema"

# squawk-cli ships its binary on PyPI; a virtual environment keeps it out of the system's Python.
install_squawk() {
    if [[ "$("$squawk_env/bin/squawk" --version 2>/dev/null)" == "squawk $squawk_version" ]]; then
        return
    fi
    echo "installing: squawk-cli $squawk_version into .build/squawk"
    rm -rf "$squawk_env"
    python3 -m venv "$squawk_env"
    "$squawk_env/bin/pip" install --quiet --disable-pip-version-check "squawk-cli==$squawk_version"
}

# The tests validate the example against schemas/*.json with a validator that is not ours.
install_check_jsonschema() {
    if [[ "$("$check_jsonschema_env/bin/check-jsonschema" --version 2>/dev/null)" == *" $check_jsonschema_version" ]]; then
        return
    fi
    echo "installing: check-jsonschema $check_jsonschema_version into .build/check-jsonschema"
    rm -rf "$check_jsonschema_env"
    python3 -m venv "$check_jsonschema_env"
    "$check_jsonschema_env/bin/pip" install --quiet --disable-pip-version-check \
        "check-jsonschema==$check_jsonschema_version"
}

packages=()
pkg-config --exists yaml-0.1 2>/dev/null || packages+=(libyaml-dev)
pkg-config --exists sqlite3 2>/dev/null || packages+=(libsqlite3-dev)
# libpq is no build dependency: schemagen loads it when it first connects to Postgres.
PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep -q 'libpq\.so\.5 ' || packages+=(libpq5)
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
if [[ "${1:-}" == "--bench" ]]; then
    # `make bench`: callgrind's counts, objcopy for the copy it can read, GNU time for peak memory.
    command -v valgrind >/dev/null 2>&1 || packages+=(valgrind)
    command -v objcopy >/dev/null 2>&1 || packages+=(binutils)
    [[ -x /usr/bin/time ]] || packages+=(time)
fi
if [[ "${1:-}" == "--test" ]]; then
    [[ -x /usr/lib/postgresql/15/bin/initdb ]] || packages+=(postgresql-15)
    command -v sqlite3 >/dev/null 2>&1 || packages+=(sqlite3)
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || packages+=(python3 python3-venv)
fi

if [[ ${#packages[@]} -gt 0 ]]; then
    echo "installing: ${packages[*]}"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install ${packages[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

if [[ "${1:-}" == "--test" ]]; then
    install_squawk
    install_check_jsonschema
fi
