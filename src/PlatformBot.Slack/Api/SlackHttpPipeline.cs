using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

using Microsoft.Extensions.Logging;

namespace PlatformBot.Slack;

/// <summary>
/// The one place that sends HTTP to Slack: per-attempt timeout, Retry-After on 429 (bounded), backoff retries for
/// idempotent reads, and an honest "outcome unknown" for writes that got no clear answer. Waits go through
/// <see cref="TimeProvider"/> so tests control them.
/// </summary>
internal sealed class SlackHttpPipeline(HttpClient httpClient, SlackOptions options, TimeProvider timeProvider, ILogger logger, SlackErrorReport errors)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadRetryBaseDelay = TimeSpan.FromMilliseconds(500);

    public async Task<SlackHttpResponse> SendAsync(
        string operation,
        Func<HttpRequestMessage> createRequest,
        SlackCallSafety safety,
        CancellationToken cancellationToken)
    {
        var rateLimitRetries = 0;
        var readRetries = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = await SendOnceAsync(operation, createRequest, cancellationToken);
            if (attempt.Failure is { } failure)
            {
                if (safety == SlackCallSafety.Idempotent && readRetries < options.MaxReadRetries)
                {
                    readRetries++;
                    await DelayAsync(operation, Backoff(readRetries), $"retrying read after {failure.Message}", cancellationToken);
                    continue;
                }

                if (safety == SlackCallSafety.NonIdempotent && !failure.NeverSent)
                {
                    throw new SlackOutcomeUnknownException(operation, failure.Message, failure.Exception);
                }

                throw new SlackTransportException(operation, failure.Message, failure.Exception);
            }

            var response = attempt.Response!;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Slack guarantees a 429 did nothing, so even a write may be repeated after the wait.
                var retryAfter = attempt.RetryAfter ?? DefaultRetryAfter;
                if (rateLimitRetries >= options.MaxRateLimitRetries || retryAfter > options.MaxRetryAfter)
                {
                    errors.Observe(operation, "ratelimited");
                    throw new SlackRateLimitedException(operation, retryAfter);
                }

                rateLimitRetries++;
                await DelayAsync(operation, retryAfter, "rate limited (HTTP 429)", cancellationToken);
                continue;
            }

            if ((int)response.StatusCode >= 500)
            {
                var message = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
                if (safety == SlackCallSafety.Idempotent)
                {
                    if (readRetries < options.MaxReadRetries)
                    {
                        readRetries++;
                        await DelayAsync(operation, Backoff(readRetries), $"retrying read after {message}", cancellationToken);
                        continue;
                    }

                    throw new SlackTransportException(operation, string.Create(CultureInfo.InvariantCulture, $"{message} after {readRetries + 1} attempts"));
                }

                // A 5xx on a write may come after Slack acted (its docs say so for fatal_error).
                throw new SlackOutcomeUnknownException(operation, message);
            }

            return response;
        }
    }

    private async Task<Attempt> SendOnceAsync(string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        using CancellationTokenSource timeout = new(options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            return new Attempt(
                new SlackHttpResponse(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType),
                RetryAfter(response.Headers.RetryAfter),
                null);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, null, new Failure(string.Create(CultureInfo.InvariantCulture, $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s"), NeverSent: false, ex));
        }
        catch (HttpRequestException ex)
        {
            // Only failures before the request left are known to have done nothing.
            var neverSent = ex.HttpRequestError is HttpRequestError.NameResolutionError
                or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError;
            logger.LogWarning("Slack {Operation} transport failure ({Error})", operation, ex.HttpRequestError);
            return new Attempt(null, null, new Failure($"transport failure ({ex.HttpRequestError})", neverSent, ex));
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static TimeSpan Backoff(int retry) => ReadRetryBaseDelay * Math.Pow(2, retry - 1);

    private async Task DelayAsync(string operation, TimeSpan delay, string why, CancellationToken cancellationToken)
    {
        logger.LogWarning("Slack {Operation}: {Why}; waiting {DelayMs} ms", operation, why, (long)delay.TotalMilliseconds);
        await Task.Delay(delay, timeProvider, cancellationToken);
    }

    private sealed record Failure(string Message, bool NeverSent, Exception Exception);

    private sealed record Attempt(SlackHttpResponse? Response, TimeSpan? RetryAfter, Failure? Failure);
}
