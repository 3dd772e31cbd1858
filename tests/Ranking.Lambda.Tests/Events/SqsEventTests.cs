using System.Text.Json;
using Ranking.Lambda.Events;

namespace Ranking.Lambda.Tests.Events;

/// <summary>The SQS event a Lambda event source mapping delivers, and the partial batch failure answer.</summary>
public sealed class SqsEventTests
{
    private const string DocumentedEvent = """
        {
          "Records": [
            {
              "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
              "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
              "body": "{\"userId\":\"u_123\",\"surface\":\"feed\"}",
              "attributes": {
                "ApproximateReceiveCount": "2",
                "SentTimestamp": "1545082649183",
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": "1545082649185"
              },
              "messageAttributes": {
                "producer": { "stringValue": "listing-service", "stringListValues": [], "binaryListValues": [], "dataType": "String" }
              },
              "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
              "eventSource": "aws:sqs",
              "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:feed-rerank",
              "awsRegion": "eu-west-1"
            },
            {
              "messageId": "2e1424d4-f796-459a-8184-9c92662be6da",
              "receiptHandle": "AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq",
              "body": "not json",
              "attributes": { "ApproximateReceiveCount": "1", "SentTimestamp": "1545082650636" },
              "messageAttributes": {},
              "eventSource": "aws:sqs",
              "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:feed-rerank",
              "awsRegion": "eu-west-1"
            }
          ]
        }
        """;

    [Fact]
    public void Parse_DocumentedEvent_ReadsEveryRecord()
    {
        var sqsEvent = JsonSerializer.Deserialize(DocumentedEvent, LambdaJsonContext.Default.SqsEvent)!;

        Assert.Equal(2, sqsEvent.Records.Count);
        var first = sqsEvent.Records[0];
        Assert.Equal("059f36b4-87a3-44ab-83d2-661975830a7d", first.MessageId);
        Assert.Equal("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a", first.ReceiptHandle);
        Assert.Equal("""{"userId":"u_123","surface":"feed"}""", first.Body);
        Assert.Equal("2", first.Attributes!.ApproximateReceiveCount);
        Assert.Equal(2, first.Attributes.ReceiveCount);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1545082649183), first.Attributes.SentAt);
        Assert.Equal("listing-service", first.MessageAttributes!["producer"].StringValue);
        Assert.Equal("String", first.MessageAttributes["producer"].DataType);
        Assert.Equal("aws:sqs", first.EventSource);
        Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:feed-rerank", first.EventSourceArn);
        Assert.Equal("eu-west-1", first.AwsRegion);
        Assert.Equal(1, sqsEvent.Records[1].Attributes!.ReceiveCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("two")]
    [InlineData("-1")]
    public void ReceiveCount_MissingOrMalformed_IsNull(string? value) =>
        Assert.Null(new SqsSystemAttributes { ApproximateReceiveCount = value, SentTimestamp = value }.ReceiveCount);

    [Fact]
    public void Parse_EventWithoutRecords_GivesAnEmptyBatch() =>
        Assert.Empty(JsonSerializer.Deserialize("{}", LambdaJsonContext.Default.SqsEvent)!.Records);

    [Fact]
    public void BatchResponse_Serialised_IsTheDocumentedShape()
    {
        var response = new SqsBatchResponse { BatchItemFailures = [new() { ItemIdentifier = "2e1424d4-f796-459a-8184-9c92662be6da" }] };

        var json = JsonSerializer.Serialize(response, LambdaJsonContext.Default.SqsBatchResponse);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"2e1424d4-f796-459a-8184-9c92662be6da"}]}""", json);
        var parsed = JsonSerializer.Deserialize(json, LambdaJsonContext.Default.SqsBatchResponse)!;
        Assert.Equal("2e1424d4-f796-459a-8184-9c92662be6da", Assert.Single(parsed.BatchItemFailures).ItemIdentifier);
    }

    [Fact]
    public void BatchResponse_WithNoFailures_IsAnEmptyList() =>
        Assert.Equal("""{"batchItemFailures":[]}""", JsonSerializer.Serialize(new SqsBatchResponse(), LambdaJsonContext.Default.SqsBatchResponse));

    [Fact]
    public void Reader_WithOneRecordWhoseBodyIsNotValidText_ReturnsTheOthersAndNamesThatOne()
    {
        var payload = System.Text.Encoding.UTF8.GetBytes("""
            {"Records":[
              {"messageId":"good-1","body":"{}"},
              {"messageId":"bad","body":"{\"userId\":\"X\"}"},
              {"messageId":"good-2","body":"{}"}
            ]}
            """);
        payload[Array.IndexOf(payload, (byte)'X')] = 0xFF;

        var records = SqsEventReader.Read(payload);

        Assert.Equal(["good-1", "good-2"], records.Messages.Select(m => m.MessageId));
        Assert.Equal("bad", Assert.Single(records.Unreadable).MessageId);
    }

    [Fact]
    public void Reader_WithAnEscapedLoneSurrogateInABody_ReadsTheRecord()
    {
        // The body's own JSON carries the escape as text: only the re-rank message parser can judge it.
        var records = SqsEventReader.Read(System.Text.Encoding.UTF8.GetBytes("""{"Records":[{"messageId":"m","body":"{\"userId\":\"\\ud800\"}"}]}"""));

        Assert.Equal("{\"userId\":\"\\ud800\"}", Assert.Single(records.Messages).Body);
        Assert.Empty(records.Unreadable);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Records\":5}")]
    [InlineData("[]")]
    public void Reader_WithAnEventThatIsNotAnSqsEvent_Throws(string payload) =>
        Assert.Throws<InvalidDataException>(() => SqsEventReader.Read(System.Text.Encoding.UTF8.GetBytes(payload)));

    [Fact]
    public void Reader_WithANullRecord_ReturnsTheOthers()
    {
        var records = SqsEventReader.Read(System.Text.Encoding.UTF8.GetBytes("""{"Records":[{"messageId":"a","body":"{}"},null]}"""));

        Assert.Equal("a", Assert.Single(records.Messages).MessageId);
        Assert.Null(Assert.Single(records.Unreadable).MessageId);
    }
}
