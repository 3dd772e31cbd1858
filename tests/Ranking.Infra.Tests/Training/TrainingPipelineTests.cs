using System.Text.Json;
using Amazon.CDK.Assertions;
using Ranking.Infra.Configuration;
using Ranking.Infra.Tests.Iam;
using Ranking.Infra.Training;

using static Ranking.Infra.Tests.Props;

namespace Ranking.Infra.Tests.Training;

public sealed class TrainingPipelineTests
{
    private static readonly string[] s_surfaces = ["feed", "search"];

    [Fact]
    public void StateMachine_PerSurface_RunsAthenaThenTrainThenRefresh_EachCaughtIntoOneFailState()
    {
        var synth = Synth.Default;
        Assert.Equal(s_surfaces, synth.Stack.Training.StateMachines.Keys.Order(StringComparer.Ordinal));
        // One per surface, and the feed backfill's.
        synth.Template.ResourceCountIs("AWS::StepFunctions::StateMachine", 3);
        foreach (var surface in s_surfaces)
        {
            using var definition = Definition(synth, surface);
            var states = definition.RootElement.GetProperty("States");
            Assert.Equal(TrainingStates.RunDay, definition.RootElement.GetProperty("StartAt").GetString());
            Assert.Equal(TrainingStates.Locate, states.GetProperty(TrainingStates.RunDay).GetProperty("Next").GetString());
            Assert.Equal(TrainingStates.BuildDataset, states.GetProperty(TrainingStates.Locate).GetProperty("Next").GetString());
            var athena = states.GetProperty(TrainingStates.BuildDataset);
            Assert.Equal("arn:aws:states:::athena:startQueryExecution.sync", athena.GetProperty("Resource").GetString());
            Assert.Equal(TrainingStates.Train, athena.GetProperty("Next").GetString());
            var train = states.GetProperty(TrainingStates.Train);
            Assert.Equal("arn:aws:states:::lambda:invoke", train.GetProperty("Resource").GetString());
            Assert.Equal($"<{synth.LogicalId(synth.Stack.Functions.Train)}>", train.GetProperty("Parameters").GetProperty("FunctionName").GetString());
            Assert.Equal(surface, train.GetProperty("Parameters").GetProperty("Payload").GetProperty("surface").GetString());
            Assert.Equal("$.dataset.location", train.GetProperty("Parameters").GetProperty("Payload").GetProperty("dataset.$").GetString());
            Assert.Equal(TrainingStates.Refresh, train.GetProperty("Next").GetString());
            var refresh = states.GetProperty(TrainingStates.Refresh);
            Assert.Equal($"<{synth.LogicalId(synth.Stack.Functions.ModelRefresh)}>", refresh.GetProperty("Parameters").GetProperty("FunctionName").GetString());
            Assert.True(refresh.GetProperty("End").GetBoolean());
            foreach (var task in new[] { athena, train, refresh })
            {
                var caught = Assert.Single(task.GetProperty("Catch").EnumerateArray());
                Assert.Equal(["States.ALL"], caught.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()));
                Assert.Equal(TrainingStates.Failed, caught.GetProperty("Next").GetString());
                Assert.Equal("$.failure", caught.GetProperty("ResultPath").GetString());
            }

            var failed = states.GetProperty(TrainingStates.Failed);
            Assert.Equal(("Fail", "$.failure.Error", "$.failure.Cause"), (failed.GetProperty("Type").GetString(), failed.GetProperty("ErrorPath").GetString(), failed.GetProperty("CausePath").GetString()));
        }
    }

    [Fact]
    public void AthenaStep_UnloadsTheSharedSql_WithTheSurfacesFeatureColumns_ToTheRunsOwnDatasetFolder()
    {
        var synth = Synth.Default;
        using var definition = Definition(synth, "feed");
        var states = definition.RootElement.GetProperty("States");
        var athena = states.GetProperty(TrainingStates.BuildDataset).GetProperty("Parameters");
        var query = athena.GetProperty("QueryString.$").GetString()!;
        var sql = File.ReadAllText(Path.Combine(RepoRoot.Path, "sql", "labelled-dataset.sql"));

        Assert.StartsWith("States.Format('UNLOAD (SELECT \"impressionId\", CAST(\"time\" AS timestamp) AS \"time\"", query, StringComparison.Ordinal);
        Assert.Contains(DatasetQuery.Intrinsic(DatasetQuery.Fold(sql)), query, StringComparison.Ordinal);
        Assert.Contains("CAST(\"values\"[1] AS REAL) AS \"price\"", query, StringComparison.Ordinal);
        Assert.Contains("CAST(\"values\"[14] AS REAL) AS \"category_dress\"", query, StringComparison.Ordinal);
        Assert.EndsWith("TO \\'{}\\' WITH (format = \\'PARQUET\\', compression = \\'SNAPPY\\')', $.dataset.location)", query, StringComparison.Ordinal);
        Assert.Equal($"<{synth.Stack.GetLogicalId(synth.Stack.Logs.WorkGroup)}>", athena.GetProperty("WorkGroup").GetString());
        Assert.Equal($"<{synth.Stack.GetLogicalId(synth.Stack.Logs.Database)}>", athena.GetProperty("QueryExecutionContext").GetProperty("Database").GetString());
        Assert.Equal("$.dataset.parameters", athena.GetProperty("ExecutionParameters.$").GetString());

        var locate = states.GetProperty(TrainingStates.Locate).GetProperty("Parameters");
        Assert.Equal(
            $"States.Format('s3://<{synth.LogicalId(synth.Stack.Data.ModelsBucket)}>/datasets/feed/{{}}/{{}}/', $.run.day, $$.Execution.Name)",
            locate.GetProperty("location.$").GetString());
        // The SQL's twelve parameters in its header's order: surface, impression days, five grades, event days, window, drop flag.
        Assert.Equal(
            "States.Array('\\'feed\\'', "
            + "States.Format('CAST(DATE \\'{}\\' - INTERVAL \\'7\\' DAY AS varchar)', $.run.day), States.Format('CAST(DATE \\'{}\\' - INTERVAL \\'1\\' DAY AS varchar)', $.run.day), "
            + "'0', '1', '1', '2', '3', "
            + "States.Format('CAST(DATE \\'{}\\' - INTERVAL \\'7\\' DAY AS varchar)', $.run.day), States.Format('CAST(DATE \\'{}\\' AS varchar)', $.run.day), "
            + "'1800000', '0')",
            locate.GetProperty("parameters.$").GetString());
    }

    [Fact]
    public void DaysAndAttribution_ComeFromContext()
    {
        var synth = Synth.Run((ContextKeys.TrainingDays, 14), (ContextKeys.TrainingAttributionMinutes, 60));
        using var definition = Definition(synth, "search");
        var parameters = definition.RootElement.GetProperty("States").GetProperty(TrainingStates.Locate).GetProperty("Parameters").GetProperty("parameters.$").GetString()!;

        Assert.StartsWith("States.Array('\\'search\\'', States.Format('CAST(DATE \\'{}\\' - INTERVAL \\'14\\' DAY AS varchar)'", parameters, StringComparison.Ordinal);
        Assert.EndsWith("'3600000', '0')", parameters, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "rate(1 day)")]
    [InlineData("cron(0 3 * * ? *)", "cron(0 3 * * ? *)")]
    public void Schedule_StartsEachSurfacesStateMachine_DailyByDefault(string? context, string expression)
    {
        var synth = context is null ? Synth.Default : Synth.Run((ContextKeys.TrainingSchedule, context));
        foreach (var (_, machine) in synth.Stack.Training.StateMachines)
        {
            synth.Template.HasResourceProperties("AWS::Events::Rule", Of(
                ("ScheduleExpression", expression),
                ("Targets", new object[] { Like(("Arn", Of(("Ref", synth.LogicalId(machine))))) })));
        }
    }

    [Fact]
    public void Schedule_NotAScheduleExpression_FailsSynthNamingTheKey()
    {
        var error = Synth.Fails((ContextKeys.TrainingSchedule, "daily"));

        Assert.Contains("trainingSchedule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SurfaceWithoutAFeatureFile_GetsNoPipeline_AndAWarning()
    {
        var synth = Synth.Run((ContextKeys.Surfaces, "feed=feed-ltr;similar=sim-ltr"));

        Assert.Equal(["feed"], synth.Stack.Training.StateMachines.Keys);
        Annotations.FromStack(synth.Stack).HasWarning("*", Match.StringLikeRegexp("surface 'similar' has no samples/features/similar.json"));
    }

    [Fact]
    public void NamedQuery_HoldsTheSharedSqlFile_InTheLogsWorkGroupAndDatabase()
    {
        var synth = Synth.Default;
        var query = synth.Json.GetProperty("Resources").GetProperty(synth.Stack.GetLogicalId(synth.Stack.Training.NamedQuery)).GetProperty("Properties");

        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot.Path, "sql", "labelled-dataset.sql")), query.GetProperty("QueryString").GetString());
        Assert.Equal(synth.Stack.GetLogicalId(synth.Stack.Logs.WorkGroup), query.GetProperty("WorkGroup").GetProperty("Ref").GetString());
        Assert.Equal(synth.Stack.GetLogicalId(synth.Stack.Logs.Database), query.GetProperty("Database").GetProperty("Ref").GetString());
    }

    [Fact]
    public void ExperimentQuery_HoldsTheSharedReportSql_InTheLogsWorkGroupAndDatabase()
    {
        var synth = Synth.Default;
        var query = synth.Json.GetProperty("Resources").GetProperty(synth.Stack.GetLogicalId(synth.Stack.Logs.ExperimentQuery)).GetProperty("Properties");

        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot.Path, "sql", "experiment-impressions.sql")), query.GetProperty("QueryString").GetString());
        Assert.Equal("experiment-impressions", query.GetProperty("Name").GetString());
        Assert.Equal(synth.Stack.GetLogicalId(synth.Stack.Logs.WorkGroup), query.GetProperty("WorkGroup").GetProperty("Ref").GetString());
        Assert.Equal(synth.Stack.GetLogicalId(synth.Stack.Logs.Database), query.GetProperty("Database").GetProperty("Ref").GetString());
    }

    [Fact]
    public void Alarm_PerSurface_OnFailedOrTimedOutExecutions_NotifiesTheAlarmTopic()
    {
        var synth = Synth.Default;
        var topic = synth.LogicalId(synth.Stack.Observability.AlarmTopic);
        foreach (var (surface, machine) in synth.Stack.Training.StateMachines)
        {
            var alarm = synth.Resources("AWS::CloudWatch::Alarm").Single(a => a.Properties.GetProperty("AlarmName").GetString()!.EndsWith($"TrainingFailed-{surface}", StringComparison.Ordinal)).Properties;
            var metrics = alarm.GetProperty("Metrics").EnumerateArray().Where(m => m.TryGetProperty("MetricStat", out _)).ToList();
            Assert.Equal(["ExecutionsFailed", "ExecutionsTimedOut"], metrics.Select(m => m.GetProperty("MetricStat").GetProperty("Metric").GetProperty("MetricName").GetString()).Order(StringComparer.Ordinal));
            Assert.All(metrics, m => Assert.Equal(
                synth.LogicalId(machine),
                m.GetProperty("MetricStat").GetProperty("Metric").GetProperty("Dimensions")[0].GetProperty("Value").GetProperty("Ref").GetString()));
            Assert.Equal(1, alarm.GetProperty("Threshold").GetDouble());
            Assert.Equal(topic, alarm.GetProperty("AlarmActions")[0].GetProperty("Ref").GetString());
        }
    }

    [Fact]
    public void StateMachineRole_MayQueryTheLogsInItsWorkGroup_WriteDatasets_AndInvokeTheTwoFunctions_AndNothingElse()
    {
        var synth = Synth.Default;
        var bucket = synth.LogicalId(synth.Stack.Data.ModelsBucket);
        var workGroup = synth.Stack.GetLogicalId(synth.Stack.Logs.WorkGroup);
        var database = synth.Stack.GetLogicalId(synth.Stack.Logs.Database);
        const string Arn = "arn:AWS::Partition:{0}:AWS::Region:AWS::AccountId:{1}";
        string Glue(string resource) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Arn, "glue", resource);
        const string Listing = """{"StringLike":{"s3:prefix":["logs/impressions/*","logs/events/*","datasets/*","athena-results/*"]}}""";
        var expected = new List<Grant>
        {
            new("Allow", "s3:GetBucketLocation", bucket),
            new("Allow", "s3:ListBucket", bucket, Listing),
            new("Allow", "lambda:InvokeFunction", synth.LogicalId(synth.Stack.Functions.Train)),
            new("Allow", "lambda:InvokeFunction", synth.LogicalId(synth.Stack.Functions.ModelRefresh)),
        };
        expected.AddRange(new[] { "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution" }
            .Select(a => new Grant("Allow", a, string.Format(System.Globalization.CultureInfo.InvariantCulture, Arn, "athena", "workgroup/" + workGroup))));
        foreach (var action in new[] { "glue:GetDatabase", "glue:GetTable" })
        {
            expected.AddRange(new[] { Glue("catalog"), Glue("database/" + database), Glue($"table/{database}/impressions"), Glue($"table/{database}/events") }
                .Select(r => new Grant("Allow", action, r)));
        }

        expected.AddRange(new[] { "logs/impressions/*", "logs/events/*", "athena-results/*" }.Select(p => new Grant("Allow", "s3:GetObject", $"{bucket}/{p}")));
        foreach (var action in new[] { "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts" })
        {
            expected.AddRange(new[] { "datasets/*", "athena-results/*" }.Select(p => new Grant("Allow", action, $"{bucket}/{p}")));
        }

        foreach (var (_, machine) in synth.Stack.Training.StateMachines)
        {
            PolicyStatements.AssertGrants(expected, PolicyStatements.OfRole(synth, synth.LogicalId(machine.Role)));
        }
    }

    [Fact]
    public void TrainFunction_HasTheTrainingSizes_AndContextOverridesThem()
    {
        var synth = Synth.Default;
        var train = synth.PropertiesOf(synth.Stack.Functions.Train);
        Assert.Equal((3008, 900, 4096), (train.GetProperty("MemorySize").GetInt32(), train.GetProperty("Timeout").GetInt32(), train.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32()));

        var sized = Synth.Run((ContextKeys.TrainMemoryMb, 10_240), (ContextKeys.TrainTimeoutSeconds, 600), (ContextKeys.TrainStorageMb, 10_240));
        train = sized.PropertiesOf(sized.Stack.Functions.Train);
        Assert.Equal((10_240, 600, 10_240), (train.GetProperty("MemorySize").GetInt32(), train.GetProperty("Timeout").GetInt32(), train.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32()));
    }

    /// <summary>The definition with each CloudFormation reference written as <c>&lt;LogicalId&gt;</c>.</summary>
    private static JsonDocument Definition(Synthesized synth, string surface)
    {
        var definition = synth.PropertiesOf(synth.Stack.Training.StateMachines[surface]).GetProperty("DefinitionString");
        var text = definition.ValueKind == JsonValueKind.String
            ? definition.GetString()!
            : string.Concat(definition.GetProperty("Fn::Join")[1].EnumerateArray().Select(part => part.ValueKind == JsonValueKind.String ? part.GetString() : $"<{PolicyStatements.Resources(part).Single()}>"));
        return JsonDocument.Parse(text);
    }
}
