using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>
/// Serializes a Block Kit object declared as its base type (Block, BlockElement, TextObject, IContextElement) by its
/// runtime type, and reads one back by its "type" field. System.Text.Json's own polymorphism cannot do this here:
/// it refuses sealed types as declared types, so a property typed <see cref="PlainText"/> would lose its "type".
/// Every concrete type therefore carries its own Type property, and this converter only picks the concrete type.
/// The attribute sits on the base types only (attributes are not inherited), so there is no recursion.
/// </summary>
internal sealed class BlockKitTypeConverter<TBase> : JsonConverter<TBase>
    where TBase : class
{
    private static readonly Dictionary<string, Type> KnownTypes = BlockKitTypes.For(typeof(TBase));

    public override TBase? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"A {typeof(TBase).Name} needs a string \"type\".");
        }

        var name = type.GetString()!;
        return KnownTypes.TryGetValue(name, out var concrete)
            ? (TBase?)root.Deserialize(concrete, options)
            : throw new JsonException($"Unknown {typeof(TBase).Name} type \"{name}\".");
    }

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}
