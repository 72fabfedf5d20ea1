using System.Runtime.CompilerServices;

namespace PlatformBot.Scoring;

// Spec 2-3: metric values from input columns, their colors against thresholds, and points.
public sealed partial class ScoringEngine
{
    /// <summary>Sum of columns; NaN (unknown) when any is unknown. A NaN input stays NaN, so it is unknown too.</summary>
    private static double Sum(double?[] values, int[] columns)
    {
        var sum = 0.0;
        foreach (var c in columns)
        {
            var v = values[c];
            if (!v.HasValue)
            {
                return double.NaN;
            }

            sum += v.GetValueOrDefault();
        }

        return sum;
    }

    private static double Ratio(double?[] values, int[] numerator, int[] denominator)
    {
        // Most ratios are one column over another: read those without the loop.
        var d = denominator.Length == 1 ? Cell(values, denominator[0]) : Sum(values, denominator);
        return double.IsNaN(d) || d == 0 ? double.NaN : (numerator.Length == 1 ? Cell(values, numerator[0]) : Sum(values, numerator)) / d;
    }

    /// <summary><see cref="Sum"/> of one column, to the bit: 0.0 + v, so a -0 cell sums to +0 as it does there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Cell(double?[] values, int column)
    {
        var v = values[column];
        return v.HasValue ? 0.0 + v.GetValueOrDefault() : double.NaN;
    }

    private static double CountPositive(double?[] values, int[] columns)
    {
        var count = 0;
        foreach (var c in columns)
        {
            var v = values[c];
            if (!v.HasValue || double.IsNaN(v.GetValueOrDefault()))
            {
                return double.NaN;
            }

            if (v.GetValueOrDefault() > 0)
            {
                count++;
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double PointsOf(HealthColor color) => color switch
    {
        HealthColor.Green => _greenPoints,
        HealthColor.Yellow => _yellowPoints,
        _ => _redPoints,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private HealthColor Band(double score) => score > _greenAbove ? HealthColor.Green : score > _yellowAbove ? HealthColor.Yellow : HealthColor.Red;

    /// <summary>
    /// sum(ARR x value) / sum(ARR), or the plain mean when every ARR is 0 (spec 4.3). One contributor gives its own
    /// value untouched: w x v / w can differ from v in the last bit and flip a color at an exact threshold, and a
    /// single-subscription account must get exactly its primary instance's colors (spec 4.4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WeightedMean(double weightSum, double weightedSum, double plainSum, int count, double only) =>
        count == 1 ? only : weightSum > 0 ? weightedSum / weightSum : plainSum / count;
}
