namespace Harness.Clients.Redaction;

/// <summary>
/// Where <see cref="EscapedSecretMatcher{T}"/> found a secret: <see cref="Start"/> and
/// <see cref="Length"/>, or with <see cref="Partial"/> a tail from <see cref="Start"/> to the end of
/// the text that may still become one with what follows. <see cref="Start"/> is -1 when none.
/// </summary>
internal readonly record struct SecretMatch(int Start, int Length, bool Partial)
{
    /// <summary>No secret and no start of one.</summary>
    public static SecretMatch None => new(-1, 0, false);

    /// <summary>Whether anything was found.</summary>
    public bool Found => Start >= 0;
}
