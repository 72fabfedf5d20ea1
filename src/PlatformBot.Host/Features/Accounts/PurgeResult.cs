using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Accounts;

/// <summary>The outcome of <see cref="AccountPurge.PurgeAsync"/>; <see cref="Purged"/> is false for a run without confirmation.</summary>
public sealed record PurgeResult(string AccountId, string Name, bool Purged, PurgeCounts Counts);
