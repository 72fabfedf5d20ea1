namespace PlatformBot.Host.Features.Export;

public enum ExportFormat
{
    Json,
    Csv,
}
