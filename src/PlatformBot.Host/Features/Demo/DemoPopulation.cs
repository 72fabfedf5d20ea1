using PlatformBot.Data.Import;

namespace PlatformBot.Host.Features.Demo;

/// <summary>
/// The synthetic customer base behind `platformbot demo seed`: accounts, subscriptions and instances with the
/// latent adoption state that drives their usage. Everything comes from one seeded <see cref="Random"/> consumed
/// in a fixed order and from the last snapshot date, never from a clock, so the same arguments give the same data.
/// Memory is per account (about a kilobyte), never per usage row.
/// </summary>
internal sealed class DemoPopulation
{
    /// <summary>Latent adoption themes, in the order of the default model's use cases: scm, ci, cd, security.</summary>
    public const int Themes = 4;

    // Names that collide on purpose (lookups must offer a pick list, never guess), one with a comma (CSV quoting)
    // and one with non-ASCII letters (UTF-8). A demo with fewer accounts takes the first ones.
    private static readonly string[] FixedNames =
    [
        "Acme Corp", "Acme Labs", "Globex", "Globex Europe", "Initech", "Initech Systems", "Umbrella Health",
        "Umbrella Health (APAC)", "Northwind Traders", "Northwind Traders (EMEA)", "Contoso", "Contoso Bank",
        "Wingtip Toys, Inc.", "Müller Logistik GmbH",
    ];

    private static readonly string[] Brands =
    [
        "Globex", "Initech", "Umbrella", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Litware", "Proseware",
        "Woodgrove", "Lucerne", "Alpine", "Blue Yonder", "Coho", "Fourth Coffee", "Humongous", "Trey", "Wide World",
        "Southridge", "Relecloud", "Cyberdyne", "Soylent", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Oscorp",
        "Aperture", "Massive Dynamic", "Pied Piper", "Dunder Mifflin", "Gringotts", "Wonka", "Prestige Worldwide",
        "Bluth", "Sterling Cooper", "Nakatomi", "Weyland", "Virtucon", "Zorg", "Monarch", "Krusty", "Duff", "Gekko",
        "Ollivander", "Bartledan", "Sirius Cybernetics", "Yoyodyne",
    ];

    private static readonly string[] Industries =
    [
        "Corp", "Labs", "Systems", "Health", "Traders", "Bank", "Logistics", "Software", "Energy", "Group", "Retail",
        "Insurance", "Media", "Foods", "Motors", "Pharma", "Telecom", "Airlines", "Financial", "Industries",
        "Technologies", "Analytics", "Europe", "Holdings", "Capital",
    ];

    // Invented brands ("Calorix", "Norelium", "Silver Ridge") give a large name space, so even 100,000 accounts rarely
    // need a regional tag or a number to keep their names apart.
    private static readonly string[] Onsets =
    [
        "Ver", "Cal", "Nor", "Sol", "Tal", "Ral", "Mer", "Dar", "Kel", "Zen", "Lum", "Bran", "Quin", "Hal", "Fen", "Gor",
        "Jas", "Ost", "Pax", "Tor", "Vex", "Ard", "Bel", "Cor", "Dun", "Est", "Fal", "Grim", "Hext", "Ly", "Mon", "Nex",
        "Orb", "Pyr", "Rav", "Sten", "Tril", "Umb", "Wel", "Xan",
    ];

    private static readonly string[] Middles = ["ad", "el", "or", "in", "ur", "am", "et", "on", "ir", "os"];

    private static readonly string[] Codas =
    [
        "ia", "ex", "on", "ix", "ora", "is", "um", "ant", "era", "ica", "ova", "ity", "ado", "ient", "ar", "ium", "eon",
        "ys", "ara", "ent", "ique", "ello", "ion", "ax", "ena", "ory", "ic", "aro", "ulus", "ette",
    ];

    private static readonly string[] Adjectives = ["Blue", "North", "Silver", "Iron", "Bright", "Green", "Golden", "Summit", "Pacific", "Atlantic", "Cedar", "Granite", "Red", "Eagle", "Maple", "Clear"];
    private static readonly string[] Nouns = ["Harbor", "Ridge", "Peak", "Bridge", "Point", "Field", "Gate", "Rock", "Wave", "Line", "Forge", "Path", "Crest", "Vale", "Stone", "River"];

    // A small pool of people so "my accounts" (App Home, digests) has something to show for jo and sam.
    private static readonly string[] People = ["jo", "sam", "kim", "alex", "priya", "chen", "maria", "lars", "ana", "tom", "fatima", "yuki"];

    private static readonly string[] RegionTags = ["AMER", "EMEA", "APAC"];

    // The default model's ladder: SCM is adopted first and Security last.
    private static readonly double[] ThemeBias = [0.18, 0.06, -0.04, -0.10];

    private DemoPopulation(int weeks, DateOnly lastSnapshot, List<DemoAccount> accounts)
    {
        Weeks = weeks;
        LastSnapshot = lastSnapshot;
        Accounts = accounts;
        foreach (var account in accounts)
        {
            foreach (var subscription in account.Subscriptions)
            {
                SubscriptionCount++;
                foreach (var instance in subscription.Instances)
                {
                    if (instance.Reports)
                    {
                        ReportingInstances++;
                        UsageRows += instance.LastWeek - instance.FirstWeek + 1;
                    }
                }
            }
        }
    }

    public int Weeks { get; }
    public DateOnly LastSnapshot { get; }
    public IReadOnlyList<DemoAccount> Accounts { get; }
    public int SubscriptionCount { get; }

    /// <summary>Instances with at least one usage row: what the store will know.</summary>
    public int ReportingInstances { get; }

    /// <summary>Exactly the number of rows the usage file will have.</summary>
    public long UsageRows { get; }

    /// <summary>Week index 0 is the oldest snapshot, <c>Weeks - 1</c> is <see cref="LastSnapshot"/>; all on the same weekday.</summary>
    public DateOnly DateOf(int week) => LastSnapshot.AddDays(-7 * (Weeks - 1 - week));

    public static DemoPopulation Create(int accountCount, int weeks, DateOnly lastSnapshot, Random random)
    {
        var accounts = new List<DemoAccount>(accountCount);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in FixedNames.Take(accountCount))
        {
            taken.Add(NameKey.From(name));
        }

        var subscriptionNo = 0;
        var instanceNo = 0;
        for (var i = 1; i <= accountCount; i++)
        {
            var name = i <= FixedNames.Length ? FixedNames[i - 1] : NextName(random, taken, i);
            var segment = Pick(random, 0.15, 0.35) switch { 0 => "enterprise", 1 => "mid-market", _ => "smb" };
            var region = Pick(random, 0.45, 0.35) switch { 0 => "amer", 1 => "emea", _ => "apac" };
            var csm = random.NextDouble() < 0.12 ? null : Person(random, "jo");
            var owner = Person(random, "sam");
            if (owner == csm)
            {
                owner = owner == "sam@example.com" ? "kim@example.com" : "sam@example.com"; // a CSM does not own the account
            }

            // The latent adoption of each theme: a target the account drifts towards, which moves now and then.
            var overall = random.NextDouble();
            var target = new double[Themes];
            var maturity = new double[Themes];
            for (var t = 0; t < Themes; t++)
            {
                target[t] = Target(random, overall, t);
                maturity[t] = Math.Clamp(target[t] + Noise(random, 0.15), 0, 1);
            }

            // Accounts that never send usage (no data) and accounts that went dark more than 60 days ago (stale).
            // The named accounts at the top always report every metric, so the demo's first lookups show full scores.
            var named = i <= FixedNames.Length;
            var silence = named ? 1.0 : random.NextDouble();
            var noUsage = silence < 0.03;
            var darkFromWeek = silence is >= 0.03 and < 0.05 ? weeks - 1 - random.Next(9, 21) : int.MaxValue;

            var subscriptionCount = segment == "enterprise"
                ? Pick(random, 0.60, 0.28) + 1
                : Pick(random, 0.88, 0.10) + 1;
            var subscriptions = new List<DemoSubscription>(subscriptionCount);
            DateOnly? accountSince = null;
            for (var s = 0; s < subscriptionCount; s++)
            {
                var plan = random.NextDouble() < segment switch { "enterprise" => 0.6, "mid-market" => 0.4, _ => 0.2 } ? "ultimate" : "premium";
                var arr = Arr(random, segment);
                var delivery = random.NextDouble() < segment switch { "enterprise" => 0.65, "mid-market" => 0.55, _ => 0.35 } ? "self-managed" : "saas";

                // Tenure spread over five years, with some new customers (< 3 months: not scored) and some in the
                // 3-9 month onboarding bands of license utilization. Later subscriptions of an account may be newer.
                var since = accountSince is { } first && random.NextDouble() < 0.7 ? first : lastSnapshot.AddDays(-TenureDays(random));
                accountSince ??= since;

                // Seats follow ARR at a discounted list price (about $348 a seat-year for premium, $1188 for ultimate).
                var seatPrice = (plan == "ultimate" ? 1188.0 : 348.0) * (0.6 + (0.4 * random.NextDouble()));
                var licensed = arr == 0 ? random.Next(10, 100) : Math.Max(5, (int)((double)arr / seatPrice));

                // Seat use when fully onboarded: about a fifth under 75% (seat-reduction risk), two fifths at 90%+ (expansion).
                var utilization = Math.Min(1.0, 0.5 + (0.5 * Math.Sqrt(random.NextDouble())) + 0.02);
                var offsets = new double[Themes];
                for (var t = 0; t < Themes; t++)
                {
                    offsets[t] = Noise(random, 0.06);
                }

                var firstWeek = 0;
                while (firstWeek < weeks && lastSnapshot.AddDays(-7 * (weeks - 1 - firstWeek)) < since)
                {
                    firstWeek++;
                }

                var instanceCount = delivery == "saas" ? 1 : Pick(random, 0.70, 0.20) + 1;
                var instances = new List<DemoInstance>(instanceCount);
                for (var n = 0; n < instanceCount; n++)
                {
                    instanceNo++;
                    var (type, share, activity) = n == 0
                        ? ("production", 1.0, 1.0)
                        : Pick(random, 0.55, 0.30) switch
                        {
                            0 => ("non-production", 0.02 + (0.08 * random.NextDouble()), 0.7),
                            1 => ("geo-secondary", 1.0, 0.1), // a read replica: the same users, little activity of its own
                            _ => ("production", 0.05 + (0.35 * random.NextDouble()), 1.0), // a smaller second production server
                        };
                    var start = n > 0 && random.NextDouble() < 0.2 ? Math.Max(firstWeek, random.Next(0, weeks)) : firstWeek;
                    var end = Math.Min(weeks - 1, darkFromWeek);
                    if (random.NextDouble() < 0.015 && !named)
                    {
                        end = Math.Min(end, weeks - 1 - random.Next(9, 21)); // this instance alone stopped reporting
                    }

                    if (noUsage)
                    {
                        end = -1;
                    }

                    instances.Add(new DemoInstance($"i-{instanceNo:000000}", type, share, activity, start, end, named ? BlindSpots.None : PickBlindSpots(random)));
                }

                subscriptionNo++;
                subscriptions.Add(new DemoSubscription($"S-{subscriptionNo:000000}", plan, arr, delivery, since, licensed, utilization, offsets, instances));
            }

            accounts.Add(new DemoAccount($"A-{i:000000}", name, segment, region, csm, owner, overall, target, maturity, subscriptions));
        }

        return new DemoPopulation(weeks, lastSnapshot, accounts);
    }

    /// <summary>
    /// One week passes: each theme moves part of the way to its target, with noise, and now and then the target
    /// itself moves (a new team adopts CI, a champion leaves), so accounts cross into and out of platform adoption.
    /// </summary>
    public static void Advance(DemoAccount account, Random random)
    {
        for (var t = 0; t < Themes; t++)
        {
            if (random.NextDouble() < 0.04)
            {
                account.Target[t] = Target(random, account.Overall, t);
            }

            account.Maturity[t] = Math.Clamp(account.Maturity[t] + (0.2 * (account.Target[t] - account.Maturity[t])) + Noise(random, 0.04), 0, 1);
        }
    }

    /// <summary>Bell-shaped noise with standard deviation sd, bounded to about 2.45 sd (triangular: cheap and deterministic).</summary>
    public static double Noise(Random random, double sd) =>
        (random.NextDouble() + random.NextDouble() - 1) * 2.449 * sd;

    private static double Target(Random random, double overall, int theme) =>
        Math.Clamp((0.55 * overall) + (0.45 * random.NextDouble()) + ThemeBias[theme], 0, 1);

    /// <summary>0 with probability a, 1 with probability b, else 2.</summary>
    private static int Pick(Random random, double a, double b)
    {
        var x = random.NextDouble();
        return x < a ? 0 : x < a + b ? 1 : 2;
    }

    private static string Person(Random random, string favourite) =>
        (random.NextDouble() < 0.3 ? favourite : People[random.Next(People.Length)]) + "@example.com";

    /// <summary>Log-uniform within the segment's band; some round, some to the cent, a few zero (pilots, partners).</summary>
    private static decimal Arr(Random random, string segment)
    {
        var (low, high) = segment switch
        {
            "enterprise" => (250_000.0, 2_000_000.0),
            "mid-market" => (50_000.0, 250_000.0),
            _ => (5_000.0, 50_000.0),
        };
        var value = Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low))));
        var kind = random.NextDouble();
        return kind < 0.015 ? 0m
            : kind < 0.5 ? Math.Round((decimal)value / 100m, 0) * 100m
            : Math.Round((decimal)value, 2);
    }

    private static int TenureDays(Random random)
    {
        var x = random.NextDouble();
        return x < 0.04 ? random.Next(14, 90) // under 3 months: license utilization not scored yet
            : x < 0.12 ? random.Next(90, 300) // the 3-9 month onboarding bands
            : random.Next(300, 1826);
    }

    /// <summary>
    /// Metric groups an instance never reports (old versions, deployments outside the product, disabled pings):
    /// their cells stay empty, so some use cases are unknown rather than red.
    /// </summary>
    private static BlindSpots PickBlindSpots(Random random)
    {
        var blind = BlindSpots.None;
        var x = random.NextDouble();
        blind |= x switch
        {
            < 0.030 => BlindSpots.Security,
            < 0.060 => BlindSpots.Deployments,
            < 0.075 => BlindSpots.GitOperations,
            < 0.085 => BlindSpots.CiBuilds,
            < 0.090 => BlindSpots.Licenses,
            _ => BlindSpots.None,
        };
        return blind;
    }

    private static string NextName(Random random, HashSet<string> taken, int i)
    {
        // The well-known brands come up often in a small demo, so names prefix and collide with each other
        // ("Hooli", "Hooli Bank", "Hooli Bank (EMEA)"); in a large one the invented brands keep the bulk distinct.
        var famous = random.NextDouble() < Math.Min(0.4, 2_000.0 / i);
        var brand = famous ? Brands[random.Next(Brands.Length)] : Synthetic(random);
        var name = random.NextDouble() < (famous ? 0.3 : 0.15) ? brand : $"{brand} {Industries[random.Next(Industries.Length)]}";
        if (taken.Add(NameKey.From(name)))
        {
            return name;
        }

        // The same company name twice: CRMs keep such accounts apart with a regional tag.
        if (random.NextDouble() < 0.3)
        {
            var tagged = $"{name} ({RegionTags[random.Next(RegionTags.Length)]})";
            if (taken.Add(NameKey.From(tagged)))
            {
                return tagged;
            }
        }

        for (var attempt = 0; attempt < 6; attempt++)
        {
            name = $"{Synthetic(random)} {Industries[random.Next(Industries.Length)]}";
            if (taken.Add(NameKey.From(name)))
            {
                return name;
            }
        }

        var numbered = $"{name} {i}";
        taken.Add(NameKey.From(numbered));
        return numbered;
    }

    private static string Synthetic(Random random)
    {
        if (random.NextDouble() < 0.1)
        {
            return $"{Adjectives[random.Next(Adjectives.Length)]} {Nouns[random.Next(Nouns.Length)]}";
        }

        var onset = Onsets[random.Next(Onsets.Length)];
        var middle = random.NextDouble() < 0.6 ? Middles[random.Next(Middles.Length)] : string.Empty;
        return onset + middle + Codas[random.Next(Codas.Length)];
    }
}
