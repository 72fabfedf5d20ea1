namespace PlatformBot.Teams;

public enum TextSize
{
    Default,
    Small,
    Medium,
    Large,
    ExtraLarge,
}
