#!/usr/bin/env bash
# One entry point for people and CI.
#   ./run.sh              the main job: SSE vs WebSocket against the embedded fakes, then the report
#   ./run.sh test         restore, build and run every test
#   ./run.sh gate ARGS... the benchmark regression gate (benchmarks/Harness.Benchmarks, see README)
#   ./run.sh publish DIR  a self-contained linux-x64 harness in DIR (no .NET needed to run it; the
#                         Dockerfile runs this same command, see docs/deploy.md)
#   ./run.sh VERB ARGS... build the harness CLI (incrementally) and run `harness VERB ARGS...`
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
caller="$PWD"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first" >&2
  exit 2
fi

cli_project="src/Harness.Cli/Harness.Cli.csproj"
cli_dll="artifacts/bin/Harness.Cli/release/harness.dll"
# The gate runs the benchmark suites' own classes in process, so it lives in the benchmarks
# project rather than pulling them into the CLI.
bench_project="benchmarks/Harness.Benchmarks/Harness.Benchmarks.csproj"
bench_dll="artifacts/bin/Harness.Benchmarks/release/Harness.Benchmarks.dll"

# build PROJECT DLL WHAT FOLDER...: builds PROJECT when a source or build file under FOLDERs (or
# a root build file) is newer than DLL; a no-op `dotnet build` still costs seconds of MSBuild
# evaluation. Quiet, stdin from /dev/null (piped input reaches the harness, not MSBuild), the
# log shown only when the build fails, so stdout stays clean for pipes.
build() {
  local project=$1 dll=$2 what=$3
  shift 3
  if [ -f "$dll" ] && [ -z "$(find "$@" Directory.Build.props Directory.Packages.props global.json \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) \
      -not -path '*/obj/*' -not -path '*/bin/*' -newer "$dll" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "run.sh: building $what..." >&2
  local log
  log=$(mktemp)
  if ! dotnet build "$project" -c Release --nologo -v quiet </dev/null >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "run.sh: the build failed (see above)" >&2
    exit 2
  fi
  rm -f "$log"
  touch "$dll"
}

build_cli() { build "$cli_project" "$cli_dll" "the harness CLI" src fakes conformance reports; }

# For the harness's own verbs: the runtime recompiles hot code a delay after new code stops
# appearing, 100 ms but a second on one CPU (a pinned client, a one-CPU container), and measured
# seconds then ran unoptimised code (docs/load.md, JIT priming); without the delay the harness is at
# full speed once primed. On one CPU the runtime also falls back from server GC to workstation GC,
# whose 6 MB young generation was collected every second under load; a 32 MB floor made that one
# pause in 7 s (server GC's budget is larger and unchanged; docs/notes/harness-pauses.md). Values
# you set win.
harness_runtime_env() {
  export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
  export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}"
}

usage() {
  cat <<'EOF_USAGE'
run.sh: the harness's one entry point (./run.ps1 takes the same in PowerShell)
  ./run.sh               the main job: sse, sse-h2 and ws against the embedded fake, then the report
  ./run.sh test [ARGS]   build and run every test (ARGS go to dotnet test, e.g. --filter NAME)
  ./run.sh gate [ARGS]   the benchmark regression gate (./run.sh gate --help)
  ./run.sh publish DIR   a self-contained linux-x64 harness in DIR
  ./run.sh VERB ARGS...  harness VERB ARGS..., one of the verbs below (./run.sh VERB --help)

EOF_USAGE
}

build_benchmarks() { build "$bench_project" "$bench_dll" "the benchmarks" src fakes benchmarks; }

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
    # The <Counters> element of each .trx holds that project's totals. A skipped xunit test is in
    # total but not in executed (its notExecuted counter stays 0).
    counts=$(grep -ho '<Counters [^>]*>' "$results"/*.trx | awk '
      { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/[^0-9]/, "", kv[2]); sum[kv[1]] += kv[2] } }
      END { printf "%d %d %d", sum["passed"], sum["failed"], sum["total"] - sum["executed"] }')
    read -r passed failed skipped <<<"$counts"
    echo "tests: $passed passed, $failed failed, $skipped skipped"
  fi
  return $rc
}

# The one publish command: tested by SelfContainedPublishTests and run by the Dockerfile, so
# the image holds exactly the binary the tests ran.
publish_cli() {
  if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "run.sh: usage: ./run.sh publish DIR" >&2
    exit 2
  fi
  local out
  case "$1" in /*) out="$1" ;; *) out="$caller/$1" ;; esac
  dotnet publish "$cli_project" -c Release -r linux-x64 --self-contained true --nologo -v quiet \
    -clp:ErrorsOnly -o "$out" </dev/null
}

case "${1:-}" in
  publish)
    shift
    publish_cli "$@"
    ;;
  test)
    shift
    run_tests "$@"
    ;;
  gate)
    shift
    build_benchmarks
    exec dotnet "$bench_dll" gate "$@"
    ;;
  -h|--help|-\?|help)
    usage
    build_cli
    exec dotnet "$cli_dll" --help
    ;;
  "")
    build_cli
    harness_runtime_env
    exec dotnet "$cli_dll"
    ;;
  *)
    build_cli
    harness_runtime_env
    exec dotnet "$cli_dll" "$@"
    ;;
esac
