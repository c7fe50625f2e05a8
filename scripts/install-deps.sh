#!/usr/bin/env bash
# Installs the system packages schemagen needs, and only those that are missing.
#   scripts/install-deps.sh          libyaml and SQLite headers (enough to build and generate)
#   scripts/install-deps.sh --test   also PostgreSQL 15, which the tests start themselves
set -euo pipefail

packages=()
pkg-config --exists yaml-0.1 2>/dev/null || packages+=(libyaml-dev)
pkg-config --exists sqlite3 2>/dev/null || packages+=(libsqlite3-dev)
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
if [[ "${1:-}" == "--test" ]]; then
    [[ -x /usr/lib/postgresql/15/bin/initdb ]] || packages+=(postgresql-15)
    command -v sqlite3 >/dev/null 2>&1 || packages+=(sqlite3)
fi

if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi

echo "installing: ${packages[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install ${packages[*]}" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
