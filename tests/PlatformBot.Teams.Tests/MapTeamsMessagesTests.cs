using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Teams.Tests.TestSupport;

namespace PlatformBot.Teams.Tests;

/// <summary>The endpoint wired the way a host wires it, on a real Kestrel server.</summary>
public sealed class MapTeamsMessagesTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 9, 12, 3, TimeSpan.Zero);

    private readonly BotFrameworkIssuer _issuer = new();
    private readonly List<string> _texts = [];
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        builder.Services.AddTeamsAdapter(o =>
        {
            o.AppId = BotFrameworkIssuer.AppId;
            o.AppPassword = "secret";
            o.OpenIdMetadataUrl = _issuer.MetadataUrl;
            o.RequireHttpsMetadata = false;
            o.MaxRequestBodyBytes = 32 * 1024;
        });
        _app = builder.Build();
        _app.MapTeamsMessages("/api/messages", (activity, _, _) =>
        {
            if (activity.GetAdaptiveCardAction() is { Kind: AdaptiveCardActionKind.Execute } action)
            {
                return Task.FromResult<InvokeResponse?>(AdaptiveCardInvokeResponses.Message("did " + action.Verb));
            }

            _texts.Add(activity.RemoveRecipientMention());
            return Task.FromResult<InvokeResponse?>(null);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _issuer.Dispose();
    }

    [Fact]
    public async Task A_signed_message_reaches_the_handler()
    {
        using var response = await PostAsync(BotFrameworkIssuer.CreateActivity(), _issuer.CreateToken(Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["<at>ScoreBot</at> score payments-api"], _texts); // no mention entity in this activity
    }

    [Fact]
    public async Task An_invoke_gets_its_response_body()
    {
        var invoke = BotFrameworkIssuer.CreateActivity();
        invoke.Type = ActivityTypes.Invoke;
        invoke.Name = Activity.AdaptiveCardActionInvokeName;
        invoke.Value = System.Text.Json.JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb = "score.refresh" } });

        using var response = await PostAsync(invoke, _issuer.CreateToken(Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("did score.refresh", body["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unsigned_message_gets_401()
    {
        using var response = await PostAsync(BotFrameworkIssuer.CreateActivity(), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_texts);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413()
    {
        var activity = BotFrameworkIssuer.CreateActivity();
        activity.Text = new string('x', 40 * 1024);
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/messages")
        {
            // JsonContent streams without Content-Length, so the limit must hold while reading.
            Content = JsonContent.Create(activity, options: TeamsJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.CreateToken(Now));

        using var response = await _client!.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_texts);
    }

    private async Task<HttpResponseMessage> PostAsync(Activity activity, string? token)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(activity, TeamsJson.Options), System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _client!.SendAsync(request);
    }
}
