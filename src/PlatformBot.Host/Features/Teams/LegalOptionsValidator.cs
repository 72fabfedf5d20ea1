using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Teams;

// In PlatformBot.Host (like MapHealth, SlackSetup) so Program.cs needs no extra using.
namespace PlatformBot.Host;

/// <summary>Start-up fails naming the Legal key that is wrong (<see cref="LegalOptions.Validate"/>).</summary>
internal sealed class LegalOptionsValidator : IValidateOptions<LegalOptions>
{
    public ValidateOptionsResult Validate(string? name, LegalOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
