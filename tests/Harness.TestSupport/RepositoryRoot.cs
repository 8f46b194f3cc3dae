namespace Harness.TestSupport;

/// <summary>The repository root, found by walking up from the test's output directory to Harness.sln.</summary>
public static class RepositoryRoot
{
    /// <summary>The root's full path.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Harness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Harness.sln not found above " + AppContext.BaseDirectory);
    }
}
