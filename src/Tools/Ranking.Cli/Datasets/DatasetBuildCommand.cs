using System.CommandLine;
using System.Globalization;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Handlers.Rank;
using Ranking.Training.Datasets;
using Spectre.Console;

namespace Ranking.Cli.Datasets;

/// <summary>
/// <c>ranking dataset build</c>: joins <c>serve --log-dir</c>'s impression and event logs inside the attribution window
/// and writes the labelled dataset as Parquet (<see cref="DatasetBuilder"/>); a progress bar while it reads, a summary
/// (or <c>--json</c>) at the end. Malformed lines are counted and listed, or with <c>--strict</c> stop the build.
/// </summary>
internal static class DatasetBuildCommand
{
    private const string DefaultLabels = "purchase=3,add_to_cart=2,like=1,click=1";

    /// <summary>128 + SIGINT, as shells report a command stopped with Ctrl-C.</summary>
    private const int Cancelled = 130;

    public static Command Create(CliContext context)
    {
        var logs = new Option<string>("--logs") { Description = "Log folder of serve --log-dir (impressions/dt=YYYY-MM-DD/..., events/dt=.../)", Required = true };
        var surface = new Option<string>("--surface") { Description = "Surface whose impressions to join", Required = true };
        var from = new Option<string>("--from") { Description = "First impression day, YYYY-MM-DD (UTC; default: the oldest logged)" };
        var to = new Option<string>("--to") { Description = "Last impression day, YYYY-MM-DD (default: the newest logged)" };
        var attribution = new Option<string>("--attribution") { Description = "How long after an impression its events count: 45s, 30m, 2h, 1d", DefaultValueFactory = _ => "30m" };
        var labels = new Option<string>("--labels") { Description = "Grade per event type; types not named grade 0", DefaultValueFactory = _ => DefaultLabels };
        var drop = new Option<bool>("--drop-unlabelled-groups") { Description = "Leave out impressions with no positive label" };
        var strict = new Option<bool>("--strict") { Description = "Fail at the first malformed log line instead of counting it" };
        var output = new Option<string>("--out") { Description = "Parquet file to write", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary instead of progress and tables" };
        var command = new Command("build", "Join impressions with events in the attribution window into labelled rows (Parquet)")
        {
            logs, surface, from, to, attribution, labels, drop, strict, output, json,
        };
        // Off the invocation thread, so that on Ctrl-C System.CommandLine awaits the build while it stops (the scan checks
        // the token, DuckDB is interrupted) and the work folder is removed, instead of exiting under it.
        command.SetAction(CommandErrors.Guard(context, async (parseResult, cancellationToken) =>
        {
            var flags = (Drop: parseResult.GetValue(drop), Strict: parseResult.GetValue(strict));
            if (Options(context, parseResult, logs, surface, from, to, attribution, labels, output, flags) is not { } options)
            {
                return CommandErrors.BadInput;
            }

            var asJson = parseResult.GetValue(json);
            var started = context.Time.GetTimestamp();
            DatasetBuildSummary summary;
            try
            {
                summary = await Task.Run(
                    () => asJson ? DatasetBuilder.Build(options, cancellationToken: cancellationToken) : BuildWithProgress(context, options, cancellationToken),
                    cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Error.WriteLine($"cancelled: {options.Output} was not written");
                return Cancelled;
            }

            var seconds = context.Time.GetElapsedTime(started).TotalSeconds;
            if (asJson)
            {
                JsonOutput.Write(context.Stdout, writer => DatasetSummaryOutput.WriteJson(writer, summary, seconds));
            }
            else
            {
                DatasetSummaryOutput.Print(context.Out, summary, seconds);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The options read and checked, each bad one reported with its name; null once one was reported.</summary>
    private static DatasetBuildOptions? Options(
        CliContext context, ParseResult parse, Option<string> logs, Option<string> surface, Option<string> from, Option<string> to,
        Option<string> attribution, Option<string> labels, Option<string> output, (bool Drop, bool Strict) flags)
    {
        var folder = parse.GetRequiredValue(logs);
        if (!Directory.Exists(folder))
        {
            context.Fail($"--logs: folder {folder} does not exist");
            return null;
        }

        var name = parse.GetRequiredValue(surface);
        if (!RankRequestReader.IsSurfaceName(name))
        {
            context.Fail($"--surface: '{name}' is not a surface name ([a-z0-9_-]{{1,32}})");
            return null;
        }

        if (!TryDay(context, "--from", parse.GetValue(from), out var first) || !TryDay(context, "--to", parse.GetValue(to), out var last))
        {
            return null;
        }

        if (first > last)
        {
            context.Fail($"--from {first:yyyy-MM-dd} is after --to {last:yyyy-MM-dd}");
            return null;
        }

        TimeSpan window;
        EventGrades grades;
        try
        {
            window = DurationText.Parse(parse.GetRequiredValue(attribution));
        }
        catch (FormatException e)
        {
            context.Fail($"--attribution: {e.Message}");
            return null;
        }

        try
        {
            grades = EventGrades.Parse(parse.GetRequiredValue(labels));
        }
        catch (FormatException e)
        {
            context.Fail($"--labels: {e.Message}");
            return null;
        }

        var path = parse.GetRequiredValue(output);
        if (!path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail($"--out: '{path}' must name a .parquet file");
            return null;
        }

        return new DatasetBuildOptions
        {
            LogsDirectory = folder, Surface = name, From = first, To = last, Attribution = window, Grades = grades, Output = path,
            DropUnlabelledGroups = flags.Drop, Strict = flags.Strict,
        };
    }

    private static bool TryDay(CliContext context, string option, string? text, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        context.Fail($"{option}: '{text}' is not a day YYYY-MM-DD");
        return false;
    }

    private static DatasetBuildSummary BuildWithProgress(CliContext context, DatasetBuildOptions options, CancellationToken cancellationToken)
    {
        DatasetBuildSummary? summary = null;
        context.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("reading logs", maxValue: 1);
                summary = DatasetBuilder.Build(options, new ProgressTaskReporter(task), cancellationToken);
                task.Description = "joined and written";
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    /// <summary>Updates the bar on the building thread: <see cref="Progress{T}"/> would post to the thread pool and lag behind.</summary>
    private sealed class ProgressTaskReporter(ProgressTask task) : IProgress<DatasetBuildProgress>
    {
        public void Report(DatasetBuildProgress value)
        {
            if (value.Phase == DatasetBuildPhase.Joining)
            {
                task.Description = string.Create(CultureInfo.InvariantCulture, $"joining {value.Lines:N0} lines with DuckDB");
                task.IsIndeterminate = true;
                return;
            }

            task.MaxValue = Math.Max(1, value.BytesTotal);
            task.Value = value.BytesRead;
            task.Description = string.Create(CultureInfo.InvariantCulture, $"reading logs: {value.Lines:N0} lines, {value.Malformed:N0} malformed");
        }
    }
}
