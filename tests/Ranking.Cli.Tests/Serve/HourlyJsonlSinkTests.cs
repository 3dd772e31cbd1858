using Ranking.Contracts;
using System.Text;
using Ranking.Cli.Serve;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;
using Ranking.Testing.Seams;

namespace Ranking.Cli.Tests.Serve;

public sealed class HourlyJsonlSinkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-logs-").FullName;
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Write_AcrossAnHour_RotatesIntoTheHoursFolders()
    {
        _time.Advance(new TimeSpan(0, 59, 59));
        await using (var sink = new HourlyJsonlSink(_directory, _time, new CountingMetrics(), TimeSpan.FromHours(1)))
        {
            Write(sink, """{"n":1}""");
            _time.Advance(TimeSpan.FromSeconds(2));
            Write(sink, """{"n":2}""");
            Write(sink, """{"n":3}""");
        }

        Assert.Equal(["{\"n\":1}"], Lines("impressions/dt=2026-11-01/hour=12"));
        Assert.Equal(["{\"n\":2}", "{\"n\":3}"], Lines("impressions/dt=2026-11-01/hour=13"));
    }

    [Fact]
    public async Task Write_IsOnDiskAfterTheFlushIntervalWithoutAStop()
    {
        await using var sink = new HourlyJsonlSink(_directory, TimeProvider.System, new CountingMetrics(), TimeSpan.FromMilliseconds(50));
        Write(sink, """{"n":1}""");

        var folder = Directory.GetDirectories(Path.Combine(_directory, "impressions"), "hour=*", SearchOption.AllDirectories).Single();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (ReadShared(folder) == "" && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal("{\"n\":1}\n", ReadShared(folder));
    }

    [Fact]
    public async Task Write_AfterDispose_Throws()
    {
        var sink = new HourlyJsonlSink(_directory, _time, new CountingMetrics(), TimeSpan.FromHours(1));
        await sink.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => Write(sink, "{}"));
    }

    private static void Write(HourlyJsonlSink sink, string record) => sink.Write(RecordLogs.Impressions, Encoding.UTF8.GetBytes(record));

    private string[] Lines(string folder) => File.ReadAllLines(Directory.GetFiles(Path.Combine(_directory, folder), "*.jsonl").Single());

    /// <summary>The folder's one file as another process reads it while the sink still has it open.</summary>
    private static string ReadShared(string folder)
    {
        using var stream = new FileStream(Directory.GetFiles(folder, "*.jsonl").Single(), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
