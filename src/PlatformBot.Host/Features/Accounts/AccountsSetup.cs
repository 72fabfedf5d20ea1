namespace PlatformBot.Host.Features.Accounts;

public static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services) => services.AddSingleton<AccountPurge>();
}
