#!/usr/bin/env bash
# Installs the system packages the test suite needs, when they are missing (Debian/Ubuntu, as root):
# PostgreSQL 15 server + psql (the IAM fixture), gcc + libpam headers (its PAM module), openssl
# (its test CA), Chromium + Xvfb (E2E), unixODBC + psqlODBC (export checks). The aws CLI ships
# with the machine image; tests that need it check for it.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in chromium xvfb libpam0g-dev gcc libc6-dev openssl unixodbc odbc-postgresql postgresql-15 postgresql-client-15; do
  have_pkg "$pkg" || need+=("$pkg")
done

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-system-deps: missing ${need[*]}; run this script as root (apt-get)." >&2
    exit 1
  fi
  echo "install-system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! id postgres >/dev/null 2>&1; then
  echo "install-system-deps: the 'postgres' OS user is missing (install postgresql-15)" >&2
  exit 1
fi
echo "install-system-deps: ok"
