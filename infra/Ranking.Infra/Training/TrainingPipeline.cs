using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Ranking.Contracts;
using Ranking.Infra.Logs;

namespace Ranking.Infra.Training;

/// <summary>
/// The learning loop's training half in AWS, per surface: on a schedule, a state machine unloads the labelled dataset
/// from the record logs with Athena (the shared <c>sql/labelled-dataset.sql</c>), has the Train function train on it and
/// publish the package, and invokes ModelRefresh to validate and promote it. The SQL is also saved in the workgroup as a
/// named query, for running it by hand.
/// </summary>
internal sealed class TrainingPipeline : Construct
{
    internal const int DatasetRetentionDays = 30;

    private readonly Dictionary<string, StateMachine> _machines = new(StringComparer.Ordinal);

    public TrainingPipeline(Construct scope, string id, TrainingPipelineProps props)
        : base(scope, id)
    {
        var settings = props.Settings;
        var logs = props.Logs;
        var sql = DatasetQuery.Sql;
        NamedQuery = new CfnNamedQuery(this, "DatasetQuery", new CfnNamedQueryProps
        {
            Name = "labelled-dataset",
            Description = "Labelled dataset (impressions joined with events): 12 positional parameters, listed in the SQL's header",
            Database = logs.Database.Ref,
            WorkGroup = logs.WorkGroup.Ref,
            QueryString = sql,
        });

        // A dataset is read once, by the run that unloaded it; a month keeps it for looking into a bad model.
        RankingLogs.Expire(props.Data.ModelsBucket, "datasets", BucketLayout.DatasetsPrefix, DatasetRetentionDays);
        RankingLogs.RemoveDeleteMarkers(props.Data.ModelsBucket, "datasets-delete-markers", BucketLayout.DatasetsPrefix);

        foreach (var (surface, model) in settings.Surfaces)
        {
            if (!DatasetQuery.HasFeatures(surface))
            {
                // The trainer reads a surface's features from its feature file, as the dataset's columns do; without one
                // there is nothing to train, and the surface is still served and logged.
                Annotations.Of(this).AddWarning($"surface '{surface}' has no samples/features/{surface}.json: it gets no training pipeline.");
                continue;
            }

            var states = new TrainingStates(
                surface,
                model,
                props.Data.ModelsBucket.BucketName,
                BucketLayout.DatasetsPrefix,
                logs.WorkGroup.Ref,
                logs.Database.Ref,
                DatasetQuery.UnloadTemplate(DatasetQuery.Select(sql, DatasetQuery.Features(surface))),
                props.Functions.Train.FunctionArn,
                props.Functions.ModelRefresh.FunctionArn,
                settings.TrainingDays,
                settings.TrainingAttributionMinutes,
                settings.Train.TimeoutSeconds);
            var role = new Role(this, $"Role-{surface}", new RoleProps
            {
                AssumedBy = new ServicePrincipal("states.amazonaws.com"),
                Description = $"Training pipeline of surface {surface}: the Athena query over the record logs, and the two functions",
            });
            GrantPipeline(role, props);
            var machine = new StateMachine(this, $"StateMachine-{surface}", new StateMachineProps
            {
                StateMachineName = $"{settings.StackName}-train-{surface}",
                DefinitionBody = DefinitionBody.FromString(states.ToJson()),
                Role = role,
            });
            _machines.Add(surface, machine);

            _ = new Rule(this, $"Schedule-{surface}", new RuleProps
            {
                Description = $"Trains and publishes a new {model} model from the logs of surface {surface}",
                Schedule = Schedule.Expression(settings.TrainingSchedule),
                Targets = [new SfnStateMachine(machine)],
            });
        }
    }

    public CfnNamedQuery NamedQuery { get; }

    /// <summary>Each configured surface's state machine.</summary>
    public IReadOnlyDictionary<string, StateMachine> StateMachines => _machines;

    /// <summary>
    /// What the UNLOAD needs, under the role that starts it (Athena reads and writes with the caller's credentials):
    /// the workgroup, the two log tables, the log objects, and the dataset and result folders. Then the two functions.
    /// </summary>
    private static void GrantPipeline(Role role, TrainingPipelineProps props)
    {
        var bucket = props.Data.ModelsBucket;
        var logs = props.Logs;
        var workGroup = Stack.Of(role).FormatArn(new ArnComponents { Service = "athena", Resource = "workgroup", ResourceName = logs.WorkGroup.Ref });
        Allow(role, ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"], workGroup);
        var glue = Stack.Of(role);
        Allow(role, ["glue:GetDatabase", "glue:GetTable"],
            glue.FormatArn(new ArnComponents { Service = "glue", Resource = "catalog" }),
            glue.FormatArn(new ArnComponents { Service = "glue", Resource = "database", ResourceName = logs.Database.Ref }),
            glue.FormatArn(new ArnComponents { Service = "glue", Resource = "table", ResourceName = $"{logs.Database.Ref}/{RecordLogs.Impressions}" }),
            glue.FormatArn(new ArnComponents { Service = "glue", Resource = "table", ResourceName = $"{logs.Database.Ref}/{RecordLogs.Events}" }));
        Allow(role, ["s3:GetBucketLocation"], bucket.BucketArn);
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:ListBucket"],
            Resources = [bucket.BucketArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringLike"] = new Dictionary<string, object>
                {
                    ["s3:prefix"] = new[] { BucketLayout.ImpressionLogPrefix + "*", BucketLayout.EventLogPrefix + "*", BucketLayout.DatasetsPrefix + "*", BucketLayout.AthenaResultsPrefix + "*" },
                },
            },
        }));
        Allow(role, ["s3:GetObject"],
            bucket.ArnForObjects(BucketLayout.ImpressionLogPrefix + "*"),
            bucket.ArnForObjects(BucketLayout.EventLogPrefix + "*"),
            bucket.ArnForObjects(BucketLayout.AthenaResultsPrefix + "*"));
        Allow(role, ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            bucket.ArnForObjects(BucketLayout.DatasetsPrefix + "*"),
            bucket.ArnForObjects(BucketLayout.AthenaResultsPrefix + "*"));
        Allow(role, ["lambda:InvokeFunction"], props.Functions.Train.FunctionArn, props.Functions.ModelRefresh.FunctionArn);
    }

    private static void Allow(Role role, string[] actions, params string[] resources) =>
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = actions, Resources = resources }));
}
