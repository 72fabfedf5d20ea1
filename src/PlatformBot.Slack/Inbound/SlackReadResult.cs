using System.Diagnostics.CodeAnalysis;

using Microsoft.AspNetCore.Http;

namespace PlatformBot.Slack;

/// <summary>
/// A verified, parsed request, or the response to return instead. Usage:
/// <c>if (!read.IsSuccess) return read.Response;</c> then use <c>read.Payload</c>.
/// </summary>
public sealed class SlackReadResult<T>
    where T : class
{
    private SlackReadResult(T? payload, IResult? response, SlackRequestRejection rejection, string? reason)
    {
        Payload = payload;
        Response = response;
        Rejection = rejection;
        Reason = reason;
    }

    public T? Payload { get; }

    /// <summary>The response to send as it is when the request was not accepted.</summary>
    public IResult? Response { get; }

    public SlackRequestRejection Rejection { get; }

    /// <summary>Why it was rejected, fit for a log line (never contains secrets or the body).</summary>
    public string? Reason { get; }

    [MemberNotNullWhen(true, nameof(Payload))]
    [MemberNotNullWhen(false, nameof(Response))]
    public bool IsSuccess => Payload is not null;

    internal static SlackReadResult<T> Success(T payload) => new(payload, null, SlackRequestRejection.None, null);

    internal static SlackReadResult<T> Reject(SlackRejection rejection) =>
        new(null, rejection.Response, rejection.Kind, rejection.Reason);
}
