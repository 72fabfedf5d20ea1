namespace PlatformBot.Scoring;

/// <summary>A bad scoring model file. The message names the problem (and the JSON line for syntax errors).</summary>
public sealed class ScoringModelException(string message, Exception? inner = null) : Exception(message, inner);
