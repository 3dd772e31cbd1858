using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Ranking.Testing.Loopback;

namespace Ranking.Testing.Contract;

/// <summary>
/// <c>api/openapi.json</c> as the tests hold answers to it: each response's status must be one the document gives
/// its route (or, for a path it does not know, an error), and its body must match that response's schema.
/// The schemas are JSON Schema 2020-12 (OpenAPI 3.1), checked by JsonSchema.Net.
/// </summary>
public sealed class OpenApiContract
{
    private const string SchemasUri = "urn:ranking:openapi";
    private static readonly Lazy<OpenApiContract> s_repository = new(() => Load(Path.Combine(RepoRoot.Find(), "api", "openapi.json")));

    private readonly JsonElement _paths;
    private readonly BuildOptions _build = new();
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    private OpenApiContract(JsonDocument document)
    {
        var root = document.RootElement;
        _paths = root.GetProperty("paths").Clone();
        // JsonSchema.Net refuses the OpenAPI keywords around the schemas, so the components become one schema's $defs.
        var schemas = JsonNode.Parse(root.GetProperty("components").GetProperty("schemas").GetRawText())!;
        var definitions = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = SchemasUri,
            ["$defs"] = schemas,
        };
        JsonSchema.FromText(definitions.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal), _build);
    }

    /// <summary>The repository's document, loaded once.</summary>
    public static OpenApiContract Repository => s_repository.Value;

    public static OpenApiContract Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new OpenApiContract(document);
    }

    /// <summary>Problems with one response; empty when it keeps the contract.</summary>
    /// <param name="method">Null, with <paramref name="path"/>, for a request too broken to route.</param>
    /// <param name="path">The request path, without the query.</param>
    /// <remarks>
    /// A route the document has (its path and method) must answer a status it documents, with that response's body.
    /// Anything else (an unknown path or method, a request too broken to route) must be answered by an error of the
    /// common shape.
    /// </remarks>
    public IReadOnlyList<string> Problems(string? method, string? path, int status, string? mediaType, ReadOnlySpan<byte> body)
    {
        var problems = new List<string>();
        var route = $"{method ?? "(unroutable)"} {path} -> {status}";
        if (method is null || path is null || Operation(path, method) is not { } operation)
        {
            if (status < 400)
            {
                problems.Add($"{route}: a success for a route the document does not have");
                return problems;
            }

            return ValidateBody(route, "Error", body, problems);
        }

        if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response))
        {
            problems.Add($"{route}: status {status} is not documented for this operation");
            return problems;
        }

        if (!response.TryGetProperty("content", out var content))
        {
            return problems;
        }

        var expectedType = content.EnumerateObject().Select(p => p.Name).ToList();
        if (mediaType is null || !expectedType.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{route}: Content-Type '{mediaType}' is not {string.Join(" or ", expectedType)}");
            return problems;
        }

        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return problems;
        }

        var schema = content.GetProperty(mediaType).GetProperty("schema");
        return schema.TryGetProperty("$ref", out var reference)
            ? ValidateBody(route, reference.GetString()!["#/components/schemas/".Length..], body, problems)
            : problems;
    }

    /// <exception cref="ContractViolationException">The response breaks the contract; the message lists how.</exception>
    public void Check(string? method, string? path, int status, string? mediaType, ReadOnlySpan<byte> body)
    {
        var problems = Problems(method, path, status, mediaType, body);
        if (problems.Count > 0)
        {
            throw new ContractViolationException(string.Join("\n", problems) + "\nbody: " + System.Text.Encoding.UTF8.GetString(body));
        }
    }

    /// <summary>Problems of a request body the schema named <paramref name="schemaName"/> would refuse (for reader agreement tests).</summary>
    public IReadOnlyList<string> SchemaProblems(string schemaName, JsonElement instance)
    {
        var result = Schema(schemaName).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    private List<string> ValidateBody(string route, string schemaName, ReadOnlySpan<byte> body, List<string> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            problems.Add($"{route}: the body is not JSON ({e.Message})");
            return problems;
        }

        using (document)
        {
            problems.AddRange(SchemaProblems(schemaName, document.RootElement).Select(p => $"{route}: {schemaName}{p}"));
        }

        return problems;
    }

    private JsonSchema Schema(string name)
    {
        lock (_schemas)
        {
            if (!_schemas.TryGetValue(name, out var schema))
            {
                schema = JsonSchema.FromText($$"""{"$ref": "{{SchemasUri}}#/$defs/{{name}}"}""", _build);
                _schemas[name] = schema;
            }

            return schema;
        }
    }

    /// <summary>The operation of a documented path template that matches <paramref name="path"/> and has <paramref name="method"/>, or null.</summary>
    private JsonElement? Operation(string path, string method)
    {
        foreach (var template in _paths.EnumerateObject())
        {
            if (Matches(template.Name, path) && template.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                return operation;
            }
        }

        return null;
    }

    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.Split('/');
        if (expected.Length != actual.Length)
        {
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var isParameter = expected[i].StartsWith('{') && expected[i].EndsWith('}');
            if (isParameter ? actual[i].Length == 0 : !string.Equals(expected[i], actual[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
