#!/usr/bin/python3
"""Outside client: per-token delivery (fake's write stamp -> this client's read) from harness fake serve.
usage: delivery.py HTTP_BASE COUNT [MODEL]; pins itself to core 0."""
import http.client, json, os, sys, time, urllib.parse
os.sched_setaffinity(0, {0})
base = urllib.parse.urlsplit(sys.argv[1]); count = int(sys.argv[2])
model = sys.argv[3] if len(sys.argv) > 3 else "fake/ttft=20,itl=10,tokens=11"
d = []
for k in range(count + 3):
    idx = 900000 + k
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    body = json.dumps({"model": model, "stream": True, "messages": [{"role": "user", "content": "hi"}]})
    conn.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json", "x-fake-request-index": str(idx)})
    r = conn.getresponse()
    seen = []
    while True:
        line = r.fp.readline()
        t = time.monotonic_ns()
        if not line: break
        if not line.startswith(b"data:"): continue
        data = line[5:].strip()
        if data == b"[DONE]": break
        ch = json.loads(data).get("choices") or []
        if ch and (ch[0].get("delta") or {}).get("content"):
            seen.append(t)
    conn.close()
    c2 = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    c2.request("GET", f"/v1/fake/write-times/{idx}")
    w = json.loads(c2.getresponse().read()); c2.close()
    written = w["written"]
    if k >= 3:  # the first three warm this client
        for s, x in zip(seen, written):
            if x: d.append((s - x) / 1e6)
    time.sleep(0.1)
d.sort(); q = lambda p: d[min(len(d) - 1, int(p * len(d)))]
print(f"outside client, {len(d)} tokens: delivery p50 {q(.5):.3f} p90 {q(.9):.3f} p99 {q(.99):.3f} max {d[-1]:.3f} ms")
