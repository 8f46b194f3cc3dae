namespace Harness.Clients.Tests;

/// <summary>Runs code against one process environment variable set as given, restoring it after; one test at a time, since the environment is the process's.</summary>
internal static class ProcessVariable
{
    private static readonly Lock s_environment = new();

    /// <summary>The variable's value after <paramref name="act"/> ran with it set to <paramref name="initial"/> (null: unset).</summary>
    public static string? After(string variable, string? initial, Action act)
    {
        lock (s_environment)
        {
            var saved = Environment.GetEnvironmentVariable(variable);
            try
            {
                Environment.SetEnvironmentVariable(variable, initial);
                act();
                return Environment.GetEnvironmentVariable(variable);
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, saved);
            }
        }
    }
}
