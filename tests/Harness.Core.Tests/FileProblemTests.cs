using Harness.Core;

namespace Harness.Core.Tests;

/// <summary>A file that cannot be read is described as the user sees it, not as "Could not find file" or "Access to the path is denied".</summary>
public sealed class FileProblemTests
{
    [Fact]
    public void A_missing_file_or_a_directory_is_said_plainly()
    {
        string dir = Directory.CreateTempSubdirectory("file-problem-").FullName;
        try
        {
            var denied = Assert.ThrowsAny<Exception>(() => File.ReadAllText(dir));
            Assert.Equal("is a directory, not a file", FileProblem.Describe(denied, dir));
            string missing = Path.Combine(dir, "nope");
            var notFound = Assert.ThrowsAny<IOException>(() => File.ReadAllText(missing));
            Assert.Equal("does not exist", FileProblem.Describe(notFound, missing));
            string deeper = Path.Combine(dir, "no-dir", "nope");
            Assert.Equal("does not exist", FileProblem.Describe(Assert.ThrowsAny<IOException>(() => File.ReadAllText(deeper)), deeper));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
