using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Harness.Load.Scheduling;

/// <summary>
/// Measures how late the process handles a socket read: a sender thread writes its timestamp into
/// a loopback TCP connection every few milliseconds, and an async receive on the other end (the
/// same socket engine and continuation path every streaming client read goes through) records
/// now minus that timestamp. The thread-pool probe alone misses a client that falls behind on
/// reads while the pool stays idle (socket completions run inline on the event thread, say):
/// this probe does not.
/// </summary>
internal sealed class ReadLagProbe : IAsyncDisposable
{
    private const int StampSize = sizeof(long);

    private readonly Socket _sender;
    private readonly Socket _receiver;
    private readonly Action<long, long> _record;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _senderThread;
    private readonly Task _receiving;
    private int _disposed;

    private ReadLagProbe(Socket sender, Socket receiver, TimeSpan interval, Action<long, long> record)
    {
        _sender = sender;
        _receiver = receiver;
        _interval = interval;
        _record = record;
        _senderThread = new Thread(Send) { IsBackground = true, Name = "read-lag-probe" };
        _senderThread.Start();
        _receiving = ReceiveAsync();
    }

    /// <summary>
    /// Opens the loopback pair and starts probing every <paramref name="interval"/>;
    /// <paramref name="record"/> gets (sent timestamp, lag in <see cref="Stopwatch"/> ticks) for
    /// every stamp, on the receiving continuation.
    /// </summary>
    public static async Task<ReadLagProbe> StartAsync(TimeSpan interval, Action<long, long> record)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var accepting = listener.AcceptAsync();
            await sender.ConnectAsync(listener.LocalEndPoint!).ConfigureAwait(false);
            var receiver = await accepting.ConfigureAwait(false);
            receiver.NoDelay = true;
            return new ReadLagProbe(sender, receiver, interval, record);
        }
        catch
        {
            sender.Dispose();
            throw;
        }
    }

    private void Send()
    {
        var stamp = new byte[StampSize];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                BinaryPrimitives.WriteInt64LittleEndian(stamp, Stopwatch.GetTimestamp());
                _sender.Send(stamp);
                _stop.Token.WaitHandle.WaitOne(_interval);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed by DisposeAsync.
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[StampSize * 64];
        int held = 0;
        try
        {
            while (true)
            {
                int n = await _receiver.ReceiveAsync(buffer.AsMemory(held), SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                long now = Stopwatch.GetTimestamp();
                held += n;
                int whole = held / StampSize * StampSize;
                for (int i = 0; i < whole; i += StampSize)
                {
                    long sent = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(i));
                    _record(sent, now - sent);
                }

                // A partial stamp (a split segment) waits for the rest.
                buffer.AsSpan(whole, held - whole).CopyTo(buffer);
                held -= whole;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed by DisposeAsync.
        }
    }

    /// <summary>Stops the sender, closes both ends and waits for the receive loop to end (no samples after it returns).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _senderThread.Join();
        _sender.Shutdown(SocketShutdown.Both);
        _sender.Dispose();
        await _receiving.ConfigureAwait(false);
        _receiver.Dispose();
        _stop.Dispose();
    }
}
