#!/usr/bin/python3
"""A small WebSocket chat endpoint on python3-websockets (Debian's package), speaking the harness's
protocol: client chat.start / ping; server content.delta, chat.done with usage, error, pong.

Used by the conformance tests so the WebSocket checks are proven against another stack. Listens on
127.0.0.1 only; prints {"port": N} as one line once it is listening; runs until killed.

Run with Debian's interpreter: /usr/bin/python3 ws_websockets.py [--port 0] [--api-key KEY]
"""
import argparse
import asyncio
import http
import json
import sys

import websockets


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--api-key", default=None, help="require 'Authorization: Bearer KEY' on the upgrade")
    p.add_argument("--tokens", type=int, default=20)
    p.add_argument("--itl-ms", type=float, default=8.0)
    return p.parse_args()


ARGS = parse_args()


def send_json(ws, obj):
    return ws.send(json.dumps(obj, separators=(",", ":")))


async def turn(ws):
    for i in range(ARGS.tokens):
        await asyncio.sleep(ARGS.itl_ms / 1000)
        await send_json(ws, {"type": "content.delta", "delta": f"{i + 1}\n"})
    await send_json(ws, {"type": "chat.done", "usage": {"prompt_tokens": 12, "completion_tokens": ARGS.tokens, "total_tokens": 12 + ARGS.tokens}})


async def handler(ws, path=None):  # websockets < 11 passes the path; newer versions do not
    async for raw in ws:
        try:
            msg = json.loads(raw)
        except (ValueError, TypeError):
            await send_json(ws, {"type": "error", "message": "message is not JSON", "code": "bad_json"})
            continue
        kind = msg.get("type") if isinstance(msg, dict) else None
        if kind == "chat.start":
            await turn(ws)
        elif kind == "ping":
            await send_json(ws, {"type": "pong"})
        else:
            await send_json(ws, {"type": "error", "message": f"unknown message type {kind!r}", "code": "unknown_type"})


async def main():
    async def check_key(path, headers):
        if ARGS.api_key is not None and headers.get("Authorization") != "Bearer " + ARGS.api_key:
            return (http.HTTPStatus.UNAUTHORIZED, [("Content-Type", "application/json")], b'{"error":{"message":"Incorrect API key provided."}}')
        return None

    async with websockets.serve(handler, "127.0.0.1", ARGS.port, process_request=check_key) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(json.dumps({"port": port}), flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
