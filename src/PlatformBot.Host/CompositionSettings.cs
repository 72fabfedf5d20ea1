namespace PlatformBot.Host;

/// <summary>Settings that composition itself needs (which scheduler store, which jobs), read before options are validated.</summary>
internal static class CompositionSettings
{
    /// <summary>
    /// The section bound, or the defaults when a value does not convert: composition cannot report an error in one
    /// line, and the same value fails the options' validation at start-up (or in the verb) with the binder's message,
    /// which names the key.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }
}
