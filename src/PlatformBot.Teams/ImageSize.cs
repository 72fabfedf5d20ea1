namespace PlatformBot.Teams;

public enum ImageSize
{
    Auto,
    Stretch,
    Small,
    Medium,
    Large,
}
