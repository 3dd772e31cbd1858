using Ranking.Handlers.Metrics;

namespace Ranking.Handlers.Tests.Metrics;

/// <summary>A test's own instruments and what they recorded, read by EMF name (the names the functions' alarms use).</summary>
internal sealed class RecordingMetrics : IDisposable
{
    private readonly MetricsCollector _collector;

    public RecordingMetrics() => _collector = new MetricsCollector(Instruments.Meter);

    public RankingInstruments Instruments { get; } = new();

    public double Sum(string emfName) => _collector.Sum(emfName);

    public long Recorded(string emfName) => _collector.Recorded(emfName);

    public void Dispose()
    {
        _collector.Dispose();
        Instruments.Dispose();
    }
}
