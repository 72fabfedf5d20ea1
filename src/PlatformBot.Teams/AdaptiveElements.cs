using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

/// <summary>Adaptive Card 1.5 elements that render well in Teams, as JSON nodes.</summary>
public static class AdaptiveElements
{
    public const string WidthAuto = "auto";
    public const string WidthStretch = "stretch";

    /// <summary>Markdown-capable text. <paramref name="wrap"/> defaults to true: unwrapped text is cut off in Teams.</summary>
    public static JsonObject TextBlock(
        string text,
        TextSize size = TextSize.Default,
        TextWeight weight = TextWeight.Default,
        TextColor color = TextColor.Default,
        bool isSubtle = false,
        bool wrap = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonObject block = new() { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = wrap };
        if (size != TextSize.Default)
        {
            block["size"] = size.ToString();
        }

        if (weight != TextWeight.Default)
        {
            block["weight"] = weight.ToString();
        }

        if (color != TextColor.Default)
        {
            block["color"] = color.ToString();
        }

        if (isSubtle)
        {
            block["isSubtle"] = true;
        }

        return block;
    }

    /// <summary>Name/value pairs; renders reliably on every Teams client.</summary>
    public static JsonObject FactSet(params IEnumerable<(string Title, string Value)> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        JsonArray items = [];
        foreach ((var title, var value) in facts)
        {
            items.Add(new JsonObject { ["title"] = title, ["value"] = value });
        }

        return new JsonObject { ["type"] = "FactSet", ["facts"] = items };
    }

    public static JsonObject ColumnSet(params IEnumerable<JsonObject> columns) =>
        new() { ["type"] = "ColumnSet", ["columns"] = ToArray(columns) };

    /// <param name="width">"auto", "stretch", a relative weight ("2") or pixels ("50px").</param>
    public static JsonObject Column(string width, params IEnumerable<JsonObject> items)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(width);
        return new JsonObject { ["type"] = "Column", ["width"] = width, ["items"] = ToArray(items) };
    }

    public static JsonObject Container(params IEnumerable<JsonObject> items) => Container(ContainerStyle.Default, items);

    public static JsonObject Container(ContainerStyle style, IEnumerable<JsonObject> items, bool bleed = false)
    {
        JsonObject container = new() { ["type"] = "Container", ["items"] = ToArray(items) };
        if (style != ContainerStyle.Default)
        {
            container["style"] = JsonNamingPolicy.CamelCase.ConvertName(style.ToString());
        }

        if (bleed)
        {
            container["bleed"] = true;
        }

        return container;
    }

    /// <summary>An image by URL; Teams needs https (no redirects), PNG/JPEG/GIF, at most 1024×1024 px.</summary>
    public static JsonObject Image(Uri url, string altText, ImageSize size = ImageSize.Auto)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("Teams only loads card images over https (or as data: URIs).", nameof(url));
        }

        return CreateImage(url.AbsoluteUri, altText, size);
    }

    /// <summary>
    /// An inline image as a data: URI (schema 1.2+). Base64 images do not count toward the message size limit, but
    /// nothing guarantees a maximum either: keep them small (a chart, not a photo).
    /// </summary>
    public static JsonObject ImageData(ReadOnlySpan<byte> content, string mediaType, string altText, ImageSize size = ImageSize.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        if (!mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The media type must be an image type such as image/png.", nameof(mediaType));
        }

        return CreateImage($"data:{mediaType};base64,{Convert.ToBase64String(content)}", altText, size);
    }

    /// <summary>A 1.5 Table. Some clients render tables poorly; keep a FactSet/ColumnSet alternative in mind.</summary>
    /// <param name="columnWidths">Relative width per column.</param>
    /// <param name="rows">Rows built with <see cref="TableRow"/>.</param>
    public static JsonObject Table(IEnumerable<int> columnWidths, IEnumerable<JsonObject> rows, bool firstRowAsHeaders = true, bool showGridLines = true)
    {
        ArgumentNullException.ThrowIfNull(columnWidths);
        JsonArray columns = [];
        foreach (var width in columnWidths)
        {
            columns.Add(new JsonObject { ["width"] = width });
        }

        return new JsonObject
        {
            ["type"] = "Table",
            ["columns"] = columns,
            ["rows"] = ToArray(rows),
            ["firstRowAsHeaders"] = firstRowAsHeaders,
            ["showGridLines"] = showGridLines,
        };
    }

    /// <summary>A table of plain text cells; the first row is the header.</summary>
    public static JsonObject TextTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        List<JsonObject> tableRows = [TableRow(headers.Select(h => TableCell(TextBlock(h, weight: TextWeight.Bolder))))];
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Every row needs {headers.Count} cells."), nameof(rows));
            }

            tableRows.Add(TableRow(row.Select(value => TableCell(TextBlock(value)))));
        }

        return Table(Enumerable.Repeat(1, headers.Count), tableRows);
    }

    public static JsonObject TableRow(params IEnumerable<JsonObject> cells) =>
        new() { ["type"] = "TableRow", ["cells"] = ToArray(cells) };

    public static JsonObject TableCell(params IEnumerable<JsonObject> items) =>
        new() { ["type"] = "TableCell", ["items"] = ToArray(items) };

    /// <summary>
    /// A compact drop-down (Input.ChoiceSet, style compact): its value reaches the bot in the data of an Action.Submit
    /// or Action.Execute on the same card, under <paramref name="id"/>. Titles are plain text (no Markdown).
    /// </summary>
    public static JsonObject ChoiceSet(string id, string placeholder, IEnumerable<(string Title, string Value)> choices)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(choices);
        var array = new JsonArray();
        foreach (var (title, value) in choices)
        {
            array.Add(new JsonObject { ["title"] = title, ["value"] = value });
        }

        return new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = id, ["style"] = "compact", ["placeholder"] = placeholder, ["choices"] = array };
    }

    /// <summary>Inline actions. Put Action.Execute here: older clients mishandle its fallback at card level.</summary>
    public static JsonObject ActionSet(params IEnumerable<JsonObject> actions) =>
        new() { ["type"] = "ActionSet", ["actions"] = ToArray(actions) };

    /// <summary>A node can have only one parent: take it as is when free, copy it when it already belongs elsewhere.</summary>
    internal static JsonObject Adopt(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Parent is null ? node : (JsonObject)node.DeepClone();
    }

    internal static JsonArray ToArray(IEnumerable<JsonObject> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        JsonArray array = [];
        foreach (var node in nodes)
        {
            array.Add(Adopt(node));
        }

        return array;
    }

    private static JsonObject CreateImage(string url, string altText, ImageSize size)
    {
        ArgumentNullException.ThrowIfNull(altText);
        JsonObject image = new() { ["type"] = "Image", ["url"] = url, ["altText"] = altText };
        if (size != ImageSize.Auto)
        {
            image["size"] = size.ToString();
        }

        return image;
    }
}
