using System.Text.Json.Nodes;

namespace Ranking.Infra.Feeds;

/// <summary>
/// The feed backfill's state machine (Amazon States Language), started with <c>{"surface": "feed", "segments": 8}</c>:
/// a Map over the scan's segments, each a loop of FeedBackfill invocations that go on where the last one stopped
/// (<c>after</c>) until the segment is done, adding up what they sent and failed to send.
/// </summary>
internal static class FeedBackfillStates
{
    public static string Json(string functionArn, int concurrency) => new JsonObject
    {
        ["Comment"] = "Re-ranks every stored feed of a surface: FeedBackfill enqueues each scan segment's users, FeedRerank re-ranks them from the queue",
        ["StartAt"] = "Segments",
        ["States"] = new JsonObject
        {
            ["Segments"] = new JsonObject
            {
                ["Type"] = "Pass",
                ["Parameters"] = new JsonObject
                {
                    ["surface.$"] = "$.surface",
                    ["segments.$"] = "$.segments",
                    ["indexes.$"] = "States.ArrayRange(0, States.MathAdd($.segments, -1), 1)",
                },
                ["Next"] = "EachSegment",
            },
            ["EachSegment"] = new JsonObject
            {
                ["Type"] = "Map",
                ["ItemsPath"] = "$.indexes",
                ["MaxConcurrency"] = concurrency,
                ["ItemSelector"] = new JsonObject
                {
                    ["surface.$"] = "$.surface",
                    ["segments.$"] = "$.segments",
                    ["segment.$"] = "$$.Map.Item.Value",
                    ["after"] = null,
                    ["sent"] = 0,
                    ["failed"] = 0,
                },
                ["ItemProcessor"] = new JsonObject
                {
                    ["ProcessorConfig"] = new JsonObject { ["Mode"] = "INLINE" },
                    ["StartAt"] = "Enqueue",
                    ["States"] = new JsonObject
                    {
                        ["Enqueue"] = Enqueue(functionArn),
                        ["Tally"] = new JsonObject
                        {
                            ["Type"] = "Pass",
                            ["Parameters"] = new JsonObject
                            {
                                ["surface.$"] = "$.surface",
                                ["segments.$"] = "$.segments",
                                ["segment.$"] = "$.segment",
                                ["after.$"] = "$.step.after",
                                ["done.$"] = "$.step.done",
                                ["sent.$"] = "States.MathAdd($.sent, $.step.sent)",
                                ["failed.$"] = "States.MathAdd($.failed, $.step.failed)",
                            },
                            ["Next"] = "SegmentDone",
                        },
                        ["SegmentDone"] = new JsonObject
                        {
                            ["Type"] = "Choice",
                            ["Choices"] = new JsonArray(new JsonObject { ["Variable"] = "$.done", ["BooleanEquals"] = false, ["Next"] = "Enqueue" }),
                            ["Default"] = "Segment",
                        },
                        ["Segment"] = new JsonObject
                        {
                            ["Type"] = "Pass",
                            ["Parameters"] = new JsonObject { ["segment.$"] = "$.segment", ["sent.$"] = "$.sent", ["failed.$"] = "$.failed" },
                            ["End"] = true,
                        },
                    },
                },
                ["ResultPath"] = "$.segmentResults",
                ["End"] = true,
            },
        },
    }.ToJsonString();

    /// <summary>
    /// One invocation from where the segment stopped. A refused request (<c>InvalidDataException</c>) fails at once;
    /// anything else (SQS or DynamoDB unreachable, Lambda's own errors) is retried from the same place.
    /// </summary>
    private static JsonObject Enqueue(string functionArn) => new()
    {
        ["Type"] = "Task",
        ["Resource"] = "arn:aws:states:::lambda:invoke",
        ["Parameters"] = new JsonObject
        {
            ["FunctionName"] = functionArn,
            ["Payload"] = new JsonObject
            {
                ["surface.$"] = "$.surface",
                ["segment.$"] = "$.segment",
                ["segments.$"] = "$.segments",
                ["after.$"] = "$.after",
            },
        },
        ["ResultSelector"] = new JsonObject
        {
            ["after.$"] = "$.Payload.after",
            ["done.$"] = "$.Payload.done",
            ["sent.$"] = "$.Payload.sent",
            ["failed.$"] = "$.Payload.failed",
        },
        ["ResultPath"] = "$.step",
        ["Retry"] = new JsonArray(
            new JsonObject { ["ErrorEquals"] = new JsonArray("InvalidDataException"), ["MaxAttempts"] = 0 },
            new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["IntervalSeconds"] = 5, ["MaxAttempts"] = 4, ["BackoffRate"] = 2 }),
        ["Next"] = "Tally",
    };
}
