#:property InvariantGlobalization=true
#:property TieredPGO=true
#:property AllowUnsafeBlocks=true
// Floor: CPU per received message for a .NET receiver with its own epoll loop (P/Invoke, one thread,
// no socket engine, no async), N loopback TCP streams fed by tcp-sender on the other core.
// usage: gcc -O2 -o /tmp/tcp-sender tcp-sender.c; dotnet run -c Release epoll-receiver-managed.cs -- /tmp/tcp-sender 100 200 20 [et|lt] [ROUNDS]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

int n = int.Parse(args[1]), tok = int.Parse(args[2]), itl = int.Parse(args[3]);
bool lt = args.Length > 4 && args[4] == "lt";
int rounds = args.Length > 5 ? int.Parse(args[5]) : 8;
ulong mask = 1; Native.sched_setaffinity(0, 8, ref mask);
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, 0)); listener.Listen(1024);
int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
for (int r = 1; r <= rounds; r++)
{
    var jit = System.Runtime.JitInfo.GetCompilationTime();
    using var p = Process.Start(args[0], $"{port} {n} {tok} {itl}");
    var socks = new Socket[n];
    for (int i = 0; i < n; i++) socks[i] = listener.Accept();
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    long bytes = Run(socks, lt);
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds;
    p.WaitForExit();
    foreach (var s in socks) s.Dispose();
    Console.WriteLine($"round {r}: streams={n} msgs={bytes / 200} {(lt ? "lt" : "et")} cpu={cpu:0} us -> {cpu / (bytes / 200.0):0.00} us/msg, jit {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds:0} ms");
}

static unsafe long Run(Socket[] socks, bool lt)
{
    int ep = Native.epoll_create1(0);
    foreach (var s in socks)
    {
        s.Blocking = false;
        var e = new Native.EpollEvent { events = lt ? 1u : 1u | (1u << 31), data = (ulong)s.Handle };
        Native.epoll_ctl(ep, 1, (int)s.Handle, &e);
    }
    var evs = new Native.EpollEvent[256];
    byte* buf = (byte*)NativeMemory.Alloc(16384);
    long bytes = 0; int open = socks.Length;
    fixed (Native.EpollEvent* pe = evs)
    {
        while (open > 0)
        {
            int k = Native.epoll_wait(ep, pe, 256, -1);
            for (int j = 0; j < k; j++)
            {
                int fd = (int)pe[j].data;
                for (; ; )
                {
                    nint m = Native.recv(fd, buf, 16384, 0);
                    if (m > 0) { bytes += m; if (lt) break; continue; }
                    if (m == 0) { Native.epoll_ctl(ep, 2, fd, null); open--; }
                    break;
                }
            }
        }
    }
    NativeMemory.Free(buf);
    Native.close(ep);
    return bytes;
}

static unsafe class Native
{
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct EpollEvent { public uint events; public ulong data; }
    [DllImport("libc")] public static extern int epoll_create1(int flags);
    [DllImport("libc")] public static extern int epoll_ctl(int ep, int op, int fd, EpollEvent* e);
    [DllImport("libc")] public static extern int epoll_wait(int ep, EpollEvent* e, int max, int timeout);
    [DllImport("libc")] public static extern nint recv(int fd, byte* buf, nint len, int flags);
    [DllImport("libc")] public static extern int close(int fd);
    [DllImport("libc")] public static extern int sched_setaffinity(int pid, nint size, ref ulong mask);
}
