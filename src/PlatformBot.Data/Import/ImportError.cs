namespace PlatformBot.Data.Import;

/// <summary>One problem in an import file. Line and column are 1-based; column is null for whole-row problems.</summary>
public sealed record ImportError(long Line, int? Column, string? ColumnName, string Message)
{
    public override string ToString() => Column is null
        ? $"line {Line}: {Message}"
        : ColumnName is null
            ? $"line {Line}, column {Column}: {Message}"
            : $"line {Line}, column {Column} ({ColumnName}): {Message}";
}
