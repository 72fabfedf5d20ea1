namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// One line of a digest list. A line about an account names it (<see cref="Strong"/>, shown in bold), tells it apart
/// from accounts with similar names (<see cref="Who"/>: its id, owner and CSM, from <see cref="Lookup.Wording.DigestWho"/>)
/// and carries its <see cref="AccountId"/>, so each platform can offer the account's card to whoever reads the list.
/// </summary>
public sealed record DigestLine(string? Strong, string Text, string? AccountId = null, string? Who = null)
{
    public string PlainText => Strong is null ? Text : Who is null ? $"{Strong} {Text}" : $"{Strong} ({Who}) {Text}";
}
