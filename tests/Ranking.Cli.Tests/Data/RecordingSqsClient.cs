using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests.Data;

/// <summary>
/// An SQS client that keeps what it is asked to send, never calling out: single messages get a fixed message id;
/// batches can have chosen messages refused, or throw from a given call on, as SQS does when throttling or unreachable.
/// </summary>
internal sealed class RecordingSqsClient() : AmazonSQSClient(
    new AnonymousAWSCredentials(), new AmazonSQSConfig { ServiceURL = BlackholeServer.RefusingUrl(), AuthenticationRegion = "us-east-1" })
{
    public const string MessageId = "m-0001";

    public List<SendMessageRequest> Sent { get; } = [];

    public override Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default)
    {
        Sent.Add(request);
        return Task.FromResult(new SendMessageResponse { MessageId = MessageId });
    }

    private readonly Lock _lock = new();
    private int _calls;

    public List<SendMessageBatchRequestEntry> SentInBatches { get; } = [];

    public List<int> BatchSizes { get; } = [];

    /// <summary>Messages whose body contains this are refused (not the sender's fault) every time.</summary>
    public string? Refuse { get; init; }

    /// <summary>From this call on (0-based), every call throws.</summary>
    public int? ThrowFromCall { get; init; }

    public override Task<SendMessageBatchResponse> SendMessageBatchAsync(SendMessageBatchRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_calls++ >= ThrowFromCall)
            {
                throw new AmazonSQSException("Service unavailable") { StatusCode = System.Net.HttpStatusCode.ServiceUnavailable };
            }

            var response = new SendMessageBatchResponse { Successful = [], Failed = [] };
            BatchSizes.Add(request.Entries.Count);
            foreach (var entry in request.Entries)
            {
                if (Refuse is not null && entry.MessageBody.Contains(Refuse, StringComparison.Ordinal))
                {
                    response.Failed.Add(new BatchResultErrorEntry { Id = entry.Id, Code = "InternalError", Message = "try again", SenderFault = false });
                    continue;
                }

                SentInBatches.Add(entry);
                response.Successful.Add(new SendMessageBatchResultEntry { Id = entry.Id, MessageId = "m-" + SentInBatches.Count });
            }

            return Task.FromResult(response);
        }
    }
}
