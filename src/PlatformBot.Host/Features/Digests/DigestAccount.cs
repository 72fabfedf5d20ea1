using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Store;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>An account's attributes the filters look at.</summary>
public sealed record DigestAccount(string Id, string Name, string? Segment, string? Region, string? Owner, string? Csm, string[] Plans);
