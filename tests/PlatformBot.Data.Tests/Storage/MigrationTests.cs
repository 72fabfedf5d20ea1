using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Npgsql;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Tests.Support;

namespace PlatformBot.Data.Tests.Storage;

public sealed class MigrationTests
{
    public static TheoryData<string> DesignTimeFactories => new()
    {
        nameof(StorageProvider.Sqlite),
        nameof(StorageProvider.SqlServer),
        nameof(StorageProvider.Postgres),
    };

    private static PlatformBotDbContext DesignTimeContext(string provider) => provider switch
    {
        nameof(StorageProvider.Sqlite) => new PlatformBot.Data.Sqlite.DesignTimeFactory().CreateDbContext([]),
        nameof(StorageProvider.SqlServer) => new PlatformBot.Data.SqlServer.DesignTimeFactory().CreateDbContext([]),
        _ => new PlatformBot.Data.Postgres.DesignTimeFactory().CreateDbContext([]),
    };

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void The_model_has_no_changes_missing_a_migration(string provider)
    {
        using var db = DesignTimeContext(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The EF model changed without a {provider} migration: run `dotnet ef migrations add <Name> --project src/PlatformBot.Data.{provider} --startup-project src/PlatformBot.Data.{provider}`.");
    }

    [Fact]
    public void The_sql_server_idempotent_script_parses_as_t_sql()
    {
        using var db = DesignTimeContext(nameof(StorageProvider.SqlServer));
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);

        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message}"));
        var creates = ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).SelectMany(Flatten).OfType<CreateTableStatement>()
            .Select(t => t.SchemaObjectName.BaseIdentifier.Value).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "accounts", "subscriptions", "instances", "usage_rows", "metric_columns", "score_snapshots", "audit_entries" }, creates);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    private static IEnumerable<TSqlStatement> Flatten(TSqlStatement statement) => statement switch
    {
        IfStatement s => new[] { s.ThenStatement, s.ElseStatement }.Where(x => x is not null).SelectMany(x => Flatten(x!)),
        BeginEndBlockStatement b => b.StatementList.Statements.SelectMany(Flatten),
        _ => [statement],
    };

    [Fact]
    public async Task Sqlite_migrates_an_empty_file_to_the_current_schema()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        await using var db = await store.Contexts.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.ScoreSnapshots.CountAsync());
    }

    [PostgresFact]
    public async Task Postgres_server_is_reachable_and_migrates_to_the_current_schema()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Postgres);
        await using var db = await store.Contexts.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await using var connection = new NpgsqlConnection(store.Connection.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'usage_rows'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }
}
