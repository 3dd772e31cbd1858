using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Pipes;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Ranking.Contracts;

namespace Ranking.Infra.Feeds;

/// <summary>
/// Re-ranking every stored feed of a surface at scale: a state machine (<see cref="FeedBackfillStates"/>) whose Map
/// runs the scan's segments as FeedBackfill invocations, each sending its users' re-rank messages to the feed queue,
/// where FeedRerank's concurrency spreads the work. Started by hand with <c>{"surface", "segments"}</c>, and, unless
/// <c>backfillAfterPromotion</c> is false, by an EventBridge pipe per surface whenever that surface model's live alias
/// changes (a promotion or a rollback) in the registry table's stream.
/// </summary>
internal sealed class FeedBackfill : Construct
{
    private static readonly JsonSerializerOptions s_template = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public FeedBackfill(Construct scope, string id, FeedBackfillProps props)
        : base(scope, id)
    {
        var settings = props.Settings;
        props.Function.AddEnvironment(EnvironmentNames.FeedQueueUrl, props.Queue.QueueUrl);
        props.Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sqs:SendMessage"], // RerankQueue.SendAsync (SendMessageBatch is authorized as SendMessage)
            Resources = [props.Queue.QueueArn],
        }));

        var role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("states.amazonaws.com"),
            Description = "Feed backfill state machine: invokes FeedBackfill, nothing else",
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["lambda:InvokeFunction"],
            Resources = [props.Function.FunctionArn, props.Function.FunctionArn + ":*"],
        }));
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            StateMachineName = $"{settings.StackName}-feed-backfill",
            DefinitionBody = DefinitionBody.FromString(FeedBackfillStates.Json(props.Function.FunctionArn, settings.BackfillConcurrency)),
            Role = role,
        });

        if (settings.BackfillAfterPromotion)
        {
            StartAfterPromotions(props);
        }
    }

    public StateMachine StateMachine { get; }

    /// <summary>One pipe per surface: a write of its model's live alias row (new version, rollback) starts a backfill of that surface.</summary>
    private void StartAfterPromotions(FeedBackfillProps props)
    {
        var settings = props.Settings;
        var role = new Role(this, "PipeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("pipes.amazonaws.com"),
            Description = "Feed backfill pipes: read the model registry's stream, start the backfill state machine",
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
            Resources = [props.Models.TableStreamArn!],
        }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["states:StartExecution"],
            Resources = [StateMachine.StateMachineArn],
        }));

        foreach (var (surface, model) in settings.Surfaces)
        {
            var pattern = new JsonObject
            {
                ["eventName"] = new JsonArray("INSERT", "MODIFY"),
                ["dynamodb"] = new JsonObject
                {
                    ["Keys"] = new JsonObject
                    {
                        [TableSchemas.Models.Name] = new JsonObject { ["S"] = new JsonArray(model) },
                        [TableSchemas.Models.Version] = new JsonObject { ["S"] = new JsonArray(TableSchemas.Models.LiveAlias) },
                    },
                },
            };
            var input = new JsonObject
            {
                ["surface"] = surface,
                ["segments"] = settings.BackfillSegments,
                ["promoted"] = $"{model}/<$.dynamodb.NewImage.{TableSchemas.Models.LiveVersion}.S>",
            };
            _ = new CfnPipe(this, $"AfterPromotion-{surface}", new CfnPipeProps
            {
                Description = $"A new live version of {model} re-ranks every stored feed of surface {surface}",
                RoleArn = role.RoleArn,
                Source = props.Models.TableStreamArn!,
                SourceParameters = new CfnPipe.PipeSourceParametersProperty
                {
                    DynamoDbStreamParameters = new CfnPipe.PipeSourceDynamoDBStreamParametersProperty { StartingPosition = "LATEST", BatchSize = 1 },
                    FilterCriteria = new CfnPipe.FilterCriteriaProperty { Filters = new[] { new CfnPipe.FilterProperty { Pattern = pattern.ToJsonString() } } },
                },
                Target = StateMachine.StateMachineArn,
                TargetParameters = new CfnPipe.PipeTargetParametersProperty
                {
                    StepFunctionStateMachineParameters = new CfnPipe.PipeTargetStateMachineParametersProperty { InvocationType = "FIRE_AND_FORGET" },
                    // Unescaped: Pipes fills in <$.path> placeholders, which default escaping would write as \u003C...\u003E.
                    InputTemplate = input.ToJsonString(s_template),
                },
            });
        }
    }
}
