using System.CommandLine;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.ML.OnnxRuntime;
using Ranking.Stores.Registry;
using Ranking.Stores.Tables;
using Ranking.Training.LightGbm;

namespace Ranking.Cli.Invocation;

/// <summary>
/// The one mapping from a failure the user fixes to what they see: <c>error: message</c> on stderr, no stack trace, exit
/// <see cref="BadInput"/>. Every command's action runs inside <see cref="Guard(CliContext, Func{ParseResult, int})"/>;
/// anything else is a bug and escapes to System.CommandLine's report (stack trace, exit 1).
/// </summary>
internal static class CommandErrors
{
    /// <summary>Exit code for bad input (files, options, AWS configuration): the message says what to fix.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// Files that are missing, unreadable or malformed, option values the libraries refuse, packages the registry
    /// refuses, and AWS failures the user fixes (credentials, region, endpoint, table names, throttling).
    /// </summary>
    public static bool IsExpected(Exception e) =>
        e is FormatException or InvalidDataException or JsonException or IOException or UnauthorizedAccessException
            or ArgumentException or NotSupportedException or OnnxRuntimeException or LightGbmException or PublishRefusedException
            or AmazonClientException or AmazonServiceException or StoreException or HttpRequestException or TimeoutException;

    /// <summary>Writes <c>error: message</c> to stderr and gives the exit code to return.</summary>
    public static int Fail(this CliContext context, string message)
    {
        context.Error.WriteLine($"error: {message}");
        return BadInput;
    }

    public static Func<ParseResult, int> Guard(CliContext context, Func<ParseResult, int> action) => parseResult =>
    {
        try
        {
            return action(parseResult);
        }
        catch (Exception e) when (IsExpected(e))
        {
            return context.Fail(e.Message);
        }
    };

    public static Func<ParseResult, CancellationToken, Task<int>> Guard(CliContext context, Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (Exception e) when (IsExpected(e))
            {
                return context.Fail(e.Message);
            }
        };
}
