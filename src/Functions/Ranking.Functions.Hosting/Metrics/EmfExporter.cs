using System.Diagnostics.Metrics;
using Ranking.Contracts;
using Ranking.Handlers.Metrics;
using Ranking.Lambda.Metrics;

namespace Ranking.Functions.Hosting.Metrics;

/// <summary>
/// Writes the measurements of a function's <see cref="RankingInstruments"/> to its EMF writer as they are made, under
/// the names <see cref="EmfNaming"/> gives (<see cref="MetricNames"/>, which the CDK app alarms on): per surface
/// where the measurement has a surface, else per function. A ranking's <c>model</c> tag becomes the
/// <c>ModelVersion</c> property. Values accumulate during an invocation; the function flushes them once at its end.
/// </summary>
public sealed class EmfExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly EmfMetrics _emf;

    public EmfExporter(RankingInstruments instruments, EmfMetrics emf)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _emf = emf;
        var meter = instruments.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && EmfNaming.Of(instrument) is { } naming)
            {
                listener.EnableMeasurementEvents(instrument, new Target(naming, UnitOf(instrument)));
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Write((Target)state!, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Write((Target)state!, value, tags));
        _listener.Start();
    }

    /// <summary>The EMF writer of a function: one per execution environment, named as the CDK app's alarms expect.</summary>
    public static EmfMetrics CreateWriter(string @namespace, string functionName, TextWriter output, TimeProvider time) => new(
        new EmfOptions
        {
            Namespace = @namespace,
            FunctionDimension = MetricNames.FunctionDimension,
            FunctionName = functionName,
            ScopeDimension = MetricNames.SurfaceDimension,
            ColdStartMetric = MetricNames.ColdStart,
        },
        output,
        time);

    public void Dispose() => _listener.Dispose();

    private void Write(Target target, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var (variant, total, surface) = target.Naming.NamesOf(tags);
        if (variant is not null)
        {
            _emf.Record(variant, value, target.Unit, surface);
        }

        if (total is not null)
        {
            _emf.Record(total, value, target.Unit, surface);
        }

        foreach (var tag in tags)
        {
            if (tag.Key == RankingInstruments.ModelTag && tag.Value is string model)
            {
                _emf.SetProperty("ModelVersion", model);
            }
        }
    }

    private static EmfUnit UnitOf(Instrument instrument) => instrument.Unit switch
    {
        "ms" => EmfUnit.Milliseconds,
        "s" => EmfUnit.Seconds,
        "1" => EmfUnit.None,
        _ => EmfUnit.Count,
    };

    private sealed record Target(EmfNaming Naming, EmfUnit Unit);
}

/// <summary>A function's metrics: its instruments, exported to its EMF writer, which the function flushes once per invocation.</summary>
public sealed record FunctionMetrics(RankingInstruments Instruments, EmfMetrics Writer)
{
    /// <summary>One per execution environment, at init: the exporter listens for the life of the process.</summary>
    public static FunctionMetrics Create(string @namespace, string functionName, TextWriter output, TimeProvider time)
    {
        var instruments = new RankingInstruments();
        var writer = EmfExporter.CreateWriter(@namespace, functionName, output, time);
        _ = new EmfExporter(instruments, writer);
        return new FunctionMetrics(instruments, writer);
    }
}
