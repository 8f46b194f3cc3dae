#!/usr/bin/env bash
# One entry point for people and CI.
#   ./run.sh              the main job: SSE vs WebSocket against the embedded fakes, then the report
#   ./run.sh test         restore, build and run every test
#   ./run.sh gate ARGS... the benchmark regression gate (benchmarks/Harness.Benchmarks, see README)
#   ./run.sh VERB ARGS... build the harness CLI (incrementally) and run `harness VERB ARGS...`
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first" >&2
  exit 2
fi

cli_project="src/Harness.Cli/Harness.Cli.csproj"
cli_dll="artifacts/bin/Harness.Cli/release/harness.dll"

# Rebuild only when a source or build file is newer than the CLI: a plain `dotnet build`
# costs seconds of MSBuild evaluation even when nothing changed.
cli_is_stale() {
  [ -f "$cli_dll" ] || return 0
  [ -n "$(find src fakes conformance reports Directory.Build.props Directory.Packages.props global.json \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) \
      -not -path '*/obj/*' -not -path '*/bin/*' -newer "$cli_dll" -print -quit 2>/dev/null)" ]
}

build_cli() {
  if cli_is_stale; then
    echo "run.sh: building the harness CLI..." >&2
    # stdin from /dev/null so a piped input reaches the harness, not MSBuild; the build log is
    # shown only when it fails, so the harness's stdout stays clean for pipes.
    local log
    log=$(mktemp)
    if ! dotnet build "$cli_project" -c Release --nologo -v quiet </dev/null >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "run.sh: the build failed (see above)" >&2
      exit 2
    fi
    rm -f "$log"
    touch "$cli_dll"
  fi
}

# The gate runs the benchmark suites' own classes in process (interleaved by default, BenchmarkDotNet
# with --engine bdn), so it lives in the benchmarks project rather than pulling them into the CLI. Built like the CLI: quietly, log shown only on failure,
# so stdout carries nothing but the gate's Markdown table.
bench_project="benchmarks/Harness.Benchmarks/Harness.Benchmarks.csproj"
bench_dll="artifacts/bin/Harness.Benchmarks/release/Harness.Benchmarks.dll"

build_benchmarks() {
  if [ ! -f "$bench_dll" ] || [ -n "$(find src fakes benchmarks Directory.Build.props Directory.Packages.props global.json \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) \
      -not -path '*/obj/*' -not -path '*/bin/*' -newer "$bench_dll" -print -quit 2>/dev/null)" ]; then
    echo "run.sh: building the benchmarks..." >&2
    local log
    log=$(mktemp)
    if ! dotnet build "$bench_project" -c Release --nologo -v quiet </dev/null >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "run.sh: the build failed (see above)" >&2
      exit 2
    fi
    rm -f "$log"
    touch "$bench_dll"
  fi
}

run_tests() {
  local results="artifacts/test-results"
  rm -rf "$results"
  local rc=0 passed failed skipped
  # Built once in parallel, then the test projects run one at a time (-m:1): eight test processes
  # at once on a 2-core CI machine starved the loopback timing tests into flaky failures.
  if ! dotnet build Harness.sln -c Release --nologo -v quiet -clp:ErrorsOnly\;NoSummary; then
    echo "run.sh: the build failed (see above)" >&2
    return 2
  fi
  dotnet test Harness.sln -c Release --nologo --no-build -m:1 --results-directory "$results" "$@" || rc=$?
  # One plain closing line for humans and CI, summed over every test project.
  if compgen -G "$results/*.trx" >/dev/null; then
    local counts
    # The <Counters> element of each .trx holds that project's totals.
    counts=$(grep -ho '<Counters [^>]*>' "$results"/*.trx | awk '
      { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/[^0-9]/, "", kv[2]); sum[kv[1]] += kv[2] } }
      END { printf "%d %d %d", sum["passed"], sum["failed"], sum["notExecuted"] }')
    read -r passed failed skipped <<<"$counts"
    echo "tests: $passed passed, $failed failed, $skipped skipped"
  fi
  return $rc
}

case "${1:-}" in
  test)
    shift
    run_tests "$@"
    ;;
  gate)
    shift
    build_benchmarks
    exec dotnet "$bench_dll" gate "$@"
    ;;
  "")
    build_cli
    exec dotnet "$cli_dll"
    ;;
  *)
    build_cli
    exec dotnet "$cli_dll" "$@"
    ;;
esac
