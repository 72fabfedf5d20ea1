namespace PlatformBot.Host.Features.Demo;

/// <summary>Piecewise linear through (0, a), (1/3, b), (2/3, c), (1, d); geometric curves interpolate in log space,
/// as per-user event counts span orders of magnitude.</summary>
internal sealed class Curve
{
    private readonly double _a, _b, _c, _d;
    private readonly bool _log;

    private Curve(double a, double b, double c, double d, bool log) => (_a, _b, _c, _d, _log) = (a, b, c, d, log);

    public static Curve Linear(double a, double b, double c, double d) => new(a, b, c, d, log: false);

    public static Curve Geometric(double a, double b, double c, double d) => new(Math.Log(a), Math.Log(b), Math.Log(c), Math.Log(d), log: true);

    public double At(double m)
    {
        var x = m switch
        {
            < 1.0 / 3 => _a + ((_b - _a) * m * 3),
            < 2.0 / 3 => _b + ((_c - _b) * ((m * 3) - 1)),
            _ => _c + ((_d - _c) * ((m * 3) - 2)),
        };
        return _log ? Math.Exp(x) : x;
    }
}
