namespace Ranking.Handlers.Impressions;

/// <summary>
/// Where logged records go: JSONL files under <c>serve --log-dir</c>, stdout lines in Lambda. One seam for every
/// record log (<see cref="RecordLogs"/>). A sink may throw (a full disk, a closed stream); the caller counts the
/// failure and drops the record, so a sink never fails a request.
/// </summary>
public interface IRecordSink
{
    /// <param name="log">The log the record belongs to (<see cref="RecordLogs.Impressions"/>): a folder for files, a field for lines.</param>
    /// <param name="record">One JSON object, without a line break; the caller owns the bytes and reuses them after the call.</param>
    void Write(string log, ReadOnlySpan<byte> record);
}
