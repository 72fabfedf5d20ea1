using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Teams;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>
/// A digest card's actions through the real Teams endpoint (signed activities, WireMock connector): "Open card" sends
/// the picked account's card to a 1:1 chat with the clicker, ARR by the clicker's rule, and leaves the digest card as
/// it is; "Show all" for a week no longer stored tells the clicker and posts nothing (ADR 0025).
/// </summary>
public sealed class TeamsDigestActionTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Activity Invoke(string verb, object data, string aadObjectId)
    {
        var invoke = _host.Message(string.Empty, conversationType: "channel", id: "invoke-1", aadObjectId: aadObjectId);
        invoke.Type = ActivityTypes.Invoke;
        invoke.Text = null;
        invoke.Entities = null;
        invoke.Name = Activity.AdaptiveCardActionInvokeName;
        invoke.Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" });
        return invoke;
    }

    private static async Task<string> InvokeMessageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        return body["value"]!.GetValue<string>();
    }

    [Theory]
    [InlineData(TeamsTestHost.ArrViewer, true)]
    [InlineData("aad-someone-else", false)]
    public async Task Open_card_sends_the_picked_account_to_the_clickers_private_chat_with_arr_by_the_clickers_rule(string aadObjectId, bool seesArr)
    {
        using var client = _host.Factory.CreateClient();
        var data = new Dictionary<string, string> { [TeamsDigestRenderer.InputKey] = "digestAccount1", ["digestAccount0"] = "A-2", ["digestAccount1"] = "A-1" };

        using var response = await _host.PostAsync(client, Invoke(TeamsDigestRenderer.OpenCardVerb, data, aadObjectId));

        Assert.Equal(TeamsBot.PrivateNote, await InvokeMessageAsync(response));
        var requests = _host.ConnectorRequests();
        Assert.Equal(2, requests.Count); // the 1:1 chat and the card in it; nothing in the channel
        Assert.Equal(("POST", "/amer/v3/conversations"), (requests[0].Method, requests[0].Path));
        Assert.Equal($"/amer/v3/conversations/{TeamsTestHost.PersonalConversationId}/activities", requests[1].Path);
        var card = requests[1].Body!.ToJsonString();
        Assert.Contains("Acme Corp", card, StringComparison.Ordinal);
        Assert.Equal(seesArr, card.Contains("\"ARR\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_card_without_a_picked_account_asks_for_one()
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(client, Invoke(TeamsDigestRenderer.OpenCardVerb, new Dictionary<string, string> { [TeamsDigestRenderer.InputKey] = "digestAccount0" }, TeamsTestHost.ArrViewer));

        Assert.Equal(Wording.PickAnAccountFirst, await InvokeMessageAsync(response));
        Assert.Empty(_host.ConnectorRequests());
    }

    [Fact]
    public async Task Show_all_for_a_week_that_is_no_longer_stored_tells_the_clicker_and_posts_nothing()
    {
        using var client = _host.Factory.CreateClient();
        var gone = new DigestShowAll(DigestKind.ScoreChanges, new DateOnly(2001, 1, 1), DigestFilters.None, "Europe/Berlin", "up");

        using var response = await _host.PostAsync(client, Invoke(TeamsDigestRenderer.ShowAllVerb, new Dictionary<string, string> { [TeamsDigestRenderer.ShowAllKey] = gone.ToValue() }, TeamsTestHost.ArrViewer));

        Assert.Equal(Wording.ShowAllGone, await InvokeMessageAsync(response));
        Assert.Empty(_host.ConnectorRequests());
    }
}
