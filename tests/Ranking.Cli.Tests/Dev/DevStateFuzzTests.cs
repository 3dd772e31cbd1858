using System.Text;
using Ranking.Cli.Dev;

namespace Ranking.Cli.Tests.Dev;

/// <summary>
/// <c>dev down</c> reads the state file <c>dev up</c> wrote, which a user may have edited or truncated: a damaged one
/// reads as a named <see cref="InvalidDataException"/>, never another exception.
/// </summary>
public sealed class DevStateFuzzTests : IDisposable
{
    private const string Valid = """
        {
          "dynamodb": { "pid": 4242, "started": "2026-12-04T21:13:00.123Z", "port": 4567 },
          "s3": { "pid": 4243, "started": "2026-12-04T21:13:00.456Z", "port": 4569 },
          "bucket": "ranking-models"
        }
        """;

    private static readonly string[] s_fragments = ["null", "\"x\"", "-1", "1e999", "[]", "{}", "true", "\"2026-13-45\"", "9999999999", ",", "}", "\""];

    private readonly string _state = Directory.CreateTempSubdirectory("ranking-dev-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public void TheStateAsWritten_Reads()
    {
        File.WriteAllText(Path.Combine(_state, DevServers.StateFile), Valid);

        var servers = DevServers.Load(_state)!;

        Assert.Equal((4242, 4567, 4243, 4569, "ranking-models"), (servers.DynamoDbPid, servers.DynamoDbPort, servers.S3Pid, servers.S3Port, servers.Bucket));
    }

    [Fact]
    public void DamagedStates_AreRefusedByName_NeverAnotherException()
    {
        var random = new Random(20261204);
        var (read, refused) = (0, 0);
        for (var i = 0; i < 3000; i++)
        {
            var text = Damage(Valid, random);
            File.WriteAllText(Path.Combine(_state, DevServers.StateFile), text, Encoding.UTF8);
            try
            {
                Assert.NotNull(DevServers.Load(_state));
                read++;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains("is not a state file ranking dev up wrote", e.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        // Both outcomes occur: the damage is neither always harmless nor always fatal.
        Assert.True(read > 0 && refused > 0, $"{read} read, {refused} refused");
    }

    private static string Damage(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var edits = 1 + random.Next(3); edits > 0 && builder.Length > 0; edits--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
                    break;
                case 2:
                    builder.Length = at;
                    break;
                default:
                    // A value replaced whole, so the document often stays JSON with a wrong type in it.
                    var colon = text.IndexOf(':', random.Next(text.Length));
                    if (colon > 0 && colon < builder.Length)
                    {
                        var end = builder.ToString().IndexOfAny([',', '}'], colon);
                        if (end > colon)
                        {
                            builder.Remove(colon + 1, end - colon - 1).Insert(colon + 1, " " + s_fragments[random.Next(s_fragments.Length)] + " ");
                        }
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
