using System.Globalization;
using System.Text;
using System.Text.Json;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Export;

public enum ExportFormat
{
    Json,
    Csv,
}
