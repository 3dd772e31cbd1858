namespace Ranking.Lambda.Logging;

/// <summary>Severity of a log line; written lower-case (<c>"info"</c>) so CloudWatch Logs Insights filters read naturally.</summary>
public enum LogLevel
{
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}
