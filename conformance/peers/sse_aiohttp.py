#!/usr/bin/python3
"""A small OpenAI-style chat-completions SSE endpoint on aiohttp (Debian's python3-aiohttp).

Used by the conformance tests so the checks are proven against another server's HTTP stack and
framing, not only the harness's own Kestrel fake. Listens on 127.0.0.1 only; prints
{"port": N} as one line once it is listening; runs until killed.

Run with Debian's interpreter: /usr/bin/python3 sse_aiohttp.py [--port 0] [--api-key KEY]
"""
import argparse
import asyncio
import json
import sys
import time

from aiohttp import web


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--api-key", default=None, help="require 'Authorization: Bearer KEY' (401 otherwise)")
    p.add_argument("--tokens", type=int, default=40)
    p.add_argument("--itl-ms", type=float, default=10.0, help="gap between content events")
    p.add_argument("--ttft-ms", type=float, default=20.0)
    return p.parse_args()


ARGS = parse_args()


def error(status, message, type_, code):
    return web.json_response({"error": {"message": message, "type": type_, "param": None, "code": code}}, status=status,
                             headers={"Retry-After": "2"} if status == 429 else None)


def chunk(created, delta, finish=None):
    return {"id": "chatcmpl-peer", "object": "chat.completion.chunk", "created": created, "model": "peer",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


async def completions(request):
    if ARGS.api_key is not None and request.headers.get("Authorization") != "Bearer " + ARGS.api_key:
        return error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
    # Opt-in rate limit for the Retry-After check: --rate-limit-header 'x-peer-status: 429'.
    if request.headers.get("x-peer-status") == "429":
        return error(429, "Rate limit reached.", "requests", "rate_limit_exceeded")
    try:
        body = await request.json()
    except json.JSONDecodeError:
        return error(400, "invalid JSON body", "invalid_request_error", None)
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    created = int(time.time())

    response = web.StreamResponse(status=200, headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await response.prepare(request)

    async def send(obj):
        await response.write(b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n")

    # The first token on time to a fraction of a millisecond: asyncio's timers wake up to about 2 ms
    # late (epoll's millisecond timeout), which made TTFT two-valued and the timing check against
    # Python's client a coin toss; so sleep to 3 ms before it and spin the rest.
    due = time.perf_counter() + ARGS.ttft_ms / 1000
    await asyncio.sleep(max(0.0, due - time.perf_counter() - 0.003))
    while time.perf_counter() < due:
        pass
    await send(chunk(created, {"role": "assistant", "content": ""}))
    for i in range(ARGS.tokens):
        if i > 0:
            await asyncio.sleep(ARGS.itl_ms / 1000)
        if i % 7 == 3:
            await response.write(b": ping\n\n")  # comments are legal; the checks must tolerate them
        await send(chunk(created, {"content": f"{i + 1}\n"}))
    await send(chunk(created, {}, "stop"))
    if include_usage:
        await send({"id": "chatcmpl-peer", "object": "chat.completion.chunk", "created": created, "model": "peer",
                    "choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": ARGS.tokens, "total_tokens": 12 + ARGS.tokens}})
    await response.write(b"data: [DONE]\n\n")
    await response.write_eof()
    return response


async def main():
    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", ARGS.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(json.dumps({"port": port}), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
