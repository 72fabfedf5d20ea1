using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>Display:Currency: ARR's currency, on every answer; a bad code stops the host naming the key.</summary>
public sealed class DisplayCurrencyTests
{
    private static readonly Viewer Seller = new("cli:test", "cli", MaySeeArr: true, null);

    [Fact]
    public async Task The_configured_currency_is_on_every_amount_an_answer_holds()
    {
        using var factory = new PlatformBotFactory().With("Display:Currency", "EUR");
        await SampleData.SeedAsync(factory.Services);
        var lookup = factory.Services.GetRequiredService<LookupService>();

        var card = Assert.IsType<ScoreCardAnswer>(await lookup.AskAsync("Acme Corp", Seller, CancellationToken.None));
        var kpi = Assert.IsType<KpiAnswer>(await lookup.AskAsync("kpi", Seller, CancellationToken.None));

        Assert.Equal(new Money(300_000m, "EUR"), card.Arr);
        Assert.Equal("EUR", kpi.TotalArr?.Currency);
        Assert.Contains("ARR €300,000", TextRenderer.Render(card), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_setting_the_currency_is_usd()
    {
        using var factory = new PlatformBotFactory();

        Assert.Equal("USD", factory.Services.GetRequiredService<IOptions<DisplayOptions>>().Value.Currency);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("DOLLAR")]
    [InlineData("")]
    public void A_currency_that_is_not_an_iso_4217_code_stops_the_host_naming_the_key(string currency)
    {
        using var factory = new PlatformBotFactory().With("Display:Currency", currency);

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("Display:Currency", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("USD", 300_000, "$300K", "$300,000")]
    [InlineData("EUR", 1_234_567, "€1.23M", "€1,234,567")]
    [InlineData("GBP", 950, "£950", "£950")]
    [InlineData("CHF", 12_500, "CHF 12.5K", "CHF 12,500")]
    [InlineData("USD", 2_250_000_000, "$2.25B", "$2,250,000,000")]
    [InlineData("USD", -50_000, "-$50K", "-$50,000")]
    public void Money_is_compact_in_lists_and_exact_on_a_card_with_its_currency(string currency, long amount, string compact, string exact)
    {
        Assert.Equal(compact, Figures.Money(new Money(amount, currency)));
        Assert.Equal(exact, Figures.ExactMoney(new Money(amount, currency)));
    }
}
