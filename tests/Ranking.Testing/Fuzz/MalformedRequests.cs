using System.Globalization;
using System.Text;

namespace Ranking.Testing.Fuzz;

/// <summary>
/// Seeded generator of malformed Rank API bodies: lone surrogates and invalid UTF-8 in every string and name,
/// deep nesting, numbers at and beyond the float range, wrong types at every field, duplicate keys, oversized and
/// truncated bodies. The same seed gives the same requests, so a failure reproduces.
/// </summary>
public static class MalformedRequests
{
    private static readonly string[] s_kinds =
        ["lone-surrogate", "invalid-utf8", "deep-nesting", "number-range", "wrong-type", "duplicate-key", "truncated", "oversized", "valid"];

    private static readonly string[] s_fields = ["surface", "userId", "query", "context", "candidates", "limit", "explain", "time", "sessionId", "exclude", "pins"];

    public static IEnumerable<MalformedRequest> Generate(int seed, int count, int maxBodyBytes)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var kind = s_kinds[i % s_kinds.Length];
            yield return new MalformedRequest(kind, kind switch
            {
                "lone-surrogate" => Utf8(WithString(random, LoneSurrogate(random))),
                "invalid-utf8" => InvalidUtf8(random),
                "deep-nesting" => Utf8(DeepNesting(random)),
                "number-range" => Utf8(WithNumber(random)),
                "wrong-type" => Utf8(WrongType(random)),
                "duplicate-key" => Utf8(DuplicateKey(random)),
                "truncated" => Truncated(random),
                "oversized" => Oversized(random, maxBodyBytes),
                _ => Utf8(Valid(random, random.Next(1, 6))),
            });
        }
    }

    /// <summary>A well-formed request, the base every damage starts from.</summary>
    public static string Valid(Random random, int candidates)
    {
        var items = string.Join(",", Enumerable.Range(0, candidates).Select(c =>
            c % 2 == 0 ? $"{{\"itemId\":\"i_{random.Next(1, 5)}\"}}" : $"{{\"itemId\":\"i_{random.Next(1, 5)}\",\"features\":{{\"retrieval_score\":{random.Next(0, 20)}}}}}"));
        var surface = random.Next(3) == 0 ? "search" : "feed";
        return $"{{\"surface\":\"{surface}\",\"userId\":\"u_1\",\"query\":\"levis\",\"context\":{{\"platform\":\"ios\"}},\"candidates\":[{items}],\"limit\":3}}";
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string LoneSurrogate(Random random)
    {
        var unit = random.Next(2) == 0 ? random.Next(0xD800, 0xDC00) : random.Next(0xDC00, 0xE000);
        var escape = string.Create(CultureInfo.InvariantCulture, $"\\u{unit:x4}");
        return random.Next(3) switch
        {
            0 => escape,
            1 => "ab" + escape,
            // A high surrogate followed by something that is not a low one.
            _ => "\\ud83d" + (random.Next(2) == 0 ? "x" : "\\u0041"),
        };
    }

    /// <summary>Puts <paramref name="text"/> (JSON string content) in a string or a property name somewhere in a request.</summary>
    private static string WithString(Random random, string text) => random.Next(8) switch
    {
        0 => $"{{\"surface\":\"{text}\",\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
        1 => $"{{\"surface\":\"feed\",\"userId\":\"{text}\",\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
        2 => $"{{\"surface\":\"feed\",\"query\":\"{text}\",\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
        3 => $"{{\"surface\":\"feed\",\"context\":{{\"{text}\":\"ios\"}},\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
        4 => $"{{\"surface\":\"feed\",\"context\":{{\"platform\":\"{text}\"}},\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
        5 => $"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"i_1\"}},{{\"itemId\":\"{text}\"}}]}}",
        6 => $"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"i_1\",\"features\":{{\"{text}\":1}}}}]}}",
        _ => $"{{\"{text}\":1,\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
    };

    private static byte[] InvalidUtf8(Random random)
    {
        byte[][] bad = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]];
        var marker = "\u00a7MARK\u00a7";
        var body = Utf8(WithString(random, "a" + marker));
        var at = body.AsSpan().IndexOf(Utf8(marker));
        var damage = bad[random.Next(bad.Length)];
        return [.. body.AsSpan(0, at), .. damage, .. body.AsSpan(at + Utf8(marker).Length)];
    }

    private static string DeepNesting(Random random)
    {
        var depth = random.Next(10, 400);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return random.Next(3) switch
        {
            0 => $"{{\"surface\":\"feed\",\"context\":{{\"x\":{nested}}},\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
            1 => $"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"i_1\",\"features\":{{\"x\":{nested}}}}}]}}",
            _ => nested,
        };
    }

    private static string WithNumber(Random random)
    {
        string[] numbers = ["3.4028234e38", "3.4028236e38", "-3.5e38", "1e308", "1.8e308", "1e309", "-1e400", "1e-50", "4.9e-324", "1e-400",
            "123456789012345678901234567890", "-0", "0.0000000000000000000000001", "2147483648", "-2147483649", "9e18"];
        var number = numbers[random.Next(numbers.Length)];
        return random.Next(4) switch
        {
            0 => $"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"i_1\",\"features\":{{\"retrieval_score\":{number}}}}}],\"explain\":true}}",
            1 => $"{{\"surface\":\"feed\",\"context\":{{\"hour\":{number}}},\"candidates\":[{{\"itemId\":\"i_1\"}}]}}",
            2 => $"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"i_1\"}}],\"limit\":{number}}}",
            _ => $"{{\"surface\":\"search\",\"query\":\"levis\",\"candidates\":[{{\"itemId\":\"i_1\",\"features\":{{\"a\":{number},\"b\":{number}}}}},{{\"itemId\":\"i_2\"}}],\"explain\":true}}",
        };
    }

    private static string WrongType(Random random)
    {
        string[] values = ["1", "-7", "true", "null", "[]", "{}", "\"\"", "\"x\"", "[1,2]", "{\"a\":1}", "1.5"];
        var field = s_fields[random.Next(s_fields.Length)];
        var value = values[random.Next(values.Length)];
        return random.Next(4) switch
        {
            0 => $"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":{value}}}]}}",
            1 => $"{{\"surface\":\"feed\",\"candidates\":[{{\"itemId\":\"i_1\",\"features\":{value}}}]}}",
            2 => $"{{\"surface\":\"feed\",\"candidates\":[{value}]}}",
            _ => ReplaceField(field, value),
        };
    }

    private static string ReplaceField(string field, string value)
    {
        var fields = new Dictionary<string, string>
        {
            ["surface"] = "\"feed\"",
            ["userId"] = "\"u_1\"",
            ["query"] = "\"levis\"",
            ["context"] = "{\"platform\":\"ios\"}",
            ["candidates"] = "[{\"itemId\":\"i_1\"}]",
            ["limit"] = "2",
            ["explain"] = "false",
            ["time"] = "\"2026-11-02T00:00:00Z\"",
            ["sessionId"] = "\"s_1\"",
        };
        fields[field] = value;
        return "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
    }

    private static string DuplicateKey(Random random) => random.Next(4) switch
    {
        0 => "{\"surface\":\"feed\",\"surface\":\"search\",\"candidates\":[{\"itemId\":\"i_1\"}]}",
        1 => "{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"i_1\",\"itemId\":\"i_2\"}]}",
        2 => "{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"i_1\",\"features\":{\"a\":1,\"a\":2}}]}",
        _ => "{\"surface\":\"feed\",\"context\":{\"p\":\"ios\",\"p\":3},\"candidates\":[{\"itemId\":\"i_1\"}],\"candidates\":[]}",
    };

    private static byte[] Truncated(Random random)
    {
        var body = Utf8(Valid(random, random.Next(1, 6)));
        return body[..random.Next(0, body.Length - 1)];
    }

    private static byte[] Oversized(Random random, int maxBodyBytes)
    {
        var padding = new string('x', maxBodyBytes + random.Next(1, 4096));
        return Utf8($"{{\"surface\":\"feed\",\"query\":\"{padding}\",\"candidates\":[{{\"itemId\":\"i_1\"}}]}}");
    }
}
