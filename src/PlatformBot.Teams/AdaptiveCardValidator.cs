using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

/// <summary>
/// Checks cards against what Teams renders: only Adaptive Card 1.5 element and action types (newer or unknown types
/// are errors, even with a fallback — Teams clients differ too much to rely on it), required properties, https or
/// data: image URLs, and the bot message size (about 100 KB; we aim for 80 KB). Size is the UTF-8 length of the
/// serialized activity without data: URI images, which Teams does not count.
/// </summary>
public static class AdaptiveCardValidator
{
    /// <summary>Size we aim for; above it a warning.</summary>
    public const int TargetMessageBytes = 80 * 1024;

    /// <summary>Approximate Teams limit; above it Teams answers 413 MessageSizeTooBig, so it is an error here.</summary>
    public const int MaxMessageBytes = 100 * 1024;

    /// <summary>
    /// The budget our own messages keep to (pass it as <c>maxMessageBytes</c>): 28 KB, the smallest card limit Teams
    /// documents (incoming webhooks and Workflows), because the ~100 KB bot limit is approximate and 413s have been
    /// reported well below it. Leaves room for the envelope Teams adds.
    /// </summary>
    public const int ConservativeMessageBytes = 28 * 1024;

    /// <summary>Teams' limit for a single card image.</summary>
    public const int MaxImageBytes = 1024 * 1024;

    private static readonly Version MaxVersion = new(1, 5);

    /// <summary>Validates one card as it would be sent: a message with this card as its only attachment.</summary>
    public static AdaptiveCardValidationResult Validate(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return ValidateMessage(Activity.CreateCardMessage(card));
    }

    /// <summary>
    /// Validates every Adaptive Card attachment and the size of the whole activity: an error above
    /// <paramref name="maxMessageBytes"/> (default the Teams limit; <see cref="ConservativeMessageBytes"/> for a
    /// stricter budget), counted without inline images as Teams counts.
    /// </summary>
    public static AdaptiveCardValidationResult ValidateMessage(Activity activity, int maxMessageBytes = MaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Context context = new();
        if (activity.Attachments is { } attachments)
        {
            for (var i = 0; i < attachments.Count; i++)
            {
                var attachment = attachments[i];
                if (!string.Equals(attachment.ContentType, Attachment.AdaptiveCardContentType, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var path = string.Create(CultureInfo.InvariantCulture, $"attachments[{i}].content");
                if (attachment.Content is JsonObject card)
                {
                    ValidateCard(card, path, topLevel: true, context);
                }
                else
                {
                    context.Error(path, "an Adaptive Card attachment needs a card object as content");
                }
            }
        }

        var node = JsonSerializer.SerializeToNode(activity, TeamsJson.Options);
        var total = Encoding.UTF8.GetByteCount(node?.ToJsonString(TeamsJson.Options) ?? string.Empty);
        var bytes = total - CountDataUriBytes(node);
        if (bytes > maxMessageBytes)
        {
            context.Error("$", maxMessageBytes >= MaxMessageBytes
                ? string.Create(CultureInfo.InvariantCulture, $"message is {bytes} bytes; Teams rejects messages above about {MaxMessageBytes} bytes")
                : string.Create(CultureInfo.InvariantCulture, $"message is {bytes} bytes, over the budget of {maxMessageBytes} bytes"));
        }
        else if (bytes > TargetMessageBytes)
        {
            context.Warn("$", string.Create(CultureInfo.InvariantCulture, $"message is {bytes} bytes; keep it under {TargetMessageBytes} bytes"));
        }

        return new AdaptiveCardValidationResult(context.Errors, context.Warnings, bytes, total);
    }

    private static void ValidateCard(JsonObject card, string path, bool topLevel, Context context)
    {
        if (GetString(card, "type") != "AdaptiveCard")
        {
            context.Error(path, "type must be \"AdaptiveCard\"");
        }

        var version = GetString(card, "version");
        if (version is null)
        {
            if (topLevel)
            {
                context.Error(path, "version is required (use \"1.5\")");
            }
        }
        else if (!Version.TryParse(version, out var parsed))
        {
            context.Error(path, $"version \"{version}\" is not a version number");
        }
        else if (parsed > MaxVersion)
        {
            context.Error(path, $"version {version} is newer than 1.5, the highest Teams supports");
        }

        ValidateElements(card["body"], path + ".body", context, required: false);
        ValidateActions(card["actions"], path + ".actions", context, required: false);
        if (card["selectAction"] is { } selectAction)
        {
            ValidateSelectAction(selectAction, path + ".selectAction", context);
        }

        if (card["refresh"] is JsonObject refresh)
        {
            if (refresh["action"] is not JsonObject refreshAction || GetString(refreshAction, "type") != "Action.Execute")
            {
                context.Error(path + ".refresh", "refresh.action must be an Action.Execute");
            }
            else if (refresh["userIds"] is JsonArray { Count: > 60 })
            {
                context.Error(path + ".refresh.userIds", "at most 60 users can get automatic refresh");
            }
        }
    }

    private static void ValidateElements(JsonNode? node, string path, Context context, bool required)
    {
        if (node is null)
        {
            if (required)
            {
                context.Error(path, "is required");
            }

            return;
        }

        if (node is not JsonArray array)
        {
            context.Error(path, "must be an array");
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            ValidateElement(array[i], Index(path, i), context, allowedTypes: null);
        }
    }

    /// <param name="allowedTypes">Restricts the element type where the schema does (Column in ColumnSet …).</param>
    private static void ValidateElement(JsonNode? node, string path, Context context, HashSet<string>? allowedTypes)
    {
        if (node is not JsonObject element)
        {
            context.Error(path, "must be an element object");
            return;
        }

        var type = GetString(element, "type");
        if (type is null)
        {
            context.Error(path, "type is required");
            return;
        }

        if (allowedTypes is not null && !allowedTypes.Contains(type))
        {
            context.Error(path, $"'{type}' is not allowed here (expected {string.Join(" or ", allowedTypes)})");
            return;
        }

        switch (type)
        {
            case "TextBlock":
                RequireString(element, "text", path, context);
                break;
            case "RichTextBlock":
                if (element["inlines"] is not JsonArray inlines)
                {
                    context.Error(path, "inlines is required");
                    break;
                }

                for (var i = 0; i < inlines.Count; i++)
                {
                    if (inlines[i] is JsonObject run)
                    {
                        if (GetString(run, "type") != "TextRun")
                        {
                            context.Error(Index(path + ".inlines", i), "only TextRun inlines exist in Adaptive Cards 1.5");
                        }
                        else
                        {
                            RequireString(run, "text", Index(path + ".inlines", i), context);
                        }
                    }
                    else if (inlines[i]?.GetValueKind() != JsonValueKind.String)
                    {
                        context.Error(Index(path + ".inlines", i), "must be a TextRun or a string");
                    }
                }

                break;
            case "Image":
                ValidateImage(element, path, context);
                break;
            case "ImageSet":
                ValidateChildren(element, "images", path, context, required: true, Set("Image"));
                break;
            case "Media":
                context.Error(path, "Media elements are not supported in Teams");
                break;
            case "ActionSet":
                ValidateActions(element["actions"], path + ".actions", context, required: true);
                break;
            case "Container":
                ValidateElements(element["items"], path + ".items", context, required: true);
                break;
            case "ColumnSet":
                ValidateChildren(element, "columns", path, context, required: false, Set("Column"));
                break;
            case "Column":
                ValidateElements(element["items"], path + ".items", context, required: false);
                break;
            case "FactSet":
                ValidateFacts(element, path, context);
                break;
            case "Table":
                ValidateTable(element, path, context);
                break;
            case "TableRow":
                ValidateChildren(element, "cells", path, context, required: true, Set("TableCell"));
                break;
            case "TableCell":
                ValidateElements(element["items"], path + ".items", context, required: true);
                break;
            case "Input.Text":
            case "Input.Number":
            case "Input.Date":
            case "Input.Time":
            case "Input.Toggle":
            case "Input.ChoiceSet":
                ValidateInput(element, type, path, context);
                break;
            default:
                context.Error(path, $"unknown element type '{type}' (not part of Adaptive Cards 1.5 as rendered by Teams)");
                return;
        }

        if ((type is "TableRow" or "TableCell" or "Column") && allowedTypes is null)
        {
            var parent = type switch
            {
                "Column" => "ColumnSet",
                "TableRow" => "Table",
                _ => "TableRow",
            };
            context.Error(path, $"{type} is only valid inside its parent ({parent})");
        }

        if (element["selectAction"] is { } selectAction)
        {
            ValidateSelectAction(selectAction, path + ".selectAction", context);
        }

        ValidateElementFallback(element, path, context);
    }

    private static void ValidateElementFallback(JsonObject element, string path, Context context)
    {
        switch (element["fallback"])
        {
            case null:
                return;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                if (!string.Equals(value.GetValue<string>(), "drop", StringComparison.Ordinal))
                {
                    context.Error(path + ".fallback", "must be an element or \"drop\"");
                }

                return;
            case JsonObject:
                ValidateElement(element["fallback"], path + ".fallback", context, allowedTypes: null);
                return;
            default:
                context.Error(path + ".fallback", "must be an element or \"drop\"");
                return;
        }
    }

    private static void ValidateChildren(JsonObject element, string property, string path, Context context, bool required, HashSet<string> allowedTypes)
    {
        var children = element[property];
        var childPath = path + "." + property;
        if (children is null)
        {
            if (required)
            {
                context.Error(childPath, "is required");
            }

            return;
        }

        if (children is not JsonArray array)
        {
            context.Error(childPath, "must be an array");
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var child = array[i];

            // Schema shorthand: columns, rows, cells and images may omit their (only possible) type.
            if (child is JsonObject childObject && GetString(childObject, "type") is null && allowedTypes.Count == 1)
            {
                var typed = (JsonObject)childObject.DeepClone();
                typed["type"] = allowedTypes.First();
                child = typed;
            }

            ValidateElement(child, Index(childPath, i), context, allowedTypes);
        }
    }

    private static void ValidateImage(JsonObject image, string path, Context context)
    {
        var url = RequireString(image, "url", path, context);
        if (url is null)
        {
            return;
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
            {
                context.Error(path + ".url", "data: URIs must be image data (data:image/png;base64,…)");
            }
            else if ((url.Length - comma - 1) / 4L * 3 > MaxImageBytes)
            {
                context.Error(path + ".url", "inline image is larger than 1 MB");
            }
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            context.Error(path + ".url", "image URLs must be absolute https URLs or data: URIs");
        }

        if (GetString(image, "altText") is null)
        {
            context.Warn(path, "images should have altText");
        }
    }

    private static void ValidateFacts(JsonObject factSet, string path, Context context)
    {
        if (factSet["facts"] is not JsonArray { Count: > 0 } facts)
        {
            context.Error(path + ".facts", "is required and must not be empty");
            return;
        }

        for (var i = 0; i < facts.Count; i++)
        {
            var factPath = Index(path + ".facts", i);
            if (facts[i] is not JsonObject fact)
            {
                context.Error(factPath, "must be a fact object");
                continue;
            }

            RequireString(fact, "title", factPath, context);
            RequireString(fact, "value", factPath, context);
        }
    }

    private static void ValidateTable(JsonObject table, string path, Context context)
    {
        var columnCount = -1;
        if (table["columns"] is JsonArray columns)
        {
            columnCount = columns.Count;
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i] is not JsonObject)
                {
                    context.Error(Index(path + ".columns", i), "must be a column definition object");
                }
            }
        }
        else if (table["columns"] is not null)
        {
            context.Error(path + ".columns", "must be an array");
        }

        ValidateChildren(table, "rows", path, context, required: false, Set("TableRow"));
        if (columnCount >= 0 && table["rows"] is JsonArray rows)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i] is JsonObject row && row["cells"] is JsonArray cells && cells.Count > columnCount)
                {
                    context.Error(Index(path + ".rows", i), "has more cells than the table has columns");
                }
            }
        }
    }

    private static void ValidateInput(JsonObject input, string type, string path, Context context)
    {
        RequireString(input, "id", path, context);
        if (type == "Input.Toggle")
        {
            RequireString(input, "title", path, context);
        }

        if (type == "Input.ChoiceSet")
        {
            if (input["choices"] is not JsonArray choices)
            {
                context.Error(path + ".choices", "is required");
                return;
            }

            for (var i = 0; i < choices.Count; i++)
            {
                var choicePath = Index(path + ".choices", i);
                if (choices[i] is JsonObject choice)
                {
                    RequireString(choice, "title", choicePath, context);
                    RequireString(choice, "value", choicePath, context);
                }
                else
                {
                    context.Error(choicePath, "must be a choice object");
                }
            }
        }
    }

    private static void ValidateActions(JsonNode? node, string path, Context context, bool required)
    {
        if (node is null)
        {
            if (required)
            {
                context.Error(path, "is required");
            }

            return;
        }

        if (node is not JsonArray actions)
        {
            context.Error(path, "must be an array");
            return;
        }

        if (required && actions.Count == 0)
        {
            context.Error(path, "must not be empty");
        }

        for (var i = 0; i < actions.Count; i++)
        {
            ValidateAction(actions[i], Index(path, i), context, allowShowCard: true);
        }
    }

    private static void ValidateSelectAction(JsonNode node, string path, Context context) =>
        ValidateAction(node, path, context, allowShowCard: false);

    private static void ValidateAction(JsonNode? node, string path, Context context, bool allowShowCard)
    {
        if (node is not JsonObject action)
        {
            context.Error(path, "must be an action object");
            return;
        }

        var type = GetString(action, "type");
        switch (type)
        {
            case null:
                context.Error(path, "type is required");
                return;
            case "Action.Submit":
                break;
            case "Action.Execute":
                if (GetString(action, "verb") is null)
                {
                    context.Warn(path, "Action.Execute without a verb cannot be routed");
                }

                break;
            case "Action.OpenUrl":
                var url = RequireString(action, "url", path, context);
                if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
                {
                    context.Error(path + ".url", "must be an absolute URL");
                }

                break;
            case "Action.ShowCard":
                if (!allowShowCard)
                {
                    context.Error(path, "Action.ShowCard cannot be a selectAction");
                }

                if (action["card"] is JsonObject card)
                {
                    ValidateCard(card, path + ".card", topLevel: false, context);
                }
                else
                {
                    context.Error(path + ".card", "is required");
                }

                break;
            case "Action.ToggleVisibility":
                if (action["targetElements"] is not JsonArray)
                {
                    context.Error(path + ".targetElements", "is required");
                }

                break;
            default:
                context.Error(path, $"unknown action type '{type}' (not part of Adaptive Cards 1.5 as rendered by Teams)");
                return;
        }

        switch (action["fallback"])
        {
            case null:
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == "drop":
                break;
            case JsonObject:
                ValidateAction(action["fallback"], path + ".fallback", context, allowShowCard);
                break;
            default:
                context.Error(path + ".fallback", "must be an action or \"drop\"");
                break;
        }
    }

    private static string? RequireString(JsonObject element, string property, string path, Context context)
    {
        var value = GetString(element, property);
        if (string.IsNullOrEmpty(value))
        {
            context.Error(path + "." + property, "is required");
            return null;
        }

        return value;
    }

    private static string? GetString(JsonObject element, string property) =>
        element[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Bytes of data: URI strings anywhere in the payload (Teams excludes inline images from the limit).</summary>
    private static int CountDataUriBytes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                return obj.Sum(property => CountDataUriBytes(property.Value));
            case JsonArray array:
                return array.Sum(CountDataUriBytes);
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                return text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetByteCount(text) : 0;
            default:
                return 0;
        }
    }

    private static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    private static HashSet<string> Set(string type) => new(StringComparer.Ordinal) { type };

    private sealed class Context
    {
        public List<string> Errors { get; } = [];

        public List<string> Warnings { get; } = [];

        public void Error(string path, string message) => Errors.Add($"{path}: {message}");

        public void Warn(string path, string message) => Warnings.Add($"{path}: {message}");
    }
}
