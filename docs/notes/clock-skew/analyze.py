#!/usr/bin/env python3
"""Tabulates measure.sh's runs: the two agents' intended sends placed at each agent's wall-clock
start (startedUtc), merged, against the single schedule (one send every 50 ms)."""
import csv, datetime, json, sys

base = sys.argv[1] if len(sys.argv) > 1 else "/tmp/clock-skew"
print("| skew given ms | requests | agent 2 started after agent 1 ms | closest two sends ms | widest gap ms | span of sends ms (schedule: 4950) |")
print("|---:|---:|---:|---:|---:|---:|")
for s in [0, 10, 25, 50, 100, 250]:
    sends, starts = [], []
    for agent in ["a1", "a2"]:
        res = json.load(open(f"{base}/s{s}/{agent}/results.json"))
        start = datetime.datetime.fromisoformat(res["startedUtc"].replace("Z", "+00:00")).timestamp() * 1000
        starts.append(start)
        with open(f"{base}/s{s}/{agent}/requests.csv") as f:
            sends += [start + float(row["intended_start_ms"]) for row in csv.DictReader(f)]
    sends.sort()
    gaps = [b - a for a, b in zip(sends, sends[1:])]
    print(f"| {s} | {len(sends)} | {starts[1] - starts[0]:.1f} | {min(gaps):.1f} | {max(gaps):.1f} | {sends[-1] - sends[0]:.0f} |")
