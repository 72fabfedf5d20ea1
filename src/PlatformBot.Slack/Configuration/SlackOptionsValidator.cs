using Microsoft.Extensions.Options;

namespace PlatformBot.Slack;

/// <summary>Runs <see cref="SlackOptions.Validate"/> at start-up (registered with ValidateOnStart).</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
