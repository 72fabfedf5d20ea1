using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformBot.Teams;

/// <summary>
/// Handles one authenticated activity. Return an <see cref="InvokeResponse"/> for invokes (null there means 501);
/// for other activities return null and do slow work after acknowledging (Teams waits at most ~15 s).
/// </summary>
public delegate Task<InvokeResponse?> TeamsActivityHandler(Activity activity, HttpContext context, CancellationToken cancellationToken);
