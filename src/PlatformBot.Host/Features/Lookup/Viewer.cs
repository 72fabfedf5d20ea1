namespace PlatformBot.Host.Features.Lookup;

// What a command answers, decided once. Renderers only lay it out: text (CLI, fallbacks), Block Kit (Slack),
// Adaptive Cards (Teams), in the words of Wording and the figures of Figures, so the surfaces never drift apart. Every ARR field is null unless the viewer may see ARR:
// a renderer cannot leak what the answer does not hold.

/// <summary>Who asks, from where ("slack", "teams", "cli", "preview"), and whether they may see ARR.</summary>
public sealed record Viewer(string Actor, string Surface, bool MaySeeArr, string? Email);
