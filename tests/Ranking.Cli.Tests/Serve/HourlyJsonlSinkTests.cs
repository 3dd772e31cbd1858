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
    public void Write_AcrossAnHour_RotatesIntoTheHoursFolders()
    {
        _time.Advance(new TimeSpan(0, 59, 59));
        using (var sink = new HourlyJsonlSink(_directory, _time, new RankingInstruments()))
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
    public void Write_IsInTheFileWhenItReturns_WithoutAStop()
    {
        using var sink = new HourlyJsonlSink(_directory, TimeProvider.System, new RankingInstruments());

        Write(sink, """{"n":1}""");
        Write(sink, """{"n":2}""");

        var folder = Directory.GetDirectories(Path.Combine(_directory, "impressions"), "hour=*", SearchOption.AllDirectories).Single();
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n", ReadShared(folder));
    }

    [Fact]
    public void New_OverAFolderThatCannotBeWritten_FailsNamingIt()
    {
        var file = Path.Combine(_directory, "not-a-folder");
        File.WriteAllText(file, "");

        var error = Assert.Throws<IOException>(() => new HourlyJsonlSink(Path.Combine(file, "logs"), _time, new RankingInstruments()));

        Assert.StartsWith($"--log-dir {Path.Combine(file, "logs")} cannot be written: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AfterDispose_Throws()
    {
        var sink = new HourlyJsonlSink(_directory, _time, new RankingInstruments());
        sink.Dispose();

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
