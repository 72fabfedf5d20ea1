using System.Globalization;

namespace PlatformBot.Scoring;

/// <summary>"value OP threshold", e.g. "&lt;= 0.10".</summary>
public readonly record struct Condition(ComparisonOperator Operator, double Threshold)
{
    public bool IsMet(double value) => Operator switch
    {
        ComparisonOperator.Less => value < Threshold,
        ComparisonOperator.LessOrEqual => value <= Threshold,
        ComparisonOperator.Greater => value > Threshold,
        _ => value >= Threshold,
    };

    public string OperatorText => Text(Operator);

    public override string ToString() => $"{OperatorText} {Threshold.ToString(CultureInfo.InvariantCulture)}";

    internal static string Text(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    internal static bool TryParse(string? text, out Condition condition) => Parse(text, out condition) is null;

    /// <summary>Parses "OP number"; returns null on success, else what is wrong (for the model error message).</summary>
    internal static string? Parse(string? text, out Condition condition)
    {
        condition = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is missing";
        }

        var t = text.Trim();
        var length = 0;
        while (length < t.Length && t[length] is '<' or '>' or '=' or '!')
        {
            length++;
        }

        ComparisonOperator? op = t[..length] switch
        {
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            ">" => ComparisonOperator.Greater,
            ">=" => ComparisonOperator.GreaterOrEqual,
            _ => null,
        };
        if (op is null)
        {
            return length == 0
                ? $"'{t}' has no operator (expected one of <, <=, >, >= and a number)"
                : $"'{t}' has an unknown operator '{t[..length]}' (expected one of <, <=, >, >=)";
        }

        var number = t[length..].Trim();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !double.IsFinite(threshold))
        {
            return $"'{t}': '{number}' is not a finite number";
        }

        condition = new Condition(op.Value, threshold);
        return null;
    }
}
