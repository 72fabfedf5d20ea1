using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Accounts;

public static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services) => services.AddSingleton<AccountPurge>();
}
