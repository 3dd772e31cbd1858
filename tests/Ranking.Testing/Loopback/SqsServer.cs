using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ranking.Testing.Loopback;

/// <summary>
/// SQS on loopback for the one call the functions and the CLI make, <c>SendMessageBatch</c>, in SQS's JSON protocol
/// (the SDK's, <c>X-Amz-Target: AmazonSQS.SendMessageBatch</c>), with the MD5 of each body the SDK checks. No npm
/// package serves SQS here, so this is the smallest real HTTP endpoint the SDK can talk to. It keeps every message,
/// and can answer the next calls with a 500 to exercise retries.
/// </summary>
public sealed class SqsServer : IAsyncDisposable
{
    public const string Account = "000000000000";
    private readonly WebApplication _app;
    private int _failuresToInject;

    private SqsServer(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>Every message accepted, with the queue URL it was sent to.</summary>
    public ConcurrentQueue<(string QueueUrl, string Body)> Messages { get; } = new();

    /// <summary>How many SendMessageBatch calls arrived, the failed ones included.</summary>
    public int Calls => Volatile.Read(ref _calls);

    private int _calls;

    public string QueueUrl(string name) => $"{ServiceUrl}/{Account}/{name}";

    public static async Task<SqsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new SqsServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.ServiceUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    /// <summary>Answers the next <paramref name="count"/> calls with 500 InternalError, as SQS does when it has a transient fault.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresToInject, count);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        context.Response.ContentType = "application/x-amz-json-1.0";
        if (Interlocked.Decrement(ref _failuresToInject) >= 0)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("""{"__type":"com.amazonaws.sqs#InternalError","message":"injected"}""");
            return;
        }

        if (target != "AmazonSQS.SendMessageBatch")
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($$"""{"__type":"com.amazonaws.sqs#InvalidAction","message":"this loopback SQS serves SendMessageBatch only, not '{{target}}'"}""");
            return;
        }

        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var queueUrl = request.RootElement.GetProperty("QueueUrl").GetString()!;
        var successful = new JsonArray();
        foreach (var entry in request.RootElement.GetProperty("Entries").EnumerateArray())
        {
            var body = entry.GetProperty("MessageBody").GetString()!;
            Messages.Enqueue((queueUrl, body));
            successful.Add(new JsonObject
            {
                ["Id"] = entry.GetProperty("Id").GetString(),
                ["MessageId"] = Guid.NewGuid().ToString(),
                ["MD5OfMessageBody"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body))),
            });
        }

        await context.Response.WriteAsync(new JsonObject { ["Successful"] = successful, ["Failed"] = new JsonArray() }.ToJsonString());
    }
}
