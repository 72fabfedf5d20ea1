namespace PlatformBot.Host.Tests.Support;

/// <summary>The checkout the tests were built from.</summary>
internal static class Repository
{
    /// <summary>The folder holding PlatformBot.sln, found from the test's output folder.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PlatformBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PlatformBot.sln not found above " + AppContext.BaseDirectory);
    }
}
