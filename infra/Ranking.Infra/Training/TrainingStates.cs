using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ranking.Infra.Training;

/// <summary>
/// One surface's state machine, written as Amazon States Language: the dataset's folder and the query's parameters from
/// the execution's start date, the UNLOAD on Athena (<c>.sync</c>: the state waits for the query), Train, then ModelRefresh.
/// Every task's failure goes to one Fail state that carries the task's error and cause. Written out rather than with the
/// CDK's task constructs, whose generated policies grant Athena's S3 and Glue actions on every resource.
/// </summary>
internal sealed record TrainingStates(
    string Surface,
    string ModelName,
    string Bucket,
    string DatasetPrefix,
    string WorkGroup,
    string Database,
    string UnloadTemplate,
    string TrainFunctionArn,
    string RefreshFunctionArn,
    int Days,
    int AttributionMinutes,
    int TrainTimeoutSeconds)
{
    public const string RunDay = "Run day";
    public const string Locate = "Locate dataset";
    public const string BuildDataset = "Build dataset";
    public const string Train = "Train";
    public const string Refresh = "Validate and promote";
    public const string Failed = "Failed";

    /// <summary>The grades of view, click, like, add_to_cart and purchase: DESIGN.md's defaults, as <c>dataset build</c> uses them.</summary>
    private static readonly int[] s_grades = [0, 1, 1, 2, 3];

    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public string ToJson() => new JsonObject
    {
        ["Comment"] = $"Labelled dataset of surface '{Surface}' on Athena, a {ModelName} model trained on it, published, validated and promoted",
        ["StartAt"] = RunDay,
        // Athena's query and the training have their own limits; this bounds a run stuck between them.
        ["TimeoutSeconds"] = 4 * 3600,
        ["States"] = new JsonObject
        {
            // Apart from the next state: a field may nest only so many intrinsic functions.
            [RunDay] = new JsonObject
            {
                ["Type"] = "Pass",
                ["Parameters"] = new JsonObject { ["day.$"] = "States.ArrayGetItem(States.StringSplit($$.Execution.StartTime, 'T'), 0)" },
                ["ResultPath"] = "$.run",
                ["Next"] = Locate,
            },
            [Locate] = LocateState(),
            [BuildDataset] = BuildDatasetState(),
            [Train] = TrainState(),
            [Refresh] = RefreshState(),
            [Failed] = new JsonObject
            {
                ["Type"] = "Fail",
                ["Comment"] = "The failed task's error (an Athena state, a Lambda error type) and its cause",
                ["ErrorPath"] = "$.failure.Error",
                ["CausePath"] = "$.failure.Cause",
            },
        },
    }.ToJsonString(s_json);

    /// <summary>
    /// The run's day is its start date (UTC); the dataset holds the <see cref="Days"/> whole days before it, and events up
    /// to the run's day so the last impressions' attribution windows are complete. Each run unloads to its own folder
    /// (the execution's name): Athena's UNLOAD refuses a folder that already holds files, so a re-run must not reuse one.
    /// </summary>
    private JsonObject LocateState()
    {
        const string Day = "$.run.day";
        // Athena binds an execution parameter as a SQL expression: a date a number of days before the run's.
        string DaysBefore(int days) => $"States.Format('CAST(DATE \\'{{}}\\' - INTERVAL \\'{days.ToString(CultureInfo.InvariantCulture)}\\' DAY AS varchar)', {Day})";
        string Literal(string text) => "'" + DatasetQuery.Intrinsic("'" + text.Replace("'", "''", StringComparison.Ordinal) + "'") + "'";
        string Number(long value) => "'" + value.ToString(CultureInfo.InvariantCulture) + "'";

        // The SQL's positional parameters, in its header's order.
        var parameters = new List<string> { Literal(Surface), DaysBefore(Days), DaysBefore(1) };
        parameters.AddRange(s_grades.Select(g => Number(g)));
        parameters.Add(DaysBefore(Days));
        parameters.Add($"States.Format('CAST(DATE \\'{{}}\\' AS varchar)', {Day})");
        parameters.Add(Number(AttributionMinutes * 60_000L));
        parameters.Add(Number(0)); // impressions without a positive label are kept: LightGBM scores them by convention
        return new JsonObject
        {
            ["Type"] = "Pass",
            ["Parameters"] = new JsonObject
            {
                ["location.$"] = $"States.Format('s3://{Bucket}/{DatasetPrefix}{Surface}/{{}}/{{}}/', {Day}, $$.Execution.Name)",
                ["parameters.$"] = $"States.Array({string.Join(", ", parameters)})",
            },
            ["ResultPath"] = "$.dataset",
            ["Next"] = BuildDataset,
        };
    }

    private JsonObject BuildDatasetState() => Task(
        "arn:aws:states:::athena:startQueryExecution.sync",
        new JsonObject
        {
            ["QueryString.$"] = $"States.Format('{UnloadTemplate}', $.dataset.location)",
            ["QueryExecutionContext"] = new JsonObject { ["Database"] = Database },
            ["WorkGroup"] = WorkGroup,
            ["ExecutionParameters.$"] = "$.dataset.parameters",
        },
        new JsonObject
        {
            ["queryExecutionId.$"] = "$.QueryExecution.QueryExecutionId",
            ["bytesScanned.$"] = "$.QueryExecution.Statistics.DataScannedInBytes",
        },
        "$.query",
        Train);

    private JsonObject TrainState()
    {
        var state = Task(
            "arn:aws:states:::lambda:invoke",
            new JsonObject
            {
                ["FunctionName"] = TrainFunctionArn,
                ["Payload"] = new JsonObject
                {
                    ["surface"] = Surface,
                    ["dataset.$"] = "$.dataset.location",
                    ["name"] = ModelName,
                    ["version"] = null,
                },
            },
            new JsonObject { ["model.$"] = "$.Payload" },
            "$.trained",
            Refresh);
        // A little over the function's own timeout: the function's timeout error, not the state's, says what happened.
        state["TimeoutSeconds"] = TrainTimeoutSeconds + 60;
        state["Retry"] = LambdaServiceRetry();
        return state;
    }

    private JsonObject RefreshState()
    {
        var state = Task(
            "arn:aws:states:::lambda:invoke",
            new JsonObject
            {
                ["FunctionName"] = RefreshFunctionArn,
                // Any JSON object starts a refresh; its id is the report's trigger.
                ["Payload"] = new JsonObject { ["id.$"] = "$$.Execution.Name", ["source"] = "ranking.training-pipeline" },
            },
            new JsonObject { ["report.$"] = "$.Payload" },
            "$.refresh",
            next: null);
        state["Retry"] = LambdaServiceRetry();
        return state;
    }

    private static JsonObject Task(string resource, JsonObject parameters, JsonObject resultSelector, string resultPath, string? next)
    {
        var state = new JsonObject
        {
            ["Type"] = "Task",
            ["Resource"] = resource,
            ["Parameters"] = parameters,
            ["ResultSelector"] = resultSelector,
            ["ResultPath"] = resultPath,
            ["Catch"] = new JsonArray(new JsonObject
            {
                ["ErrorEquals"] = new JsonArray("States.ALL"),
                ["ResultPath"] = "$.failure",
                ["Next"] = Failed,
            }),
        };
        if (next is null)
        {
            state["End"] = true;
        }
        else
        {
            state["Next"] = next;
        }

        return state;
    }

    /// <summary>Lambda's transient service errors only: a function error (bad data, a failed training) is final.</summary>
    private static JsonArray LambdaServiceRetry() => new(new JsonObject
    {
        ["ErrorEquals"] = new JsonArray("Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"),
        ["IntervalSeconds"] = 2,
        ["MaxAttempts"] = 3,
        ["BackoffRate"] = 2,
    });
}
