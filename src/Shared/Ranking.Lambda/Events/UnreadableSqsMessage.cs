namespace Ranking.Lambda.Events;

/// <summary>A record the serializer rejected; <see cref="MessageId"/> is null when even the id cannot be read.</summary>
public sealed record UnreadableSqsMessage(string? MessageId, string Error);
