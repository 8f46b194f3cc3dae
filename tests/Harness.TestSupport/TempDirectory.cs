namespace Harness.TestSupport;

/// <summary>A new, empty directory under the temp folder (or <c>under</c>), deleted with what it holds on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? under = null)
    {
        Path = System.IO.Path.Combine(under ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "harness-tests"), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
