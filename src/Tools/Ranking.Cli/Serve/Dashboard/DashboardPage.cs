namespace Ranking.Cli.Serve.Dashboard;

/// <summary>
/// serve's page at <c>/</c>: one static document whose script polls <c>/metrics</c> and <c>/v1/health</c> and draws
/// every number and chart from them, so it can show nothing the metrics do not say. No outside address.
/// </summary>
internal static class DashboardPage
{
    public static byte[] Html { get; } = Load();

    private static byte[] Load()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("dashboard.html")
            ?? throw new InvalidOperationException("dashboard.html is not embedded in the ranking assembly");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
