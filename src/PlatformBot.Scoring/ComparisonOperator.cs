using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Scoring;

public enum ComparisonOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
