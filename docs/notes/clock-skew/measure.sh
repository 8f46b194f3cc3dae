#!/usr/bin/env bash
# Clock skew between two agents on an open-model schedule: agent 2 is given a start time s ms later,
# which is what an agent whose clock runs s ms behind does with the shared --start-at.
# Usage: docs/notes/clock-skew/measure.sh [OUT]; then docs/notes/clock-skew/analyze.py OUT
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# Build first (./run.sh --help); HARNESS may name another harness command.
H="${HARNESS:-dotnet $root/artifacts/bin/Harness.Cli/release/harness.dll}"
out="${1:-/tmp/clock-skew}"; mkdir -p "$out"; cd "$out"
$H fake serve --port 0 --schedule ttft=20,itl=5,tokens=5 > fake.json 2>/dev/null &
fake=$!
sleep 3
url=$(python3 -c 'import json;print(json.load(open("fake.json"))["http"])')
cat > scenario.json <<J
{ "name": "skew", "target": { "transport": "sse", "url": "$url", "model": "fake" },
  "load": [ { "kind": "inject", "rate": 20, "interval": "1s", "during": "5s" } ] }
J
for s in 0 10 25 50 100 250; do
  rm -rf s$s; t=$(python3 -c 'import datetime;print((datetime.datetime.now(datetime.timezone.utc)+datetime.timedelta(seconds=25)).isoformat())')
  t2=$(python3 -c "import datetime;print((datetime.datetime.fromisoformat('$t')+datetime.timedelta(milliseconds=$s)).isoformat())")
  $H load scenario.json --agent 1/2 --start-at "$t" --out s$s/a1 --no-report >/dev/null 2>s$s.a1.err &
  p1=$!
  $H load scenario.json --agent 2/2 --start-at "$t2" --out s$s/a2 --no-report >/dev/null 2>s$s.a2.err &
  p2=$!
  wait $p1 $p2
done
kill $fake; echo finished
