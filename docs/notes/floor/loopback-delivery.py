import os, socket, time, sys, struct
# one-way loopback delivery between two processes pinned to different cores, at a 10 ms cadence
n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
gap = float(sys.argv[2]) if len(sys.argv) > 2 else 0.010
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen(1); port = srv.getsockname()[1]
pid = os.fork()
if pid == 0:
    os.sched_setaffinity(0, {0})
    c = socket.create_connection(("127.0.0.1", port)); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for i in range(n):
        time.sleep(gap)
        c.sendall(struct.pack("q", time.monotonic_ns()))
    c.close(); os._exit(0)
os.sched_setaffinity(0, {1})
s, _ = srv.accept()
d = []
buf = b""
while True:
    b = s.recv(8)
    if not b: break
    t = time.monotonic_ns()
    buf += b
    while len(buf) >= 8:
        (x,) = struct.unpack("q", buf[:8]); buf = buf[8:]; d.append((t - x) / 1e3)
d.sort()
q = lambda p: d[min(len(d)-1, int(p * len(d)))]
print(f"n={len(d)} gap={gap*1e3:.0f}ms  p50={q(.5):.0f}us p90={q(.9):.0f}us p99={q(.99):.0f}us max={d[-1]:.0f}us")
