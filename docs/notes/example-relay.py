#!/usr/bin/python3
"""Example relay for docs/decisions.md (not part of the harness). A minimal streaming reverse proxy (aiohttp): forwards /v1/chat/completions to UPSTREAM chunk by chunk.

Usage: /usr/bin/python3 example-relay.py UPSTREAM_URL PORT [DELAY_SECONDS]
"""
import asyncio, sys
from aiohttp import web, ClientSession, ClientTimeout

UPSTREAM = sys.argv[1]
PORT = int(sys.argv[2])
DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0

async def handle(request):
    body = await request.read()
    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
    if DELAY:
        await asyncio.sleep(DELAY)
    async with request.app["session"].request(request.method, UPSTREAM + request.path_qs, data=body, headers=headers) as up:
        resp = web.StreamResponse(status=up.status, headers={k: v for k, v in up.headers.items() if k.lower() in ("content-type", "cache-control")})
        await resp.prepare(request)
        async for chunk in up.content.iter_any():
            await resp.write(chunk)
        await resp.write_eof()
        return resp

async def start(app):
    app["session"] = ClientSession(timeout=ClientTimeout(total=None))

async def stop(app):
    await app["session"].close()

app = web.Application()
app.on_startup.append(start)
app.on_cleanup.append(stop)
app.router.add_route("*", "/{tail:.*}", handle)
web.run_app(app, host="127.0.0.1", port=PORT, print=None)
