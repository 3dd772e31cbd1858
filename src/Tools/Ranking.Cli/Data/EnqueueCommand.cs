using System.CommandLine;
using System.Globalization;
using Amazon.SQS.Model;
using Ranking.Cli.Invocation;
using Ranking.Cli.Rendering;
using Ranking.Contracts;
using Ranking.Stores.Feeds;

namespace Ranking.Cli.Data;

/// <summary>
/// <c>ranking enqueue</c>: puts feed re-rank messages on the queue, as an upstream producer would: one user's
/// (<c>--user</c>), or every stored feed of a surface (<c>--all</c>, a backfill after a promotion: <see cref="FeedBackfill"/>).
/// The clients come from the SDK's standard configuration (<c>AWS_ENDPOINT_URL_SQS</c>, <c>AWS_ENDPOINT_URL_DYNAMODB</c> included).
/// </summary>
internal static class EnqueueCommand
{
    public static Command Create(CliContext context)
    {
        var queueUrl = new Option<string>("--queue-url") { Description = "URL of the feed re-rank SQS queue", Required = true };
        var user = new Option<string>("--user") { Description = "User whose feed to re-rank" };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary instead of text (progress stays on stderr)" };
        var all = new Option<bool>("--all") { Description = "Every stored feed of the surface: a parallel scan of the feeds table" };
        var surface = new Option<string>("--surface") { Description = "Surface of the feed, e.g. feed", Required = true };
        var feedsTable = new Option<string>("--feeds-table") { Description = "--all: the feeds table", DefaultValueFactory = _ => TableSchemas.DefaultFeedsTable };
        var segments = new Option<int>("--segments") { Description = "--all: scan segments read in parallel (1-1000)", DefaultValueFactory = _ => 4 };
        var rate = new Option<double?>("--rate") { Description = "--all: at most this many messages a second (default: as fast as SQS takes them)" };
        var cursorFile = new Option<string>("--cursor")
        {
            Description = "--all: a file that records progress after every page; run again with it to resume an interrupted backfill",
        };
        var command = new Command("enqueue", "Send feed re-rank messages {userId, surface} to SQS: one user's, or every stored feed of a surface");
        foreach (var option in new Option[] { queueUrl, user, all, surface, feedsTable, segments, rate, cursorFile, json })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if ((result.GetResult(user) is null) == !result.GetValue(all))
            {
                result.AddError("Give exactly one of --user and --all.");
            }
        });
        command.SetAction(CommandErrors.Guard(context, async (parseResult, cancellationToken) =>
        {
            if (!parseResult.GetValue(all))
            {
                var body = RerankMessageBody.Build(parseResult.GetValue(user)!, parseResult.GetValue(surface)!);
                using var client = context.Aws.Sqs();
                var response = await client.SendMessageAsync(new SendMessageRequest(parseResult.GetValue(queueUrl), body), cancellationToken);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(context.Stdout, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("messageId", response.MessageId);
                        w.WriteString("body", body);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Stdout.WriteLine($"sent {response.MessageId}: {body}");
                }

                return 0;
            }

            return await BackfillAsync(
                context,
                new BackfillRequest(
                    parseResult.GetRequiredValue(queueUrl), parseResult.GetRequiredValue(surface), parseResult.GetRequiredValue(feedsTable),
                    parseResult.GetValue(segments), parseResult.GetValue(rate), parseResult.GetValue(cursorFile), parseResult.GetValue(json)),
                cancellationToken);
        }));
        return command;
    }

    private static async Task<int> BackfillAsync(CliContext context, BackfillRequest request, CancellationToken cancellationToken)
    {
        if (request.Segments is < 1 or > 1000)
        {
            throw new ArgumentException($"--segments must be from 1 to 1000, not {request.Segments}.");
        }

        if (request.Rate is { } perSecond && !(double.IsFinite(perSecond) && perSecond > 0))
        {
            throw new ArgumentException($"--rate must be a positive number of messages a second, not {perSecond.ToString(CultureInfo.InvariantCulture)}.");
        }

        _ = RerankMessageBody.Build("u", request.Surface);
        var cursor = BackfillCursor.Open(request.Cursor, request.Surface, request.Segments);
        if (cursor.Complete)
        {
            // Nothing is sent: the note goes where a script does not parse.
            (request.Json ? context.Error : context.Stdout).WriteLine($"{request.Cursor} is a finished backfill of '{request.Surface}' ({cursor.Sent} messages): nothing to do; delete it to run again.");
            return 0;
        }

        var started = context.Time.GetTimestamp();
        using var dynamo = context.Aws.DynamoDb();
        using var sqs = context.Aws.Sqs();
        var feeds = new DynamoFeedStore(dynamo, request.FeedsTable, context.Time, context.Randomizer);
        var backfill = new FeedBackfill(new SegmentEnqueuer(feeds, new RerankQueue(sqs, request.QueueUrl, context.Time)), cursor, request.Rate, context.Time);
        if (cursor.Resumed)
        {
            (request.Json ? context.Error : context.Stdout).WriteLine($"resuming {request.Cursor}: {cursor.Segments.Count(s => s.Done)} of {request.Segments} segments done, {cursor.Sent} messages sent before");
        }

        var run = backfill.RunAsync(cancellationToken);
        while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(2), context.Time, cancellationToken)) != run)
        {
            context.Error.WriteLine($"sent {backfill.Sent:N0} so far");
        }

        var result = await run;
        var seconds = context.Time.GetElapsedTime(started).TotalSeconds;
        if (request.Json)
        {
            JsonOutput.Write(context.Stdout, w =>
            {
                w.WriteStartObject();
                w.WriteString("surface", request.Surface);
                w.WriteNumber("segments", request.Segments);
                w.WriteNumber("scanned", result.Scanned);
                w.WriteNumber("sent", result.Sent);
                w.WriteNumber("failed", result.Failed.Count);
                w.WriteNumber("seconds", Math.Round(seconds, 3));
                w.WriteString("cursor", request.Cursor);
                w.WriteEndObject();
            });
        }
        else
        {
            context.Stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"scanned {result.Scanned:N0} feeds in {request.Segments} segments, sent {result.Sent:N0} re-rank messages for '{request.Surface}' in {seconds:0.0} s ({result.Sent / Math.Max(seconds, 1e-3):N0}/s)"));
        }

        if (result.Failed.Count == 0)
        {
            return 0;
        }

        foreach (var failed in result.Failed.Take(10))
        {
            context.Error.WriteLine($"not sent: {failed}");
        }

        return context.Fail($"{result.Failed.Count} message(s) could not be sent (first 10 above); send them with --user");
    }

    private sealed record BackfillRequest(string QueueUrl, string Surface, string FeedsTable, int Segments, double? Rate, string? Cursor, bool Json);
}
