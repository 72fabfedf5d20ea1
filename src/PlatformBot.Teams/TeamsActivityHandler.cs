using Microsoft.AspNetCore.Http;

namespace PlatformBot.Teams;

/// <summary>
/// Handles one authenticated activity. Return an <see cref="InvokeResponse"/> for invokes (null there means 501);
/// for other activities return null and do slow work after acknowledging (Teams waits at most ~15 s).
/// </summary>
public delegate Task<InvokeResponse?> TeamsActivityHandler(Activity activity, HttpContext context, CancellationToken cancellationToken);
