using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Teams.Tests.TestSupport;

namespace PlatformBot.Teams.Tests;

public sealed class TeamsMessageEndpointTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 9, 12, 3, TimeSpan.Zero);

    private readonly BotFrameworkIssuer _issuer = new();
    private readonly ServiceProvider _services;
    private readonly List<Activity> _handled = [];

    public TeamsMessageEndpointTests()
    {
        ServiceCollection services = new();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddTeamsAdapter(o =>
        {
            o.AppId = BotFrameworkIssuer.AppId;
            o.AppPassword = "secret";
            o.OpenIdMetadataUrl = _issuer.MetadataUrl;
            o.RequireHttpsMetadata = false;
            o.MaxRequestBodyBytes = 64 * 1024;
        });
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _issuer.Dispose();
    }

    [Fact]
    public async Task Acknowledges_an_authenticated_message_with_200_and_no_body()
    {
        (var status, var body) = await PostAsync(BotFrameworkIssuer.CreateActivity(), "Bearer " + _issuer.CreateToken(Now));

        Assert.Equal(200, status);
        Assert.Empty(body);
        var handled = Assert.Single(_handled);
        Assert.Equal("1759881511856", handled.Id);
        Assert.Equal("tenant-a", handled.GetTenantId());
    }

    [Fact]
    public async Task Answers_an_adaptive_card_invoke_with_the_handlers_response()
    {
        var invoke = BotFrameworkIssuer.CreateActivity();
        invoke.Type = ActivityTypes.Invoke;
        invoke.Name = Activity.AdaptiveCardActionInvokeName;
        invoke.Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb = "score.refresh" } });

        (var status, var body) = await PostAsync(
            invoke,
            "Bearer " + _issuer.CreateToken(Now),
            (activity, _, _) => Task.FromResult<InvokeResponse?>(AdaptiveCardInvokeResponses.Message(activity.GetAdaptiveCardAction()!.Verb!)));

        Assert.Equal(200, status);
        var json = JsonNode.Parse(body)!;
        Assert.Equal(200, json["statusCode"]!.GetValue<int>());
        Assert.Equal("score.refresh", json["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_an_unhandled_invoke_with_501()
    {
        var invoke = BotFrameworkIssuer.CreateActivity();
        invoke.Type = ActivityTypes.Invoke;
        invoke.Name = "task/fetch";

        (var status, _) = await PostAsync(invoke, "Bearer " + _issuer.CreateToken(Now));

        Assert.Equal(501, status);
    }

    [Fact]
    public async Task Refuses_an_unauthenticated_request_before_the_handler_runs()
    {
        var context = CreateContext(JsonSerializer.SerializeToUtf8Bytes(BotFrameworkIssuer.CreateActivity(), TeamsJson.Options), authorization: null);

        await TeamsMessageEndpoint.HandleAsync(context, Handler);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("Bearer", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Empty(_handled);
    }

    [Fact]
    public async Task Refuses_a_token_whose_key_is_not_endorsed_with_403()
    {
        var token = _issuer.CreateToken(Now, key: _issuer.WebChatKey, kid: BotFrameworkIssuer.WebChatKeyId);

        (var status, _) = await PostAsync(BotFrameworkIssuer.CreateActivity(), "Bearer " + token);

        Assert.Equal(403, status);
        Assert.Empty(_handled);
    }

    [Fact]
    public async Task Refuses_an_oversized_body_with_413()
    {
        var activity = BotFrameworkIssuer.CreateActivity();
        activity.Text = new string('x', 70 * 1024);

        (var status, _) = await PostAsync(activity, "Bearer " + _issuer.CreateToken(Now));

        Assert.Equal(413, status);
        Assert.Empty(_handled);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/jsonp")]
    [InlineData(null)]
    public async Task Refuses_a_body_that_is_not_declared_json_with_415(string? contentType)
    {
        var context = CreateContext(
            JsonSerializer.SerializeToUtf8Bytes(BotFrameworkIssuer.CreateActivity(), TeamsJson.Options), "Bearer " + _issuer.CreateToken(Now));
        context.Request.ContentType = contentType;

        await TeamsMessageEndpoint.HandleAsync(context, Handler);

        Assert.Equal(415, context.Response.StatusCode);
        Assert.Empty(_handled);
    }

    [Fact]
    public async Task Accepts_json_with_a_charset_parameter()
    {
        var context = CreateContext(
            JsonSerializer.SerializeToUtf8Bytes(BotFrameworkIssuer.CreateActivity(), TeamsJson.Options), "Bearer " + _issuer.CreateToken(Now));
        context.Request.ContentType = "application/json; charset=utf-8";

        await TeamsMessageEndpoint.HandleAsync(context, Handler);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Single(_handled);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{}")]
    [InlineData("[]")]
    public async Task Refuses_an_unreadable_activity_with_400(string body)
    {
        var context = CreateContext(Encoding.UTF8.GetBytes(body), "Bearer " + _issuer.CreateToken(Now));

        await TeamsMessageEndpoint.HandleAsync(context, Handler);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Empty(_handled);
    }

    private Task<InvokeResponse?> Handler(Activity activity, HttpContext context, CancellationToken cancellationToken)
    {
        _handled.Add(activity);
        return Task.FromResult<InvokeResponse?>(null);
    }

    private async Task<(int Status, string Body)> PostAsync(Activity activity, string? authorization, TeamsActivityHandler? handler = null)
    {
        var context = CreateContext(JsonSerializer.SerializeToUtf8Bytes(activity, TeamsJson.Options), authorization);
        await TeamsMessageEndpoint.HandleAsync(context, handler ?? Handler);
        context.Response.Body.Position = 0;
        using StreamReader reader = new(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    private DefaultHttpContext CreateContext(byte[] body, string? authorization)
    {
        DefaultHttpContext context = new() { RequestServices = _services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/messages";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
