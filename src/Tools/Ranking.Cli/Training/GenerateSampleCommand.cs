using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Training.Marketplace;

namespace Ranking.Cli.Training;

/// <summary><c>ranking generate-sample</c>: writes the synthetic marketplace (items, users, sellers, feeds, sessions, production logs, truth).</summary>
internal static class GenerateSampleCommand
{
    public static Command Create(CliContext context)
    {
        var outOption = new Option<string>("--out")
        {
            Description = "Folder to write the sample into (created if missing; its files are replaced)",
            DefaultValueFactory = _ => "samples/marketplace",
        };
        var seedOption = new Option<int>("--seed")
        {
            Description = "Random seed: the same seed always writes the same bytes",
            DefaultValueFactory = _ => new SampleGeneratorOptions().Seed,
        };
        var noLogsOption = new Option<bool>("--no-logs")
        {
            Description = "Leave out logs/ (the sessions as serve's impression and event logs) and truth/ (the click model's probabilities); the other files are the same either way",
        };
        var jsonOption = new Option<bool>("--json") { Description = "Print the summary as one JSON object" };
        var command = new Command("generate-sample", "Generate the synthetic marketplace sample data set (deterministic for a seed)");
        command.Options.Add(outOption);
        command.Options.Add(seedOption);
        command.Options.Add(noLogsOption);
        command.Options.Add(jsonOption);
        command.SetAction(CommandErrors.Guard(context, parseResult =>
        {
            var directory = parseResult.GetValue(outOption)!;
            var seed = parseResult.GetValue(seedOption);
            var started = context.Time.GetTimestamp();
            var sample = SampleGenerator.Generate(new SampleGeneratorOptions { Seed = seed });
            var (logs, truth) = SampleGenerator.Write(sample, directory, logs: !parseResult.GetValue(noLogsOption));
            var elapsed = context.Time.GetElapsedTime(started);
            if (parseResult.GetValue(jsonOption))
            {
                JsonOutput.Write(context.Stdout, w => WriteJson(w, sample, directory, elapsed, logs, truth));
                return 0;
            }

            Print(context.Stdout, sample, directory, elapsed);
            if (logs > 0)
            {
                context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  logs {logs / 1024.0 / 1024.0:F1} MiB ({sample.Sessions.Count} impression records, {sample.Sessions.Sum(static s => s.Clicks.Count + s.Purchases.Count)} events), truth {truth / 1024.0 / 1024.0:F1} MiB"));
            }
            return 0;
        }));
        return command;
    }

    private static void WriteJson(Utf8JsonWriter w, MarketplaceSample sample, string directory, TimeSpan elapsed, long logs, long truth)
    {
        var sessions = sample.Sessions;
        w.WriteStartObject();
        w.WriteString("directory", Path.GetFullPath(directory));
        w.WriteNumber("seed", sample.Options.Seed);
        w.WriteNumber("bytes", Directory.GetFiles(directory).Sum(static f => new FileInfo(f).Length));
        w.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 3));
        w.WriteNumber("items", sample.Items.Count);
        w.WriteNumber("users", sample.Users.Count);
        w.WriteNumber("feeds", sample.Feeds.Count);
        w.WriteNumber("sessions", sessions.Count);
        w.WriteNumber("impressions", sessions.Sum(static s => s.Items.Count));
        w.WriteNumber("clicks", sessions.Sum(static s => s.Clicks.Count));
        w.WriteNumber("purchases", sessions.Sum(static s => s.Purchases.Count));
        w.WriteNumber("logBytes", logs);
        w.WriteNumber("truthBytes", truth);
        w.WriteEndObject();
    }

    private static void Print(TextWriter output, MarketplaceSample sample, string directory, TimeSpan elapsed)
    {
        var sessions = sample.Sessions;
        var impressions = sessions.Sum(static s => s.Items.Count);
        var clicks = sessions.Sum(static s => s.Clicks.Count);
        var purchases = sessions.Sum(static s => s.Purchases.Count);
        var bytes = Directory.GetFiles(directory).Sum(static f => new FileInfo(f).Length);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {directory} (seed {sample.Options.Seed}, {bytes / 1024.0:F0} KiB, {elapsed.TotalSeconds:F1} s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  items {sample.Items.Count}, users {sample.Users.Count}, feeds {sample.Feeds.Count}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sessions {sessions.Count}: impressions {impressions}, clicks {clicks} ({100.0 * clicks / Math.Max(1, impressions):F1}%), purchases {purchases}, sessions with a click {sessions.Count(static s => s.Clicks.Count > 0)}"));
    }
}
