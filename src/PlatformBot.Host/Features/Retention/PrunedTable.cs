using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Retention;

/// <summary>One table's share of a prune: rows deleted (or, on a dry run, that would be) and the rule that chose them.</summary>
public sealed record PrunedTable(string Table, int Rows, string Rule);
