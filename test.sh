#!/usr/bin/env bash
# Runs every RPA Workbench test: unit, bUnit component, API (WebApplicationFactory) and browser (Playwright).
# Installs what the tests need when it is missing (Debian's Chromium for the browser tests, Node.js and s3rver
# for the object-storage tests, PostgreSQL for the tests on that provider, redis-server for the several-instances
# tests), then prints a plain "N passed, N failed" line last. The tests start their own throw-away PostgreSQL and Redis
# servers on 127.0.0.1 and stop them at the end; set WORKBENCH_TEST_POSTGRES to a superuser's Npgsql connection string
# to use another PostgreSQL server instead.
set -uo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Chromium for the browser tests; a CJK font so screenshots of Chinese pages are readable.
missing=()
[ -z "${WORKBENCH_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && missing+=(chromium)
command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-wqy-microhei)
# Node.js runs s3rver, the local S3-compatible server the object-storage tests talk to on 127.0.0.1.
command -v npx >/dev/null 2>&1 || missing+=(nodejs npm)
# PostgreSQL's server binaries (any version); the cluster Debian sets up is left alone.
[ -z "${WORKBENCH_TEST_POSTGRES:-}" ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && missing+=(postgresql)
# redis-server for the scale-out tests; each test run starts its own on 127.0.0.1 (never the system service).
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# s3rver once into .tools/ (gitignored), so no test waits for npm; the test fixture runs it from there.
s3rver_version="3.7.1"
if ! grep -qs "\"version\": \"$s3rver_version\"" .tools/node_modules/s3rver/package.json; then
  echo "Installing s3rver $s3rver_version for the object-storage tests..."
  npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error "s3rver@$s3rver_version" >/dev/null
fi

results="TestResults"
rm -rf "$results"
dotnet test RpaWorkbench.sln -c Release \
  --results-directory "$results" \
  --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=normal" \
  "$@"
status=$?

trx=$(find "$results" -name '*.trx' 2>/dev/null | head -n 1)
if [ -z "$trx" ]; then
  echo "0 passed, 1 failed (no test results: the build or the test host failed)"
  exit 1
fi
counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(counter passed)
failed=$(counter failed)
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
exit "$status"
