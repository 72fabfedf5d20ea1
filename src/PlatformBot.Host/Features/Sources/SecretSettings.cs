using Microsoft.Extensions.Configuration.Json;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// Where a secret may be written: the environment or user-secrets, which are not checked in or copied with the binary;
/// never a JSON settings file (appsettings*.json, a --config file). The sources' validators ask this before start-up.
/// </summary>
internal static class SecretSettings
{
    /// <summary>The JSON settings file (not user-secrets' secrets.json) that sets the key, if one does.</summary>
    public static string? JsonFileSetting(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        foreach (var provider in root.Providers.OfType<JsonConfigurationProvider>())
        {
            if (provider.Source.Path is { } path && !string.Equals(Path.GetFileName(path), "secrets.json", StringComparison.OrdinalIgnoreCase)
                && provider.TryGet(key, out var value) && !string.IsNullOrEmpty(value))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The environment variable that sets a key: Sources__Sql__crm__ConnectionString for Sources:Sql:crm:ConnectionString.</summary>
    public static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
