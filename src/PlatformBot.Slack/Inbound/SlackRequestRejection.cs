namespace PlatformBot.Slack;

/// <summary>Why an inbound request was not handed to the application.</summary>
public enum SlackRequestRejection
{
    None = 0,

    /// <summary>413: body over SlackOptions.MaxRequestBodyBytes.</summary>
    PayloadTooLarge,

    /// <summary>401: signature or timestamp failed verification (or no signing secret is configured).</summary>
    InvalidSignature,

    /// <summary>415: not the content type Slack uses for this endpoint.</summary>
    UnsupportedMediaType,

    /// <summary>400: signed, but the payload cannot be read.</summary>
    MalformedPayload,

    /// <summary>200 with an empty body: Slack's ssl_check probe on a command URL; nothing to do.</summary>
    SslCheck,
}
