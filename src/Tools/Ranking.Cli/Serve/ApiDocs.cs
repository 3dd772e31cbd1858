using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ranking.Cli.Serve;

/// <summary>
/// The API contract as serve hands it out: <c>api/openapi.json</c> (embedded at build) at <c>/openapi.json</c>, and
/// the same document rendered once into one HTML page at <c>/docs</c>: inline styles, no script, nothing fetched, so
/// it reads the same offline.
/// </summary>
internal sealed partial class ApiDocs
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private ApiDocs(byte[] document, byte[] page)
    {
        Document = document;
        Page = page;
    }

    public byte[] Document { get; }

    public byte[] Page { get; }

    public static ApiDocs Load()
    {
        using var stream = typeof(ApiDocs).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded in the ranking assembly");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var document = buffer.ToArray();
        using var parsed = JsonDocument.Parse(document);
        return new ApiDocs(document, Encoding.UTF8.GetBytes(Render(parsed.RootElement)));
    }

    private static string Render(JsonElement root)
    {
        var info = root.GetProperty("info");
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(info.GetProperty("title").GetString()))
            .Append("</title><style>")
            .Append("body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1f24}")
            .Append("code,pre{font:13px ui-monospace,monospace;background:#f3f4f6;border-radius:4px}code{padding:0 3px}pre{padding:.6em;overflow:auto}")
            .Append("table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}")
            .Append(".method{font-weight:700;padding:2px 6px;border-radius:4px;color:#fff;background:#0969da}.post{background:#1a7f37}")
            .Append("section{border-top:1px solid #d0d7de;margin-top:1.5em}nav a{margin-right:1em}")
            .Append("</style></head><body>");
        html.Append("<h1>").Append(Encode(info.GetProperty("title").GetString())).Append(" <small>").Append(Encode(info.GetProperty("version").GetString())).Append("</small></h1>");
        html.Append("<p>").Append(Markdown(info.GetProperty("description").GetString())).Append("</p>");
        html.Append("<p>The machine-readable document: <a href=\"/openapi.json\">/openapi.json</a> (OpenAPI ").Append(Encode(root.GetProperty("openapi").GetString())).Append(").</p>");

        var paths = root.GetProperty("paths");
        html.Append("<nav><h2>Operations</h2>");
        foreach (var (method, path, operation) in Operations(paths))
        {
            html.Append("<a href=\"#op-").Append(Encode(operation.GetProperty("operationId").GetString())).Append("\">").Append(method.ToUpperInvariant()).Append(' ').Append(Encode(path)).Append("</a>");
        }

        html.Append("</nav>");
        foreach (var (method, path, operation) in Operations(paths))
        {
            RenderOperation(html, method, path, operation);
        }

        html.Append("<section><h2>Schemas</h2>");
        foreach (var schema in root.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            RenderSchema(html, schema.Name, schema.Value);
        }

        html.Append("</section>");
        if (root.GetProperty("components").TryGetProperty("securitySchemes", out var security))
        {
            html.Append("<section><h2>Authentication</h2><p>None for <code>ranking serve</code>. In AWS, one of:</p><ul>");
            foreach (var scheme in security.EnumerateObject())
            {
                html.Append("<li><b>").Append(Encode(scheme.Name)).Append("</b>: ").Append(Markdown(scheme.Value.GetProperty("description").GetString())).Append("</li>");
            }

            html.Append("</ul></section>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement paths)
    {
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                yield return (method.Name, path.Name, method.Value);
            }
        }
    }

    private static void RenderOperation(StringBuilder html, string method, string path, JsonElement operation)
    {
        html.Append("<section id=\"op-").Append(Encode(operation.GetProperty("operationId").GetString())).Append("\"><h2><span class=\"method ").Append(method).Append("\">")
            .Append(method.ToUpperInvariant()).Append("</span> <code>").Append(Encode(path)).Append("</code></h2>");
        html.Append("<p><b>").Append(Encode(operation.GetProperty("summary").GetString())).Append("</b></p>");
        if (operation.TryGetProperty("description", out var description))
        {
            html.Append("<p>").Append(Markdown(description.GetString())).Append("</p>");
        }

        if (operation.TryGetProperty("requestBody", out var body))
        {
            var content = body.GetProperty("content").GetProperty("application/json");
            html.Append("<h3>Request body</h3><p>").Append(SchemaLink(content.GetProperty("schema"))).Append(body.TryGetProperty("required", out var required) && required.GetBoolean() ? " (required)" : " (optional)").Append("</p>");
            RenderExamples(html, content);
        }

        html.Append("<h3>Responses</h3><table><tr><th>Status</th><th>Description</th><th>Body</th></tr>");
        foreach (var response in operation.GetProperty("responses").EnumerateObject())
        {
            html.Append("<tr><td>").Append(Encode(response.Name)).Append("</td><td>").Append(Markdown(response.Value.GetProperty("description").GetString())).Append("</td><td>");
            if (response.Value.TryGetProperty("content", out var content))
            {
                foreach (var media in content.EnumerateObject())
                {
                    html.Append(SchemaLink(media.Value.GetProperty("schema")));
                    if (media.Value.TryGetProperty("example", out var example))
                    {
                        html.Append("<pre>").Append(Encode(JsonSerializer.Serialize(example, s_indented))).Append("</pre>");
                    }
                }
            }

            html.Append("</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void RenderExamples(StringBuilder html, JsonElement content)
    {
        if (content.TryGetProperty("example", out var example))
        {
            html.Append("<pre>").Append(Encode(JsonSerializer.Serialize(example, s_indented))).Append("</pre>");
        }

        if (content.TryGetProperty("examples", out var examples))
        {
            foreach (var named in examples.EnumerateObject())
            {
                html.Append("<p>").Append(Encode(named.Value.GetProperty("summary").GetString())).Append(":</p><pre>")
                    .Append(Encode(JsonSerializer.Serialize(named.Value.GetProperty("value"), s_indented))).Append("</pre>");
            }
        }
    }

    private static void RenderSchema(StringBuilder html, string name, JsonElement schema)
    {
        html.Append("<div id=\"schema-").Append(Encode(name)).Append("\"><h3>").Append(Encode(name)).Append("</h3>");
        if (schema.TryGetProperty("description", out var description))
        {
            html.Append("<p>").Append(Markdown(description.GetString())).Append("</p>");
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet() : [];
            html.Append("<table><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr>");
            foreach (var property in properties.EnumerateObject())
            {
                html.Append("<tr><td><code>").Append(Encode(property.Name)).Append("</code></td><td>").Append(SchemaLink(property.Value)).Append("</td><td>")
                    .Append(required.Contains(property.Name) ? "yes" : "").Append("</td><td>")
                    .Append(property.Value.TryGetProperty("description", out var text) ? Markdown(text.GetString()) : "").Append("</td></tr>");
            }

            html.Append("</table>");
            if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                html.Append("<p>Other fields are refused.</p>");
            }
        }
        else
        {
            html.Append("<p>").Append(SchemaLink(schema)).Append("</p>");
        }

        html.Append("</div>");
    }

    /// <summary>A schema in one line: a link to a named schema, or its type and constraints.</summary>
    private static string SchemaLink(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "any";
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return $"<a href=\"#schema-{Encode(name)}\">{Encode(name)}</a>";
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            return string.Join(" or ", oneOf.EnumerateArray().Select(SchemaLink));
        }

        var parts = new List<string>();
        if (schema.TryGetProperty("enum", out var values))
        {
            parts.Add("one of " + string.Join(", ", values.EnumerateArray().Select(v => $"<code>{Encode(v.GetRawText())}</code>")));
        }
        else if (schema.TryGetProperty("const", out var constant))
        {
            parts.Add($"<code>{Encode(constant.GetRawText())}</code>");
        }
        else if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? string.Join(" | ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString()!;
            if (schema.TryGetProperty("items", out var items))
            {
                types += " of " + SchemaLink(items);
            }
            else if (schema.TryGetProperty("additionalProperties", out var valueSchema) && valueSchema.ValueKind == JsonValueKind.Object)
            {
                types += " of name -> " + SchemaLink(valueSchema);
            }

            parts.Add(types.Contains('<', StringComparison.Ordinal) ? types : Encode(types));
        }

        foreach (var constraint in new[] { "minLength", "maxLength", "minimum", "minItems", "maxItems", "maxProperties", "pattern", "format" })
        {
            if (schema.TryGetProperty(constraint, out var value))
            {
                parts.Add($"{constraint} <code>{Encode(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())}</code>");
            }
        }

        return parts.Count == 0 ? "any" : string.Join(", ", parts);
    }

    /// <summary>The document's descriptions use <c>`code`</c> only; everything else is text.</summary>
    private static string Markdown(string? text) => CodeSpan().Replace(Encode(text), m => $"<code>{m.Groups[1].Value}</code>");

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    [GeneratedRegex("`([^`]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex CodeSpan();
}
