using PlatformBot.Host.Features.Accounts;

namespace PlatformBot.Host.Tests.Features.Accounts;

public sealed class AccountPurgeTests
{
    [Theory]
    [InlineData("query: acme corp", "Acme Corp", "query: [purged]")]
    [InlineData("not found: ACME CORP and acme corp", "Acme Corp", "not found: [purged] and [purged]")]
    [InlineData("unknown id: A-10", "A-1", "unknown id: A-10")]
    [InlineData("ambiguous (2): acme corporation", "Acme Corp", "ambiguous (2): acme corporation")]
    [InlineData("picked A-1, then A-1.", "A-1", "picked [purged], then [purged].")]
    public void Redaction_replaces_the_name_or_id_only_where_it_stands_alone(string text, string term, string expected) =>
        Assert.Equal(expected, AccountPurge.ReplaceWhole(text, term));
}
