namespace Harness.Clients.Internal;

/// <summary>The runtime settings the harness chooses for its own processes, read by the runtime from the environment at first use.</summary>
internal static class RuntimeVariable
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> unless it is already set: a value the user chose wins.</summary>
    public static void SetUnlessSet(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
