namespace PlatformBot.Host.Features.Digests;

public sealed record DigestLine(string? Strong, string Text)
{
    public string PlainText => Strong is null ? Text : $"{Strong} {Text}";
}
