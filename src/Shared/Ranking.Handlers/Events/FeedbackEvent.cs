namespace Ranking.Handlers.Events;

/// <summary>One accepted event of <c>POST /v1/events</c> (DESIGN.md, "Events API").</summary>
public sealed record FeedbackEvent(string Type, string? ImpressionId, string ItemId, string? UserId, DateTimeOffset Time, double? Value);

/// <summary>An event the batch refused, by its index in <c>events</c>; the others are kept.</summary>
public sealed record RejectedEvent(int Index, string Code, string Message);
