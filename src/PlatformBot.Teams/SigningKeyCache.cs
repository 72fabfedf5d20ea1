using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PlatformBot.Teams;

/// <summary>
/// The OpenID metadata document is managed by IdentityModel's ConfigurationManager (cached, refreshed
/// automatically). The JWKS it points to is fetched here, once per refresh, and yields both the signing keys and
/// the endorsements (which OpenIdConnectConfiguration does not model; botbuilder's EndorsementsRetriever reads the
/// raw JSON the same way). Two reasons not to take the keys from ConfigurationManager: in IdentityModel 8.x a
/// requested refresh runs in the background, so a token signed with a freshly rotated key would fail until it
/// lands; and keys and endorsements must come from the same document. Refreshed after
/// <see cref="TeamsOptions.SigningKeyCacheDuration"/>, or early when a token names an unknown key id — at most once
/// per <see cref="TeamsOptions.SigningKeyMinimumRefreshInterval"/>, so forged kids cannot make us hammer the endpoint.
/// </summary>
internal sealed class SigningKeyCache : IDisposable
{
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cacheDuration;
    private readonly TimeSpan _minimumRefreshInterval;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);

    private SigningKeySnapshot? _snapshot;
    private string? _snapshotSource;
    private DateTimeOffset _fetchedAt;

    public SigningKeyCache(TeamsOptions options, IDocumentRetriever retriever, TimeProvider timeProvider)
    {
        _retriever = retriever;
        _timeProvider = timeProvider;
        _cacheDuration = options.SigningKeyCacheDuration;
        _minimumRefreshInterval = options.SigningKeyMinimumRefreshInterval;
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            options.OpenIdMetadataUrl.AbsoluteUri, new MetadataOnlyRetriever(), retriever)
        {
            // IdentityModel refuses automatic intervals below 5 minutes.
            AutomaticRefreshInterval = Max(options.SigningKeyCacheDuration, ConfigurationManager<OpenIdConnectConfiguration>.MinimumAutomaticRefreshInterval),
            RefreshInterval = Max(options.SigningKeyMinimumRefreshInterval, ConfigurationManager<OpenIdConnectConfiguration>.MinimumRefreshInterval),
        };
    }

    /// <param name="keyId">The token's kid; when the snapshot does not know it, one early refresh is attempted.</param>
    public async Task<SigningKeySnapshot> GetAsync(string? keyId, CancellationToken cancellationToken)
    {
        var metadata = await _metadata.GetConfigurationAsync(cancellationToken);
        var jwksUri = !string.IsNullOrWhiteSpace(metadata.JwksUri)
            ? metadata.JwksUri
            : throw new InvalidOperationException("The OpenID metadata has no jwks_uri.");

        var current = _snapshot;
        var now = _timeProvider.GetUtcNow();
        var fresh = current is not null
                     && string.Equals(_snapshotSource, jwksUri, StringComparison.Ordinal)
                     && now - _fetchedAt < _cacheDuration;
        var unknownKey = keyId is not null && current is not null && !current.Knows(keyId);
        if (fresh && !unknownKey)
        {
            return current!;
        }

        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            // Somebody else may have refreshed while we waited.
            current = _snapshot;
            now = _timeProvider.GetUtcNow();
            var sameSource = current is not null && string.Equals(_snapshotSource, jwksUri, StringComparison.Ordinal);
            var stale = !sameSource || now - _fetchedAt >= _cacheDuration;
            var mayForce = now - _fetchedAt >= _minimumRefreshInterval;
            var needed = stale || (keyId is not null && !current!.Knows(keyId) && mayForce);
            if (!needed)
            {
                return current!;
            }

            var json = await _retriever.GetDocumentAsync(jwksUri, cancellationToken);
            var snapshot = Parse(json);
            _snapshot = snapshot;
            _snapshotSource = jwksUri;
            _fetchedAt = now;
            return snapshot;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public void Dispose() => _refreshLock.Dispose();

    internal static SigningKeySnapshot Parse(string jwksJson)
    {
        JsonWebKeySet set = new(jwksJson);
        return new SigningKeySnapshot([.. set.GetSigningKeys()], ParseEndorsements(jwksJson));
    }

    internal static IReadOnlyDictionary<string, IReadOnlySet<string>> ParseEndorsements(string jwksJson)
    {
        Dictionary<string, IReadOnlySet<string>> map = new(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwksJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return map;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.Object
                || !key.TryGetProperty("kid", out var kid)
                || kid.ValueKind != JsonValueKind.String
                || kid.GetString() is not { Length: > 0 } keyId)
            {
                continue;
            }

            // A key without endorsements is kept with an empty set: known, but endorsed for nothing.
            HashSet<string> channels = new(StringComparer.Ordinal);
            if (key.TryGetProperty("endorsements", out var endorsements) && endorsements.ValueKind == JsonValueKind.Array)
            {
                foreach (var channel in endorsements.EnumerateArray())
                {
                    if (channel.ValueKind == JsonValueKind.String && channel.GetString() is { Length: > 0 } value)
                    {
                        channels.Add(value);
                    }
                }
            }

            map[keyId] = channels;
        }

        return map;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Parses the metadata document only; the JWKS is fetched by <see cref="SigningKeyCache"/> itself.</summary>
    private sealed class MetadataOnlyRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var document = await retriever.GetDocumentAsync(address, cancel);
            return OpenIdConnectConfiguration.Create(document);
        }
    }
}
