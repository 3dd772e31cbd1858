using System.CommandLine;
using Amazon.SQS.Model;
using Ranking.Cli.Invocation;

namespace Ranking.Cli.Data;

/// <summary>
/// <c>ranking enqueue</c>: puts one feed re-rank message on the queue, as an upstream producer would.
/// The client comes from the SDK's standard configuration (<c>AWS_ENDPOINT_URL_SQS</c> included).
/// </summary>
internal static class EnqueueCommand
{
    public static Command Create(CliContext context)
    {
        var queueUrl = new Option<string>("--queue-url") { Description = "URL of the feed re-rank SQS queue", Required = true };
        var user = new Option<string>("--user") { Description = "User whose feed to re-rank", Required = true };
        var surface = new Option<string>("--surface") { Description = "Surface of the feed, e.g. feed", Required = true };
        var command = new Command("enqueue", "Send a feed re-rank message {userId, surface} to SQS");
        command.Options.Add(queueUrl);
        command.Options.Add(user);
        command.Options.Add(surface);
        command.SetAction(CommandErrors.Guard(context, async (parseResult, cancellationToken) =>
        {
            var body = RerankMessageBody.Build(parseResult.GetValue(user)!, parseResult.GetValue(surface)!);
            using var client = context.Aws.Sqs();
            var response = await client.SendMessageAsync(new SendMessageRequest(parseResult.GetValue(queueUrl), body), cancellationToken);
            context.Stdout.WriteLine($"sent {response.MessageId}: {body}");
            return 0;
        }));
        return command;
    }
}
