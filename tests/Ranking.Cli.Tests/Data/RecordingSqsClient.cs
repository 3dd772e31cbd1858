using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ranking.Testing.Loopback;

namespace Ranking.Cli.Tests.Data;

/// <summary>An SQS client that keeps what it is asked to send and answers with a fixed message id, never calling out.</summary>
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
}
