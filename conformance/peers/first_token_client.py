#!/usr/bin/python3
"""An outside client for timing checks: measures time to the first non-empty content token.

Independent of the harness (Python's stdlib http.client for SSE, python3-websockets for WebSocket),
so the harness's own figures can be checked against another stack's. Each request opens a new
connection; an SSE request is timed from just before connecting (with --from-request: from just
before its request is sent on the new connection, so the server's accept and request read are
inside and this client's own socket setup, 0.3-1.4 ms of Python, is not), a WebSocket turn from
just before its chat.start message (where the turn's schedule starts), until the first non-empty
content arrives.
Before its first request the client warms itself against a tiny server of its own in this process
(a cold Python pays tens of milliseconds for its first request: lazy imports, first socket and
parser use), so its first request to the real server measures that server, not this client.
Prints one JSON line: {"ttft_ms": [..]} (one value per request, in order).

Run with Debian's interpreter: /usr/bin/python3 first_token_client.py --url http://127.0.0.1:PORT [--ws]
"""
import argparse
import asyncio
import json
import time
import urllib.parse
import http.client
import http.server
import threading


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="http://host:port (SSE) or ws://host:port/v1/ws/chat (with --ws)")
    p.add_argument("--ws", action="store_true", help="speak the harness fake's WebSocket chat protocol")
    p.add_argument("--model", default="fake/ttft=50,itl=10,tokens=5")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--no-self-warm", action="store_true", help="skip the warm-up against a server of its own")
    p.add_argument("--from-request", action="store_true", help="SSE: time from the request's send, after connecting")
    return p.parse_args()


def sse_first_token(url, model, from_request=False):
    u = urllib.parse.urlsplit(url)
    body = json.dumps({"model": model, "stream": True, "messages": [{"role": "user", "content": "hi"}]})
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        if from_request:
            conn.connect()
            t0 = time.perf_counter()
        conn.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        if response.status != 200:
            raise SystemExit(f"status {response.status}")
        while True:
            line = response.fp.readline()
            if not line:
                raise SystemExit("stream ended before a content token")
            if not line.startswith(b"data:"):
                continue
            data = line[5:].strip()
            if data == b"[DONE]":
                raise SystemExit("[DONE] before a content token")
            choices = json.loads(data).get("choices") or []
            if choices and (choices[0].get("delta") or {}).get("content"):
                return (time.perf_counter() - t0) * 1000
    finally:
        conn.close()


async def ws_first_token(url, model):
    import websockets
    async with websockets.connect(url, max_size=None) as ws:
        # A turn's schedule runs from its chat.start message, not from the connection (whose
        # handshake costs this Python client itself a few milliseconds).
        start = json.dumps({"type": "chat.start", "model": model, "messages": [{"role": "user", "content": "hi"}]})
        t0 = time.perf_counter()
        await ws.send(start)
        while True:
            message = json.loads(await ws.recv())
            if message.get("type") == "content.delta" and message.get("delta"):
                return (time.perf_counter() - t0) * 1000
            if message.get("type") in ("chat.done", "error"):
                raise SystemExit(f"{message.get('type')} before a content token")


class _WarmHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(b'data: {"choices":[{"index":0,"delta":{"content":"warm"}}]}\n\ndata: [DONE]\n\n')
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


async def _ws_warm_handler(ws, *_):
    async for _message in ws:
        await ws.send(json.dumps({"type": "content.delta", "delta": "warm"}))
        await ws.send(json.dumps({"type": "chat.done"}))


def self_warm(ws, model, rounds=5):
    """Runs this client's own request path against a server in this process: no traffic to the real one."""
    if ws:
        import websockets

        async def run():
            async with websockets.serve(_ws_warm_handler, "127.0.0.1", 0) as server:
                port = server.sockets[0].getsockname()[1]
                for _ in range(rounds):
                    await ws_first_token(f"ws://127.0.0.1:{port}/v1/ws/chat", model)
        asyncio.run(run())
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WarmHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(rounds):
            sse_first_token(f"http://127.0.0.1:{server.server_address[1]}", model)
    finally:
        server.shutdown()
        server.server_close()


def main():
    args = parse_args()
    if not args.no_self_warm:
        self_warm(args.ws, args.model)
    values = []
    for _ in range(args.count):
        values.append(asyncio.run(ws_first_token(args.url, args.model)) if args.ws else sse_first_token(args.url, args.model, args.from_request))
    print(json.dumps({"ttft_ms": values}), flush=True)


if __name__ == "__main__":
    main()
