namespace Ranking.Cli.Invocation;

internal static class CliErrors
{
    /// <summary>Exit code for bad input (files, options): the message says what to fix, with no stack trace.</summary>
    public const int BadInput = 2;

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return BadInput;
    }
}
