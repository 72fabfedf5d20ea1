namespace PlatformBot.Teams;

public enum TextWeight
{
    Default,
    Lighter,
    Bolder,
}
