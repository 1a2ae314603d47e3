#!/usr/bin/env bash
# Runs every RPA Workbench test: unit, bUnit component, API (WebApplicationFactory) and browser (Playwright).
# First checks for the .NET 10 SDK, then installs what the tests need when it is missing (Debian's Chromium for the
# browser tests, a CJK font, tzdata for the time zones the tests convert with, Node.js with s3rver for the
# object-storage tests and @redocly/cli for the OpenAPI lint, PostgreSQL, redis-server and prometheus), restores and builds, and
# only then runs the tests, which download nothing. Prints a plain "N passed, N failed" line last. The tests start their own throw-away PostgreSQL and Redis
# servers on 127.0.0.1 and stop them at the end; set WORKBENCH_TEST_POSTGRES to a superuser's Npgsql connection string
# to use another PostgreSQL server instead. Any argument goes to `dotnet test` (e.g. --filter "FullyQualifiedName~Tasks").
set -euo pipefail
cd "$(dirname "$0")"

fail() {
  echo "test.sh: $*" >&2
  exit 1
}

# The SDK first: nothing below works without it.
if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  cat >&2 <<'EOF'
test.sh: the .NET 10 SDK was not found (`dotnet --list-sdks` lists no 10.x). Install it, then run ./test.sh again:
  - as root on Debian 12: add Microsoft's package repository
    (https://learn.microsoft.com/dotnet/core/install/linux-debian), then `apt-get install -y dotnet-sdk-10.0`;
  - or for this user only: `curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0`,
    then `export PATH="$HOME/.dotnet:$PATH"`.
EOF
  exit 1
fi

# The Debian packages the tests need and this machine lacks, space-separated.
missing_packages() {
  local missing=()
  # Chromium for the browser tests; a CJK font so screenshots of Chinese pages are readable.
  [ -n "${WORKBENCH_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; } || missing+=(fonts-wqy-microhei)
  # The operators' and robots' zones the tests convert with (.NET reads them from /usr/share/zoneinfo).
  { [ -f /usr/share/zoneinfo/Asia/Shanghai ] && [ -f /usr/share/zoneinfo/America/New_York ]; } || missing+=(tzdata)
  # Node.js runs s3rver, the local S3-compatible server the object-storage tests talk to on 127.0.0.1.
  { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || missing+=(nodejs npm)
  # PostgreSQL's server binaries (any version); the cluster Debian sets up is left alone.
  [ -n "${WORKBENCH_TEST_POSTGRES:-}" ] || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  # redis-server for the scale-out tests; each test run starts its own on 127.0.0.1 (never the system service).
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  # Prometheus for the scrape test; the test starts its own on 127.0.0.1 (never the system service).
  command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ] || missing+=(prometheus)
  echo "${missing[*]}"
}

read -r -a missing <<<"$(missing_packages)"
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    fail "these Debian packages are missing: ${missing[*]}. This user is not root and there is no sudo: run
  apt-get update && apt-get install -y ${missing[*]}
as root, or run ./test.sh as root, then run it again."
  fi
  command -v apt-get >/dev/null 2>&1 || fail "these packages are missing: ${missing[*]}, and there is no apt-get to install them: install them, then run ./test.sh again."
  echo "Installing ${missing[*]} for the tests..."
  "${as_root[@]}" apt-get update -qq || fail "apt-get update failed (above), so ${missing[*]} could not be installed."
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed (above)."
  read -r -a still <<<"$(missing_packages)"
  [ ${#still[@]} -eq 0 ] || fail "still missing after apt-get install: ${still[*]}."
fi

# s3rver once into .tools/ (gitignored); the tests run it from there and never call npm themselves.
s3rver_version="3.7.1"
if ! grep -qs "\"version\": \"$s3rver_version\"" .tools/node_modules/s3rver/package.json; then
  echo "Installing s3rver $s3rver_version for the object-storage tests..."
  npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error "s3rver@$s3rver_version" >/dev/null \
    || fail "npm install s3rver@$s3rver_version failed (above)."
fi

# The OpenAPI linter once into .tools/redocly (its own prefix: an npm install there would prune s3rver's); the lint test
# runs it offline (RpaWorkbench.Tests/ApiDocs/OpenApiLintTests.cs, rules in redocly.yaml).
redocly_version="2.77.0"
if ! grep -qs "\"version\": \"$redocly_version\"" .tools/redocly/node_modules/@redocly/cli/package.json; then
  echo "Installing @redocly/cli $redocly_version for the OpenAPI lint test..."
  npm install --prefix .tools/redocly --no-save --no-audit --no-fund --loglevel=error "@redocly/cli@$redocly_version" >/dev/null \
    || fail "npm install @redocly/cli@$redocly_version failed (above)."
fi

# Restore (the only NuGet download) and build before the tests, which then run what was built.
if ! dotnet build RpaWorkbench.sln -c Release; then
  echo "0 passed, 1 failed (the build failed)"
  exit 1
fi

# A test that hangs for 10 minutes aborts the run, and the console names it.
results="TestResults"
rm -rf "$results"
set +e
dotnet test RpaWorkbench.sln -c Release --no-build \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --results-directory "$results" \
  --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=normal" \
  "$@"
status=$?
set -e

trx=$(find "$results" -name '*.trx' 2>/dev/null | head -n 1)
if [ -z "$trx" ]; then
  echo "0 passed, 1 failed (no test results: the test host failed)"
  exit 1
fi
counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
passed=$(counter passed)
failed=$(counter failed)
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
# The failures again, each with the first lines of its message, so a CI log that keeps only its tail still names them.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "  " substr($0, RSTART + 10, RLENGTH - 11); want = 1 }
       want && /<Message>/ { inside = 1; shown = 0; sub(/.*<Message>/, "") }
       inside { line = $0; sub(/<\/Message>.*/, "", line); if (shown++ < 6) print "    " line; if ($0 ~ /<\/Message>/) { inside = 0; want = 0 } }' "$trx"
fi
echo "$passed passed, $failed failed"
exit "$status"
