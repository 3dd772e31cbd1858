using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ranking.Testing.Browser;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol on its own WebSocket: open a page, evaluate script
/// in it, collect its uncaught exceptions and console errors. One browser per instance, with a fresh profile.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where the test command installs it (apt package <c>chromium</c>); <c>CHROMIUM</c> names another.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Uncaught exceptions and console errors of every page, in order.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <exception cref="FileNotFoundException">Chromium is not installed.</exception>
    public static async Task<HeadlessChromium> LaunchAsync(TimeSpan timeout)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"no Chromium at {Executable}: the test command installs Debian's chromium package", Executable);
        }

        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // The flags keep Chromium off the network it cannot reach here (updates, sync, field trials) and out of a sandbox
        // that needs privileges a CI container does not grant.
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var endpoint = await DevToolsEndpointAsync(process, timeout);
            await browser._socket.ConnectAsync(endpoint, new CancellationTokenSource(timeout).Token);
            browser._receiving = Task.Run(browser.ReceiveAsync);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> in a new tab and waits for its load event.</summary>
    public async Task<BrowserPage> OpenAsync(Uri url, TimeSpan timeout)
    {
        var target = await CallAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, timeout);
        var attached = await CallAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, null, timeout);
        var page = new BrowserPage(this, attached.GetProperty("sessionId").GetString()!);
        await CallAsync("Runtime.enable", new JsonObject(), page.Session, timeout);
        await CallAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, page.Session, timeout);
        await page.WaitForAsync("document.readyState === 'complete'", timeout);
        return page;
    }

    internal async Task<JsonElement> CallAsync(string method, JsonObject parameters, string? session, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _send.Release();
        }

        try
        {
            return await reply.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not answer {method} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or slow to go: the profile below may then stay behind in /tmp.
        }

        _socket.Dispose();
        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Chromium prints its DevTools address on stderr once it listens.</summary>
    private static async Task<Uri> DevToolsEndpointAsync(Process process, TimeSpan timeout)
    {
        _ = process.StandardOutput.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        var seen = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(cancel.Token) is { } line)
        {
            seen.AppendLine(line);
            const string Prefix = "DevTools listening on ";
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                var address = new Uri(line[Prefix.Length..].Trim());
                _ = process.StandardError.ReadToEndAsync();
                return address;
            }
        }

        throw new InvalidOperationException($"Chromium exited before it listened:\n{seen}");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closing.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("Chromium closed its DevTools connection"));
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id) && _pending.TryGetValue(id.GetInt32(), out var reply))
        {
            if (message.TryGetProperty("error", out var error))
            {
                reply.TrySetException(new InvalidOperationException($"DevTools error: {error.GetRawText()}"));
            }
            else
            {
                reply.TrySetResult(message.GetProperty("result"));
            }

            return;
        }

        var method = message.TryGetProperty("method", out var m) ? m.GetString() : null;
        if (method == "Runtime.exceptionThrown")
        {
            _errors.Enqueue("exception: " + message.GetProperty("params").GetProperty("exceptionDetails").GetRawText());
        }
        else if (method == "Runtime.consoleAPICalled" && message.GetProperty("params").GetProperty("type").GetString() == "error")
        {
            _errors.Enqueue("console.error: " + message.GetProperty("params").GetProperty("args").GetRawText());
        }
    }
}

/// <summary>A tab of <see cref="HeadlessChromium"/>.</summary>
public sealed class BrowserPage
{
    private readonly HeadlessChromium _browser;

    internal BrowserPage(HeadlessChromium browser, string session)
    {
        _browser = browser;
        Session = session;
    }

    internal string Session { get; }

    /// <summary>Evaluates <paramref name="expression"/> (awaiting a promise), returning its value as JSON.</summary>
    /// <exception cref="InvalidOperationException">The script threw.</exception>
    public async Task<JsonElement> EvaluateAsync(string expression, TimeSpan? timeout = null)
    {
        var result = await _browser.CallAsync(
            "Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true },
            Session,
            timeout ?? TimeSpan.FromSeconds(30));
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"the page's script threw evaluating {expression}: {exception.GetRawText()}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>Polls <paramref name="condition"/> (a script expression) until it is true.</summary>
    /// <exception cref="TimeoutException">It stayed false.</exception>
    public async Task WaitForAsync(string condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await EvaluateAsync($"Boolean({condition})");
            if (value.ValueKind == JsonValueKind.True)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{condition}' was still false after {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(50);
        }
    }
}
