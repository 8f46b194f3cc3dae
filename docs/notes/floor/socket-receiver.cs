#:property InvariantGlobalization=true
#:property TieredPGO=true
// Floor: CPU per received message for a .NET receiver of N loopback TCP streams (one awaited
// Socket.ReceiveAsync loop per stream, no HTTP), fed by tcp-sender on the other core.
// usage: gcc -O2 -o /tmp/tcp-sender tcp-sender.c; DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
//   DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet run -c Release socket-receiver.cs -- /tmp/tcp-sender 100 200 20 [socket|stream] [ROUNDS]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

int n = int.Parse(args[1]), tok = int.Parse(args[2]), itl = int.Parse(args[3]);
bool viaStream = args.Length > 4 && args[4] == "stream";
[DllImport("libc", SetLastError = true)] static extern int sched_setaffinity(int pid, nint size, ref ulong mask);
ulong mask = 1; sched_setaffinity(0, 8, ref mask);
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, 0)); listener.Listen(1024);
int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
int rounds = args.Length > 5 ? int.Parse(args[5]) : 8;
for (int r = 1; r <= rounds; r++)
{
    var jit = System.Runtime.JitInfo.GetCompilationTime();
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    long bytes = await RunAsync(listener, args[0], port, n, tok, itl, viaStream);
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds;
    Console.WriteLine($"round {r}: streams={n} msgs={bytes / 200} {(viaStream ? "NetworkStream" : "Socket")} cpu={cpu:0} us -> {cpu / (bytes / 200.0):0.00} us/msg, jit {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds:0} ms (inline={Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS")})");
}

static async Task<long> RunAsync(Socket listener, string sender, int port, int n, int tok, int itl, bool viaStream)
{
    using var p = Process.Start(sender, $"{port} {n} {tok} {itl}");
    var loops = new Task<long>[n];
    for (int i = 0; i < n; i++)
    {
        var s = await listener.AcceptAsync();
        loops[i] = viaStream ? ReadStream(new NetworkStream(s, ownsSocket: true)) : Read(s);
    }
    var total = (await Task.WhenAll(loops)).Sum();
    p.WaitForExit();
    return total;
}
static async Task<long> Read(Socket s)
{
    var buf = new byte[16384]; long total = 0; int m;
    while ((m = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None)) > 0) total += m;
    s.Dispose(); return total;
}
static async Task<long> ReadStream(Stream s)
{
    var buf = new byte[16384]; long total = 0; int m;
    while ((m = await s.ReadAsync(buf.AsMemory())) > 0) total += m;
    s.Dispose(); return total;
}
