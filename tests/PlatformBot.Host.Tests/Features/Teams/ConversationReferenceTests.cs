using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Teams;
using PlatformBot.Teams.Tests.TestSupport;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>Conversation references live in the store: they survive restarts and follow Teams' lifecycle events.</summary>
public sealed class ConversationReferenceTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ConversationReferenceStore Store => _host.Factory.Services.GetRequiredService<ConversationReferenceStore>();

    private Activity TeamUpdate(string id, object channelData, bool botAdded = false, bool botRemoved = false)
    {
        var update = _host.Message(string.Empty, "channel", id);
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.Entities = null;
        update.Conversation!.Id = TeamsTestHost.TeamId;
        var bot = new ChannelAccount { Id = "28:" + BotFrameworkIssuer.AppId };
        update.MembersAdded = botAdded ? [bot] : null;
        update.MembersRemoved = botRemoved ? [bot] : null;
        update.ChannelData = JsonSerializer.SerializeToElement(channelData);
        return update;
    }

    private async Task PostAsync(Activity activity)
    {
        using var client = _host.Factory.CreateClient();
        using var response = await _host.PostAsync(client, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Activity PersonalInstall(string action)
    {
        var install = _host.Message(string.Empty, id: "install-" + action);
        install.Type = ActivityTypes.InstallationUpdate;
        install.Text = null;
        install.Action = action;
        return install;
    }

    [Fact]
    public async Task References_stored_on_install_survive_a_restart_of_the_host()
    {
        await PostAsync(TeamUpdate("added-1", new { eventType = "teamMemberAdded", tenant = new { id = TeamsTestHost.TenantId }, team = new { id = TeamsTestHost.TeamId } }, botAdded: true));
        await PostAsync(PersonalInstall("add"));

        await _host.RestartAsync();

        var team = await Store.FindAsync(TeamsTestHost.TeamId, CancellationToken.None);
        var personal = await Store.FindAsync("a:ada-1", CancellationToken.None);
        Assert.Equal((_host.ServiceUrl, TeamsTestHost.TenantId, TeamsTestHost.TeamId, "channel", "28:" + BotFrameworkIssuer.AppId),
            (team?.ServiceUrl, team?.TenantId, team?.TeamId, team?.ConversationType, team?.BotId));
        Assert.Equal(("29:user-1", TeamsTestHost.ArrViewer, "personal"), (personal?.UserId, personal?.UserAadObjectId, personal?.ConversationType));
        Assert.Equal(2, await Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_message_with_a_new_service_url_refreshes_the_known_references_of_its_team_and_adds_none()
    {
        await PostAsync(TeamUpdate("added-1", new { eventType = "teamMemberAdded", tenant = new { id = TeamsTestHost.TenantId }, team = new { id = TeamsTestHost.TeamId } }, botAdded: true));
        var moved = _host.Connector.Url + "/emea/";
        var message = _host.Message("help", "channel", "help-1");
        message.ServiceUrl = moved;

        await PostAsync(message);
        await _host.RestartAsync();

        Assert.Equal(moved, (await Store.FindAsync(TeamsTestHost.TeamId, CancellationToken.None))?.ServiceUrl);
        Assert.Equal(1, await Store.CountAsync(CancellationToken.None)); // the thread the message came from is not a reference
        Assert.Single(_host.ConnectorRequests(), r => r.Path.StartsWith("/emea/", StringComparison.Ordinal)); // the reply went to the new URL too
    }

    [Fact]
    public async Task Removing_the_bot_deleting_the_team_or_uninstalling_forgets_the_references_for_good()
    {
        var team = new { eventType = "teamMemberAdded", tenant = new { id = TeamsTestHost.TenantId }, team = new { id = TeamsTestHost.TeamId } };
        await PostAsync(TeamUpdate("added-1", team, botAdded: true));
        await PostAsync(PersonalInstall("add"));
        await PostAsync(TeamUpdate("removed-1", new { eventType = "teamMemberRemoved", tenant = new { id = TeamsTestHost.TenantId }, team = new { id = TeamsTestHost.TeamId } }, botRemoved: true));
        await PostAsync(PersonalInstall("remove"));
        Assert.Equal(0, await Store.CountAsync(CancellationToken.None));

        await PostAsync(TeamUpdate("added-2", team, botAdded: true));
        await PostAsync(TeamUpdate("deleted-1", new { eventType = "teamDeleted", tenant = new { id = TeamsTestHost.TenantId }, team = new { id = TeamsTestHost.TeamId } }));
        await _host.RestartAsync();

        Assert.Equal(0, await Store.CountAsync(CancellationToken.None));

        // Lifecycle events are never answered; each of the three installs got its one welcome.
        var welcomes = _host.ConnectorRequests();
        Assert.Equal(3, welcomes.Count);
        Assert.All(welcomes, w => Assert.Contains("PlatformBot commands", w.Body!.ToJsonString(), StringComparison.Ordinal));
    }

    [PostgresClusterFact]
    public async Task On_postgres_concurrent_saves_of_one_conversation_leave_one_reference_with_the_last_service_url()
    {
        var cs = await PostgresTestDatabase.CreateAsync("pb_teams_");
        try
        {
            var connection = new StoreConnection(StorageProvider.Postgres, cs, 60);
            var contexts = new Contexts(connection);
            using var initializer = new StoreInitializer(contexts, connection, Options.Create(new StorageOptions { Provider = StorageProvider.Postgres }), NullLogger<StoreInitializer>.Instance);
            await initializer.MigrateAsync(CancellationToken.None);
            var store = new ConversationReferenceStore(contexts, initializer, TimeProvider.System, NullLogger<ConversationReferenceStore>.Instance);
            static ConversationReference Reference(int i) => new()
            {
                ServiceUrl = $"https://smba.trafficmanager.net/region-{i}/", ChannelId = "msteams", ConversationId = "19:shared@thread.tacv2",
                ConversationType = "channel", TenantId = "tenant-a", TeamId = "19:team@thread.tacv2",
            };

            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.SaveAsync(Reference(i), CancellationToken.None))));
            await store.SaveAsync(Reference(99), CancellationToken.None);

            var all = await store.AllAsync(CancellationToken.None);
            Assert.Equal("https://smba.trafficmanager.net/region-99/", Assert.Single(all).ServiceUrl);
        }
        finally
        {
            await PostgresTestDatabase.DropAsync(cs);
        }
    }

    private sealed class Contexts(StoreConnection connection) : IDbContextFactory<PlatformBotDbContext>
    {
        public PlatformBotDbContext CreateDbContext() => new(connection.CreateOptions());
    }
}
