using Amazon.CDK;
using Constructs;
using Ranking.Contracts;
using Ranking.Infra.Api;
using Ranking.Infra.Data;
using Ranking.Infra.Feeds;
using Ranking.Infra.Functions;
using Ranking.Infra.Logs;
using Ranking.Infra.Models;
using Ranking.Infra.Observability;
using Ranking.Infra.Training;

namespace Ranking.Infra;

/// <summary>The whole ranking platform in one stack: data, the three functions and what triggers them, the record logs, alarms and a dashboard.</summary>
internal sealed class RankingStack : Stack
{
    public RankingStack(Construct scope, RankingStackProps props)
        : base(scope, props.Settings.StackName, new StackProps
        {
            Env = props.Env,
            Description = props.Bundles.IsPlaceholder
                ? "Marketplace ranking platform (PLACEHOLDER function code: not deployable)"
                : "Marketplace ranking platform: Rank API, feed re-rank queue, model refresh, training pipeline",
        })
    {
        var settings = props.Settings;
        if (props.Bundles.IsPlaceholder)
        {
            Annotations.Of(this).AddWarning(
                "Function code is a placeholder (-c bundles=placeholder): every invocation fails. Run ./scripts/publish-functions.sh and synth without it to deploy.");
        }

        Data = new RankingData(this, "Data", new RankingDataProps { Retain = settings.RetainData, DeletionProtection = settings.DeletionProtection });
        Functions = new RankingFunctions(this, "Functions", new RankingFunctionsProps { Settings = settings, Bundles = props.Bundles, Data = Data });
        Api = new RankingApi(this, "RankingApi", new RankingApiProps { Settings = settings, RankFunction = Functions.Rank });
        Logs = new RankingLogs(this, "Logs", new RankingLogsProps { Settings = settings, Data = Data, Functions = Functions });
        Feeds = new FeedRerankQueue(this, "FeedRerank", new FeedRerankQueueProps { Settings = settings, FeedRerankFunction = Functions.FeedRerank });
        Backfill = new FeedBackfill(this, "FeedBackfill", new FeedBackfillProps { Settings = settings, Function = Functions.FeedBackfill, Queue = Feeds.Queue, Models = Data.Models });
        ModelRefresh = new ModelRefreshSchedule(this, "ModelRefresh", new ModelRefreshScheduleProps { Settings = settings, ModelRefreshFunction = Functions.ModelRefresh });
        Training = new TrainingPipeline(this, "Training", new TrainingPipelineProps { Settings = settings, Data = Data, Functions = Functions, Logs = Logs });
        Observability = new RankingObservability(this, "Observability", new RankingObservabilityProps
        {
            Settings = settings,
            Functions = Functions,
            Api = Api,
            Feeds = Feeds,
            Backfill = Backfill,
            Training = Training,
        });

        Output("ApiUrl", Api.Url, "Base URL of the Rank API (POST v1/rank, POST v1/events, GET v1/health; SigV4 unless apiAuth=jwt)");
        Output("FeedQueueUrl", Feeds.Queue.QueueUrl, "Send feed re-rank messages here ({\"userId\":...,\"surface\":...})");
        Output("FeedDeadLetterQueueUrl", Feeds.DeadLetters.QueueUrl, "Feed re-rank messages that failed every retry");
        Output("ModelsBucketName", Data.ModelsBucket.BucketName, "Model packages under models/{name}/{version}/");
        Output("ItemsTableName", Data.Items.TableName, "Items feature table (PK itemId)");
        Output("UsersTableName", Data.Users.TableName, "Users feature table (PK userId)");
        Output("FeedsTableName", Data.Feeds.TableName, "Stored feeds (PK userId, SK surface)");
        Output("ModelsTableName", Data.Models.TableName, "Model registry (PK name, SK version)");
        Output("RankFunctionName", Functions.Rank.FunctionName, "Rank function");
        Output("FeedRerankFunctionName", Functions.FeedRerank.FunctionName, "FeedRerank function");
        Output("FeedBackfillStateMachineArn", Backfill.StateMachine.StateMachineArn,
            "Re-rank every stored feed of a surface: start an execution with {\"surface\":\"feed\",\"segments\":8}" + (settings.BackfillAfterPromotion ? " (started on each promotion too)" : ""));
        Output("ModelRefreshFunctionName", Functions.ModelRefresh.FunctionName, "ModelRefresh function (invoke it to refresh now)");
        Output("TrainFunctionName", Functions.Train.FunctionName, "Train function (invoke with {\"surface\":...,\"dataset\":\"s3://.../\"} to train on a dataset by hand)");
        foreach (var (surface, machine) in Training.StateMachines)
        {
            Output($"TrainingStateMachineArn{char.ToUpperInvariant(surface[0])}{surface[1..].Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)}", machine.StateMachineArn,
                $"Training pipeline of surface {surface} (start an execution to train now)");
        }

        Output("DatasetQueryId", Training.NamedQuery.AttrNamedQueryId, "Athena named query of the labelled dataset SQL (in the record logs workgroup)");
        Output("RecordLogsDatabaseName", Logs.Database.Ref, "Glue database of the impressions and events tables");
        Output("AthenaWorkGroupName", Logs.WorkGroup.Ref, "Athena workgroup for the record logs (results under athena-results/, scan limit enforced)");
        Output("ImpressionLogLocation", $"s3://{Data.ModelsBucket.BucketName}/{BucketLayout.ImpressionLogPrefix}", "Impression records: gzip JSON lines under dt=YYYY-MM-DD/ (Firehose arrival day, UTC)");
        Output("EventLogLocation", $"s3://{Data.ModelsBucket.BucketName}/{BucketLayout.EventLogPrefix}", "Event records: gzip JSON lines under dt=YYYY-MM-DD/ (Firehose arrival day, UTC)");
        Output("AlarmTopicArn", Observability.AlarmTopic.TopicArn, "Subscribe on-call here");
        Output("DashboardName", Observability.Dashboard.DashboardName, "CloudWatch dashboard");
    }

    public RankingData Data { get; }
    public RankingFunctions Functions { get; }
    public RankingApi Api { get; }
    public RankingLogs Logs { get; }
    public FeedRerankQueue Feeds { get; }
    public FeedBackfill Backfill { get; }
    public ModelRefreshSchedule ModelRefresh { get; }
    public TrainingPipeline Training { get; }
    public RankingObservability Observability { get; }

    private void Output(string id, string value, string description) =>
        _ = new CfnOutput(this, id, new CfnOutputProps { Value = value, Description = description });
}
