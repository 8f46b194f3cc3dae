namespace Harness.Clients;

/// <summary>Sees a stream's content as it arrives (the <c>stream</c> verb prints it like curl).</summary>
public interface IStreamObserver
{
    /// <summary>A non-empty content delta, as UTF-8.</summary>
    void OnContent(ReadOnlySpan<byte> utf8);

    /// <summary>A non-empty reasoning delta, as UTF-8.</summary>
    void OnReasoning(ReadOnlySpan<byte> utf8)
    {
    }
}
