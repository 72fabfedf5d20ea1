namespace PlatformBot.Data.Import;

public enum ImportKind
{
    Accounts,
    Subscriptions,
    Usage,
}

/// <summary>One problem in an import file. Line and column are 1-based; column is null for whole-row problems.</summary>
public sealed record ImportError(long Line, int? Column, string? ColumnName, string Message)
{
    public override string ToString() => Column is null
        ? $"line {Line}: {Message}"
        : ColumnName is null
            ? $"line {Line}, column {Column}: {Message}"
            : $"line {Line}, column {Column} ({ColumnName}): {Message}";
}

public sealed record ImportResult(
    ImportKind Kind,
    long RowsRead,
    long RowsWritten,
    IReadOnlyList<ImportError> Errors,
    long TotalErrors,
    TimeSpan Elapsed)
{
    public bool Succeeded => TotalErrors == 0;
}

public readonly record struct ImportProgress(long Rows, long Bytes);

public static class ImportKinds
{
    public static bool TryParse(string? text, out ImportKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "accounts": kind = ImportKind.Accounts; return true;
            case "subscriptions": kind = ImportKind.Subscriptions; return true;
            case "usage": kind = ImportKind.Usage; return true;
            default: kind = default; return false;
        }
    }
}

/// <summary>How account names are compared: lower-case, trimmed, inner whitespace collapsed.</summary>
public static class NameKey
{
    public static string From(string name)
    {
        var span = name.AsSpan().Trim();
        var buffer = new System.Text.StringBuilder(span.Length);
        var space = false;
        foreach (var c in span)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && buffer.Length > 0)
            {
                buffer.Append(' ');
            }

            space = false;
            buffer.Append(char.ToLowerInvariant(c));
        }

        return buffer.ToString();
    }
}
