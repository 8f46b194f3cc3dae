using Harness.Clients.SelfCheck;

namespace Harness.Benchmarks.ClientCost;

/// <summary>
/// How much compiling each side did: this process's JIT time (<see cref="System.Runtime.JitInfo"/>,
/// every thread) and the fake's (<c>GET /v1/fake/jit</c>). A round that still compiles counts the
/// JIT as the client's or the fake's cost per token: on this VM one such round read 72 µs/token
/// against 30 settled.
/// </summary>
internal sealed class JitActivity(Uri fakeHttpBase) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    /// <summary>A snapshot: this process's JIT time and the fake's, in milliseconds.</summary>
    public async Task<(double Client, double Fake)> ReadAsync() =>
        (System.Runtime.JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds,
         (await FakeJit.FetchAsync(_http, fakeHttpBase, CancellationToken.None).ConfigureAwait(false)).CompilationMs);

    public void Dispose() => _http.Dispose();
}
