using System.Reflection;
using NetArchTest.Rules;
using PlatformBot.Data.Store;

namespace PlatformBot.Host.Tests.Architecture;

/// <summary>
/// Every hand-written statement lives in Data's store API (ADR 0017): the host asks the store for score inputs,
/// snapshots and directory rows, and holds no connection, command or provider type of its own. EF queries (LINQ,
/// ExecuteDelete) are not hand-written SQL and stay where they are.
/// </summary>
public sealed class StoreAccessTests
{
    private static readonly Assembly Host = typeof(Program).Assembly;
    private static readonly Assembly Data = typeof(SnapshotStore).Assembly;

    /// <summary>What hand-written SQL needs: ADO.NET's connection, command, reader and transaction, or a provider's own types.</summary>
    private static readonly string[] ProviderAccess =
    [
        "System.Data.Common.DbConnection", "System.Data.Common.DbCommand", "System.Data.Common.DbDataReader", "System.Data.Common.DbTransaction",
        "System.Data.IDbConnection", "System.Data.IDbCommand", "Microsoft.Data.Sqlite", "Npgsql", "Microsoft.Data.SqlClient",
    ];

    /// <summary>
    /// Host types allowed to hold a connection anyway, each with its reason. None today: migrations, the SQLite set-up
    /// and the health of the store are Data's (StoreInitializer), and the CLI only classifies a DbException.
    /// </summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal);

    [Fact]
    public void The_host_holds_no_connection_command_or_provider_type()
    {
        var result = Types.InAssembly(Host).ShouldNot().HaveDependencyOnAny(ProviderAccess).GetResult();
        var offenders = (result.FailingTypeNames ?? []).Where(t => !Allowed.Contains(t)).ToList();

        Assert.True(offenders.Count == 0, "Host types with their own database access (move the statement into PlatformBot.Data.Store): " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_rule_sees_database_access_where_there_is_some()
    {
        // Guards the guard: the store API does hold connections and commands, so the same check must fail for it.
        var result = Types.InAssembly(Data).ShouldNot().HaveDependencyOnAny(ProviderAccess).GetResult();

        Assert.False(result.IsSuccessful);
        Assert.Contains(typeof(SnapshotStore).FullName, result.FailingTypeNames ?? []);
    }
}
