namespace Ranking.Lambda.Events;

/// <summary>The records of an SQS event that could be read, and the ones that could not (to be reported failed).</summary>
public sealed record SqsEventRecords(IReadOnlyList<SqsMessage> Messages, IReadOnlyList<UnreadableSqsMessage> Unreadable);
