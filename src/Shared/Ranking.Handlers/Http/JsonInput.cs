using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Ranking.Handlers.Http;

/// <summary>
/// Parses a JSON body that callers may then read with <see cref="JsonElement.GetString"/> without a try: every string
/// and property name is checked once to be valid Unicode, and no object may name a property twice (the parser
/// refuses it, in linear time: an ambiguous body is not guessed at).
/// </summary>
/// <remarks>
/// <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> accepts a raw invalid UTF-8 byte inside
/// a string and an escaped lone surrogate (<c>"\ud800"</c>, which JavaScript's <c>JSON.stringify</c> writes), and only
/// <c>GetString</c> throws, as <see cref="InvalidOperationException"/>, wherever a reader happens to call it. Checking
/// here turns both into one 400 that names the field, for every reader (rank requests, feed messages, events).
/// </remarks>
public static class JsonInput
{
    /// <param name="error">
    /// <c>invalid_json</c> when the body is not JSON or repeats a name; <c>invalid_request</c> naming the field when a
    /// string or name is not valid Unicode (<c>candidates[2].itemId is not valid Unicode text ...</c>).
    /// </param>
    public static bool TryParse(
        ReadOnlyMemory<byte> body,
        JsonDocumentOptions options,
        [NotNullWhen(true)] out JsonDocument? document,
        [NotNullWhen(false)] out ApiError? error)
    {
        var strict = options;
        strict.AllowDuplicateProperties = false;
        var undecodableName = false;
        try
        {
            document = JsonDocument.Parse(body, strict);
        }
        catch (JsonException e)
        {
            document = null;
            error = ApiError.InvalidJson($"body is not valid JSON: {e.Message}");
            return false;
        }
        catch (InvalidOperationException)
        {
            // The duplicate-name check decodes names, and a name that is not valid Unicode throws there: parse again
            // without it, so the check below can name where that name is.
            document = JsonDocument.Parse(body, options);
            undecodableName = true;
        }

        var problem = Check(document.RootElement);
        if (problem is not null || undecodableName)
        {
            document.Dispose();
            document = null;
            error = ApiError.InvalidRequest(problem?.Describe() ?? "the body has a property name that is not valid Unicode text");
            return false;
        }

        error = null;
        return true;
    }

    private static Problem? Check(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsValidText(JsonMarshal.GetRawUtf8Value(element), element) ? null : new Problem(Kind.Value);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item) is { } inner)
                    {
                        return inner.Under($"[{index}]");
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Object:
                return CheckObject(element);
            default:
                return null;
        }
    }

    private static Problem? CheckObject(JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!IsValidName(JsonMarshal.GetRawUtf8PropertyName(property), property))
            {
                return new Problem(Kind.Name);
            }

            if (Check(property.Value) is { } inner)
            {
                return inner.Under(Segment(property.Name));
            }
        }

        return null;
    }

    /// <summary>Unescaped text is checked as UTF-8 in place; text with escapes is decoded, which is where surrogates hide.</summary>
    private static bool IsValidText(ReadOnlySpan<byte> raw, JsonElement element)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Utf8.IsValid(raw);
        }

        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsValidName(ReadOnlySpan<byte> raw, JsonProperty property)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Utf8.IsValid(raw);
        }

        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Segment(string name) => name.Length > 0 && IsPlainName(name) ? "." + name : $"[\"{JsonEncodedText.Encode(name)}\"]";

    private static bool IsPlainName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private enum Kind
    {
        Value,
        Name,
    }

    /// <summary>Built from the leaf up, so a path is only assembled for a body that is rejected.</summary>
    private sealed class Problem(Kind kind)
    {
        private string _path = "";

        public Problem Under(string segment)
        {
            _path = segment + _path;
            return this;
        }

        public string Describe()
        {
            const string NotUnicode = "not valid Unicode text (a lone UTF-16 surrogate or invalid UTF-8)";
            var where = _path.Length == 0 ? "the body" : _path.TrimStart('.');
            return kind switch
            {
                Kind.Value => $"{where} is {NotUnicode}",
                _ => $"{where} has a property name that is {NotUnicode}",
            };
        }
    }
}
