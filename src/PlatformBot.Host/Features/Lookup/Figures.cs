using System.Globalization;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// How every surface writes dates, counts, shares, percentage points and money (ADR 0014). Invariant culture: a
/// chat message is read by many people, and a figure must not change with the server's locale.
/// </summary>
public static class Figures
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "-";

    /// <summary>"1,234".</summary>
    public static string Count(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A change in a count: "+3", "-1", "±0".</summary>
    public static string CountChange(int n) => n == 0 ? "±0" : n.ToString("+#,0;-#,0", CultureInfo.InvariantCulture);

    /// <summary>A percentage given in percent (0-100): "17.9%".</summary>
    public static string Percent(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A share given as a fraction (0-1): 0.179 is "17.9%".</summary>
    public static string Share(double fraction) => Percent(fraction * 100);

    /// <summary>Percentage points with a sign, to one decimal: "+1.3 pp", "-0.4 pp", and "±0.0 pp" when it rounds to nothing.</summary>
    public static string Points(double points)
    {
        var rounded = Math.Round(points, 1);
        return rounded == 0 ? "±0.0 pp" : rounded.ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " pp";
    }

    /// <summary>
    /// Money in lists, tables and headlines (KPI, movers, digests): short, "$950", "$12.5K", "$300K", "$1.2M", "$2.25B",
    /// so columns stay narrow and amounts compare at a glance.
    /// </summary>
    public static string Money(Money money)
    {
        var amount = Math.Abs(money.Amount);
        var figure = amount switch
        {
            >= 1_000_000_000m => (amount / 1_000_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + "B",
            >= 1_000_000m => (amount / 1_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 10_000m => (amount / 1_000m).ToString("0.#", CultureInfo.InvariantCulture) + "K",
            _ => amount.ToString("#,0", CultureInfo.InvariantCulture),
        };
        return WithCurrency(money, figure);
    }

    /// <summary>Money where one amount is the detail (an account's card): whole units, "$300,000".</summary>
    public static string ExactMoney(Money money) =>
        WithCurrency(money, Math.Abs(money.Amount).ToString("#,0", CultureInfo.InvariantCulture));

    /// <summary>"$" for USD, "€" for EUR, "£" for GBP; any other code goes before the figure ("CHF 300K").</summary>
    private static string WithCurrency(Money money, string figure)
    {
        var sign = money.Amount < 0 && figure.Any(c => c is >= '1' and <= '9') ? "-" : string.Empty;
        return money.Currency switch
        {
            "USD" => sign + "$" + figure,
            "EUR" => sign + "€" + figure,
            "GBP" => sign + "£" + figure,
            _ => sign + money.Currency + " " + figure,
        };
    }
}
