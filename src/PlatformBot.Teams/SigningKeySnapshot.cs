using Microsoft.IdentityModel.Tokens;

namespace PlatformBot.Teams;

/// <summary>Signing keys plus, per key id, the channels the key is endorsed for — both from one JWKS download.</summary>
internal sealed record SigningKeySnapshot(
    IReadOnlyCollection<SecurityKey> Keys,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Endorsements)
{
    public bool Knows(string keyId) =>
        Endorsements.ContainsKey(keyId) && Keys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));
}
