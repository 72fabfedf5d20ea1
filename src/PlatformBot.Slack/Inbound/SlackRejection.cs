using Microsoft.AspNetCore.Http;

namespace PlatformBot.Slack;

internal sealed record SlackRejection(SlackRequestRejection Kind, string Reason, IResult Response)
{
    public static SlackRejection TooLarge(string reason) =>
        new(SlackRequestRejection.PayloadTooLarge, reason, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));

    // Deliberately empty: a forger learns nothing about why.
    public static SlackRejection Unauthorized(string reason) =>
        new(SlackRequestRejection.InvalidSignature, reason, Results.Unauthorized());

    public static SlackRejection UnsupportedMediaType(string reason) =>
        new(SlackRequestRejection.UnsupportedMediaType, reason, Results.StatusCode(StatusCodes.Status415UnsupportedMediaType));

    public static SlackRejection Malformed(string reason) =>
        new(SlackRequestRejection.MalformedPayload, reason, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed Slack request", detail: reason));

    public static SlackRejection SslCheck() =>
        new(SlackRequestRejection.SslCheck, "ssl_check probe", Results.Ok());
}
