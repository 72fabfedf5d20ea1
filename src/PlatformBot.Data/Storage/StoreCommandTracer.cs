using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PlatformBot.Data.Storage;

/// <summary>Gives every command EF creates a store span (<see cref="StoreTracing"/>), once its SQL is set.</summary>
internal sealed class StoreCommandTracer : DbCommandInterceptor
{
    public static readonly StoreCommandTracer Instance = new();

    private StoreCommandTracer()
    {
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        StoreTracing.Trace(result, "ef");
        return result;
    }
}
