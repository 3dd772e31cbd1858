using System.Text.Json;

namespace Ranking.Infra.Tests.Iam;

/// <summary>
/// IAM statements of a synthesised template, flattened to (effect, action, resource, condition) for set assertions;
/// <see cref="Condition"/> is the statement's <c>Condition</c> as compact JSON, null when it has none.
/// </summary>
internal sealed record Grant(string Effect, string Action, string Resource, string? Condition = null);

internal static class PolicyStatements
{
    private static readonly string[] s_policyTypes =
        ["AWS::IAM::Policy", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::IAM::ManagedPolicy"];

    /// <summary>Every statement of every policy document in the template: identity and resource policies alike.</summary>
    public static IEnumerable<JsonElement> All(Synthesized synth)
    {
        foreach (var type in s_policyTypes)
        {
            foreach (var (_, properties) in synth.Resources(type))
            {
                foreach (var statement in properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
                {
                    yield return statement;
                }
            }
        }

        foreach (var (_, role) in synth.Resources("AWS::IAM::Role"))
        {
            if (role.TryGetProperty("Policies", out var inline))
            {
                foreach (var policy in inline.EnumerateArray())
                {
                    foreach (var statement in policy.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
                    {
                        yield return statement;
                    }
                }
            }
        }
    }

    /// <summary>
    /// What a role is allowed, from every identity policy that can reach it: <c>AWS::IAM::Policy</c> and
    /// <c>AWS::IAM::ManagedPolicy</c> resources naming it, and the role's inline <c>Policies</c>. Resources are the
    /// logical ids (or literal ARNs) they name.
    /// </summary>
    public static HashSet<Grant> OfRole(Synthesized synth, string roleLogicalId)
    {
        var grants = new HashSet<Grant>();
        foreach (var type in (string[])["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"])
        {
            foreach (var (_, policy) in synth.Resources(type))
            {
                if (policy.TryGetProperty("Roles", out var roles) && roles.EnumerateArray().Any(r => r.GetProperty("Ref").GetString() == roleLogicalId))
                {
                    AddGrants(grants, policy.GetProperty("PolicyDocument"));
                }
            }
        }

        var role = synth.Json.GetProperty("Resources").GetProperty(roleLogicalId).GetProperty("Properties");
        if (role.TryGetProperty("Policies", out var inline))
        {
            foreach (var policy in inline.EnumerateArray())
            {
                AddGrants(grants, policy.GetProperty("PolicyDocument"));
            }
        }

        return grants;
    }

    private static void AddGrants(HashSet<Grant> grants, JsonElement document)
    {
        foreach (var statement in document.GetProperty("Statement").EnumerateArray())
        {
            var condition = statement.TryGetProperty("Condition", out var c) ? JsonSerializer.Serialize(c) : null;
            foreach (var action in Strings(statement.GetProperty("Action")))
            {
                foreach (var resource in Resources(statement.GetProperty("Resource")))
                {
                    grants.Add(new Grant(statement.GetProperty("Effect").GetString()!, action, resource, condition));
                }
            }
        }
    }

    /// <summary>Equal sets, failing with the grants missing and the grants not expected, one a line.</summary>
    public static void AssertGrants(IEnumerable<Grant> expected, HashSet<Grant> actual)
    {
        var wanted = expected.ToHashSet();
        var missing = wanted.Except(actual).Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList();
        var extra = actual.Except(wanted).Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing:\n  {string.Join("\n  ", missing)}\nnot expected:\n  {string.Join("\n  ", extra)}");
    }

    public static IEnumerable<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!) : [value.GetString()!];

    /// <summary>A resource as the construct it points at: <c>Items</c>, <c>Items/models/*</c> for a joined ARN, or the literal.</summary>
    public static IEnumerable<string> Resources(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                foreach (var resource in Resources(item))
                {
                    yield return resource;
                }
            }

            yield break;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            yield return value.GetString()!;
            yield break;
        }

        if (value.TryGetProperty("Ref", out var reference))
        {
            // CloudFormation drops AWS::NoValue: it names no resource.
            if (reference.GetString() != "AWS::NoValue")
            {
                yield return reference.GetString()!;
            }
        }
        else if (value.TryGetProperty("Fn::GetAtt", out var attribute))
        {
            yield return attribute[0].GetString()!;
        }
        else if (value.TryGetProperty("Fn::Join", out var join))
        {
            yield return string.Concat(join[1].EnumerateArray().Select(part => part.ValueKind == JsonValueKind.String ? part.GetString() : Resources(part).Single()));
        }
        else
        {
            yield return value.GetRawText();
        }
    }
}
