namespace PlatformBot.Host.Features.Demo;

[Flags]
internal enum BlindSpots
{
    None = 0,
    GitOperations = 1,
    CiBuilds = 2,
    Deployments = 4,
    Security = 8,
    Licenses = 16,
}
