using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Retention;

public sealed record PruneResult(bool DryRun, IReadOnlyList<PrunedTable> Tables);
