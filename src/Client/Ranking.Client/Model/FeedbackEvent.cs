namespace Ranking.Client.Model;

/// <summary>One event of <c>POST /v1/events</c>; see api/openapi.json's <c>Event</c>.</summary>
/// <param name="Type"><c>view</c>, <c>click</c>, <c>like</c>, <c>add_to_cart</c> or <c>purchase</c>.</param>
/// <param name="ImpressionId">The <see cref="RankResponse.RequestId"/> of the ranking the item was shown in.</param>
/// <param name="Value">A purchase's price.</param>
public sealed record FeedbackEvent(string Type, string ItemId, DateTimeOffset Time, string? ImpressionId = null, string? UserId = null, double? Value = null);

public sealed record EventsRequest(IReadOnlyList<FeedbackEvent> Events);

/// <param name="Rejected">By index into the events sent: <c>invalid_event</c> (fix it) or <c>not_logged</c> (send it again).</param>
public sealed record EventsResponse(string RequestId, int Accepted, IReadOnlyList<RejectedEvent> Rejected);

public sealed record RejectedEvent(int Index, string Code, string Message);
