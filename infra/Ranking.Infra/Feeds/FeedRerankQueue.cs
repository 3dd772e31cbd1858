using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.SQS;
using Constructs;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Feeds;

/// <summary>
/// The feed re-rank queue and its dead-letter queue, wired to the FeedRerank function with partial batch responses:
/// the function names the messages that failed, SQS retries only those, and after <c>feedMaxReceiveCount</c>
/// receives a message moves to the DLQ, whose depth is alarmed. Nothing is dropped silently.
/// </summary>
internal sealed class FeedRerankQueue : Construct
{
    public FeedRerankQueue(Construct scope, string id, FeedRerankQueueProps props)
        : base(scope, id)
    {
        var settings = props.Settings;
        var timeout = props.FeedRerankFunction.Timeout?.ToSeconds()
            ?? throw new InvalidOperationException("the FeedRerank function must have a timeout");
        var visibility = settings.FeedQueueVisibilitySeconds;
        if (visibility < 6 * timeout)
        {
            throw new InfraConfigurationException($"the feed queue's visibility timeout ({visibility} s) is below 6 x the FeedRerank timeout ({timeout} s).");
        }

        DeadLetters = new Queue(this, "DeadLetters", new QueueProps
        {
            // The longest SQS allows: time to look at a failure and redrive it.
            RetentionPeriod = Duration.Days(14),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
        });
        Queue = new Queue(this, "Queue", new QueueProps
        {
            VisibilityTimeout = Duration.Seconds(visibility),
            RetentionPeriod = Duration.Days(4),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetters, MaxReceiveCount = settings.FeedMaxReceiveCount },
        });

        props.FeedRerankFunction.AddEventSource(new SqsEventSource(Queue, new SqsEventSourceProps
        {
            BatchSize = settings.FeedBatchSize,
            MaxBatchingWindow = settings.FeedBatchWindowSeconds > 0 ? Duration.Seconds(settings.FeedBatchWindowSeconds) : null,
            MaxConcurrency = settings.FeedMaxConcurrency,
            ReportBatchItemFailures = true,
        }));
    }

    public Queue Queue { get; }
    public Queue DeadLetters { get; }
}
