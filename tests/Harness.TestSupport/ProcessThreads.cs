namespace Harness.TestSupport;

/// <summary>This process's threads as Linux lists them in <c>/proc/self/task</c>.</summary>
public static class ProcessThreads
{
    /// <summary>
    /// Each live thread's name (its <c>comm</c>, cut by Linux to 15 bytes) and its <c>stat</c> fields
    /// from the state on: index 0 is the state (<c>R</c>: running or runnable), 11 and 12 are user
    /// and system time in clock ticks. A thread that ends while it is read is left out.
    /// </summary>
    public static IEnumerable<(string Name, string[] Fields)> Read()
    {
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // the thread ended between the listing and the read
            }

            // "TID (COMMAND) S ...": the command (the thread's comm) may hold spaces and parentheses,
            // so it runs from the first '(' to the last ')', and the fields follow.
            int open = stat.IndexOf('(');
            int close = stat.LastIndexOf(')');
            if (open >= 0 && close > open && close + 2 < stat.Length)
            {
                yield return (stat[(open + 1)..close], stat[(close + 2)..].Split(' '));
            }
        }
    }
}
