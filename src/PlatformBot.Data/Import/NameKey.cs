using System.Text;

namespace PlatformBot.Data.Import;

/// <summary>The one way account names are folded for comparison.</summary>
public static class NameKey
{
    /// <summary>
    /// The search key: lower case, Latin diacritics removed, apostrophes, periods and ampersands dropped, every other
    /// non-letter/digit a word break, single spaces, trimmed. Names (stored as accounts.name_key at import) and typed
    /// queries (the lookup's name index) go through this one function, so what is stored and what is searched agree.
    /// </summary>
    public static string From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is '\'' or '\u2019' or '.' or '&')
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && buffer.Length > 0)
                {
                    buffer.Append(' ');
                }

                pendingSpace = false;
                if (c is >= '\u00C0' and <= '\u017F' && Latin[c - '\u00C0'] is { } folded)
                {
                    buffer.Append(folded);
                }
                else
                {
                    buffer.Append(char.ToLowerInvariant(c));
                }
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                pendingSpace = true;
            }
        }

        return buffer.ToString();
    }

    /// <summary>ASCII for U+00C0..U+017F (Latin-1 Supplement and Latin Extended-A); null keeps the character.</summary>
    private static readonly string?[] Latin = BuildLatin();

    private static string?[] BuildLatin()
    {
        var map = new string?[0x17F - 0xC0 + 1];
        void Set(int from, int to, string value)
        {
            for (var c = from; c <= to; c++)
            {
                map[c - 0xC0] = value;
            }
        }

        // Latin-1 Supplement, upper and lower case alike.
        foreach (var offset in new[] { 0x00, 0x20 })
        {
            Set(0xC0 + offset, 0xC5 + offset, "a");
            Set(0xC6 + offset, 0xC6 + offset, "ae");
            Set(0xC7 + offset, 0xC7 + offset, "c");
            Set(0xC8 + offset, 0xCB + offset, "e");
            Set(0xCC + offset, 0xCF + offset, "i");
            Set(0xD0 + offset, 0xD0 + offset, "d");
            Set(0xD1 + offset, 0xD1 + offset, "n");
            Set(0xD2 + offset, 0xD6 + offset, "o");
            Set(0xD8 + offset, 0xD8 + offset, "o");
            Set(0xD9 + offset, 0xDC + offset, "u");
            Set(0xDD + offset, 0xDD + offset, "y");
            Set(0xDE + offset, 0xDE + offset, "th");
        }

        Set(0xDF, 0xDF, "ss");
        Set(0xFF, 0xFF, "y");

        // Latin Extended-A, in code point order.
        var next = 0x100;
        foreach (var (count, value) in new (int, string)[]
        {
            (6, "a"), (8, "c"), (4, "d"), (10, "e"), (8, "g"), (4, "h"), (10, "i"), (2, "ij"), (2, "j"), (3, "k"), (10, "l"),
            (9, "n"), (6, "o"), (2, "oe"), (6, "r"), (8, "s"), (6, "t"), (12, "u"), (2, "w"), (3, "y"), (6, "z"), (1, "s"),
        })
        {
            Set(next, next + count - 1, value);
            next += count;
        }

        return map;
    }
}
