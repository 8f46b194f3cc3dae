using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>
/// The results directory is claimed before a run measures anything: creatable, writable, a
/// directory, locked against a second run, an earlier run's files refused unless forced.
/// </summary>
public sealed class OutputDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-out-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Claim_NewDirectory_CreatesAndLocks()
    {
        string dir = Path.Combine(_root, "a", "b");
        using var claimed = OutputDirectory.Claim(dir, "harness test", force: false);
        Assert.True(Directory.Exists(dir));
        Assert.Contains("harness test (pid", File.ReadAllText(Path.Combine(dir, OutputDirectory.OwnerFile)), StringComparison.Ordinal);
    }

    /// <summary>The runtime said "Could not find a part of the path".</summary>
    [Fact]
    public void Claim_UnderAFile_NamesTheFileInTheWay()
    {
        string afile = Path.Combine(_root, "afile");
        File.WriteAllText(afile, "mine");
        string dir = Path.Combine(afile, "sub");
        var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(dir, "harness test", force: false));
        Assert.Equal($"{dir}: cannot create the directory: {afile} is a file, not a directory", ex.Message);
    }

    [Fact]
    public void Claim_SecondRun_RefusedNamingTheHolder()
    {
        string dir = Path.Combine(_root, "held");
        using var first = OutputDirectory.Claim(dir, "harness compare", force: false);
        var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(dir, "harness load", force: true));
        Assert.StartsWith(dir, ex.Message, StringComparison.Ordinal);
        Assert.Contains("in use by harness compare (pid " + Environment.ProcessId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadWhileARunWritesIt_SaysSo_NotJustNoResults()
    {
        string dir = Path.Combine(_root, "running");
        using (OutputDirectory.Claim(dir, "harness compare", force: false))
        {
            File.WriteAllText(Path.Combine(dir, ResultsDirectory.TimeSeriesFile), "second\n"); // the journal's first rows
            var ex = Assert.Throws<InvalidDataException>(() => ResultsDirectory.Read(dir));
            Assert.StartsWith($"{dir}: harness compare (pid {Environment.ProcessId} on ", ex.Message, StringComparison.Ordinal);
            Assert.EndsWith("is still running into it; its results.json comes when that run ends", ex.Message, StringComparison.Ordinal);
        }

        // Released (the run ended, or was killed and the kernel dropped its lock): no longer "running".
        Assert.Equal($"{dir}: not a results directory (no results.json)", ResultsDirectory.NotAResultsDirectory(dir));
    }

    [Fact]
    public void Release_CreatedAndUnused_RemovesItAndTheParentsMadeForIt()
    {
        string dir = Path.Combine(_root, "made", "for", "it");
        OutputDirectory.Claim(dir, "harness merge", force: false).Dispose();
        Assert.False(Directory.Exists(Path.Combine(_root, "made")), "a released, unused claim left the directories it made");
        Assert.True(Directory.Exists(_root));
    }

    [Fact]
    public void Release_ThereBeforeOrWrittenInto_Stays()
    {
        string before = Path.Combine(_root, "before");
        Directory.CreateDirectory(before);
        OutputDirectory.Claim(before, "harness merge", force: false).Dispose();
        Assert.True(Directory.Exists(before));

        string written = Path.Combine(_root, "written");
        using (var claimed = OutputDirectory.Claim(written, "harness merge", force: false))
        {
            File.WriteAllText(Path.Combine(written, ResultsDirectory.ResultsFile), "{}");
        }

        Assert.True(File.Exists(Path.Combine(written, ResultsDirectory.ResultsFile)));
    }

    [Fact]
    public void Claim_AfterRelease_Succeeds()
    {
        string dir = Path.Combine(_root, "released");
        OutputDirectory.Claim(dir, "harness compare", force: false).Dispose();
        using var again = OutputDirectory.Claim(dir, "harness compare", force: false);
        Assert.Equal(dir, again.FullPath);
    }

    [Theory]
    [InlineData("/proc/x")]
    [InlineData("/proc/self/status/x")]
    public void Claim_NotCreatable_RefusedNamingIt(string dir)
    {
        var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(dir, "harness compare", force: false));
        Assert.StartsWith(dir, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claim_AFile_Refused()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "x");
        var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(file, "harness compare", force: true));
        Assert.Contains("not a directory", ex.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Claim_ReadOnlyDirectory_RefusedAsNotWritable()
    {
        if (Environment.UserName == "root")
        {
            // root writes through permissions; /proc covers "not writable" for it (Claim_NotCreatable_RefusedNamingIt).
            Assert.Throws<IOException>(() => OutputDirectory.Claim("/proc/1/x", "harness compare", force: false));
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            return; // no Unix modes; the /proc cases above are Linux-only too
        }

        string dir = Path.Combine(_root, "ro");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(dir, "harness compare", force: false));
            Assert.Contains("not writable", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Claim_EarlierRun_RefusedUnlessForced_ForceClearsStaleVerdicts()
    {
        string dir = Path.Combine(_root, "earlier");
        Directory.CreateDirectory(Path.Combine(dir, "charts"));
        File.WriteAllText(Path.Combine(dir, ResultsDirectory.ResultsFile), "{}");
        File.WriteAllText(Path.Combine(dir, "verdicts.json"), "{}");
        File.WriteAllText(Path.Combine(dir, "charts", "ttft-ws.png"), "x");

        var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(dir, "harness compare", force: false));
        Assert.Contains("--force", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "verdicts.json")), "a refused claim deleted files");

        using var claimed = OutputDirectory.Claim(dir, "harness compare", force: true);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir), e => !Path.GetFileName(e).StartsWith(".harness", StringComparison.Ordinal));
    }

    [Fact]
    public void Claim_ForeignNonEmptyDirectory_NeverCleared_EvenForced()
    {
        string dir = Path.Combine(_root, "mine");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "thesis.tex"), "precious");
        var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(dir, "harness compare", force: true));
        Assert.Contains("not a results directory", ex.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir, "thesis.tex")));
    }

    [Fact]
    public void Claim_Reuse_KeepsFilesForOverwrite()
    {
        string dir = Path.Combine(_root, "conformance");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "conformance.json"), "{}");
        using var claimed = OutputDirectory.Claim(dir, "harness conformance", force: false, reuse: true);
        Assert.True(File.Exists(Path.Combine(dir, "conformance.json")));
    }

    [Fact]
    public void Claim_AKilledRunsJournalOnly_RefusedThenClearedByForce()
    {
        // A run killed before its end leaves only the CSVs its ResultsJournal appended.
        string dir = Path.Combine(_root, "killed");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ResultsDirectory.RequestsFile), ResultsDirectory.RequestsHeader + "\n");
        File.WriteAllText(Path.Combine(dir, ResultsDirectory.TimeSeriesFile), ResultsDirectory.TimeSeriesHeader + "\n");

        var ex = Assert.Throws<IOException>(() => OutputDirectory.Claim(dir, "harness load", force: false));
        Assert.Contains("earlier run's results", ex.Message, StringComparison.Ordinal);
        using var forced = OutputDirectory.Claim(dir, "harness load", force: true);
        Assert.False(File.Exists(Path.Combine(dir, ResultsDirectory.RequestsFile)));
    }
}
