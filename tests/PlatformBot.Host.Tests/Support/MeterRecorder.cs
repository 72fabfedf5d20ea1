using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// Every measurement of one instrument of one host's meters (its IMeterFactory scope), with its tags: other hosts in
/// the same test process have meters of their own and are not heard.
/// </summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, Dictionary<string, string?> Tags)> _measurements = [];

    public MeterRecorder(IServiceProvider host, string instrumentName)
    {
        var factory = host.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var named = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                named[tag.Key] = tag.Value as string;
            }

            lock (_measurements)
            {
                _measurements.Add((value, named));
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<(long Value, Dictionary<string, string?> Tags)> Measurements
    {
        get
        {
            lock (_measurements)
            {
                return [.. _measurements];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
