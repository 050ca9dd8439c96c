#!/usr/bin/env bash
# The system packages the test suite needs, checked first thing by `npm test` (scripts/test.mjs):
# on Debian/Ubuntu as root, installs what is missing with apt-get; otherwise names the exact
# command to run and exits 1. What each is for:
#   postgresql-15, postgresql-client-15  the IAM fixture's server (pgbench ships in postgresql-15), psql
#   gcc, libc6-dev, libpam0g-dev         the fixture's PAM module, compiled at start
#   openssl                              the fixture's test CA and certificates
#   chromium, xvfb                       E2E tests in real Chromium
#   unixodbc, odbc-postgresql            exported ODBC strings checked with isql + psqlODBC
#   openssh-server, openssh-client       SSH tunnel tests (real OpenSSH: unprivileged sshd bastions, ssh-agent, ssh -L)
#   iproute2                             ip netns: the tunnel tests' database in a private network namespace
#   default-jre-headless (Java ≥ 17), libpostgresql-jdbc-java   JDBC strings checked with pgjdbc
#   python3                              libpq ground truth (test/support/*.py) and the pty-driven CLI tests
#   awscli (only when no `aws` is on PATH)  signing cross-checked with the real aws CLI
set -euo pipefail

packages=(postgresql-15 postgresql-client-15 gcc libc6-dev libpam0g-dev openssl chromium xvfb unixodbc odbc-postgresql
  openssh-server openssh-client iproute2 libpostgresql-jdbc-java python3)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian/Ubuntu system (no dpkg/apt-get). The tests need these, under your" >&2
  echo "  system's names: ${packages[*]}, a Java ≥ 17 runtime and the aws CLI. Install them, then run npm test again." >&2
  exit 1
fi

need=()
have_pkg() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
for pkg in "${packages[@]}"; do
  have_pkg "$pkg" || need+=("$pkg")
done
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] 2>/dev/null; then need+=(default-jre-headless); fi
command -v aws >/dev/null 2>&1 || need+=(awscli)

if [ ${#need[@]} -gt 0 ]; then
  command="apt-get update && apt-get install -y --no-install-recommends ${need[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "install-system-deps: missing ${need[*]}. Run:" >&2
    echo "  sudo sh -c '$command'" >&2
    echo "then npm test again." >&2
    exit 1
  fi
  echo "install-system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  for pkg in "${need[@]}"; do
    policy="$(apt-cache policy "$pkg")" # (not piped into grep -q: pipefail would see apt-cache's SIGPIPE)
    if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
      echo "install-system-deps: no package $pkg in this system's apt sources." >&2
      case "$pkg" in postgresql-15 | postgresql-client-15)
        echo "  PostgreSQL 15 comes from the PostgreSQL project's apt repository here; add it with:" >&2
        echo "  apt-get install -y postgresql-common && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y" >&2 ;;
      esac
      exit 1
    fi
  done
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! id postgres >/dev/null 2>&1; then
  echo "install-system-deps: the 'postgres' OS user is missing (reinstall postgresql-15)" >&2
  exit 1
fi
echo "install-system-deps: ok"
