using System.Globalization;

namespace PlatformBot.Data.Import;

/// <summary>
/// What a cell may contain: any Unicode text but control characters (tab excepted). PostgreSQL cannot store NUL at
/// all, and a control character in a name or an id breaks every surface that shows it; refusing them at the door keeps
/// the providers alike and the file all-or-nothing.
/// </summary>
internal static class CellText
{
    /// <summary>The first control character other than tab in a cell, described; null when there is none.</summary>
    public static string? Problem(ReadOnlySpan<char> cell)
    {
        foreach (var c in cell)
        {
            if (c is < ' ' or >= '\u007F' && c != '\t' && char.IsControl(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains the control character U+{(int)c:X4} (a cell may hold no control character but tab)");
            }
        }

        return null;
    }

    public const string InvalidUtf8 = "is not valid UTF-8 (save the file as UTF-8; a byte-order mark is allowed)";
}
