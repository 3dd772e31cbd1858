using Ranking.Contracts;
using System.Text.Json;
using Ranking.Handlers.Http;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;

namespace Ranking.Handlers.Events;

/// <summary>
/// <c>POST /v1/events</c>: feedback from the app, written one record per event through the same sink as the
/// impressions (DESIGN.md, "Events API"), for <c>dataset build</c> to join with them. Answers 202 with what it
/// accepted and, by index, what it refused. An event the sink could not take is refused too (code
/// <see cref="NotLogged"/>), so the app resends exactly that one: an event is never lost silently.
/// </summary>
public sealed class EventsHandler(IRecordSink sink, RankingOptions options, TimeProvider time, IRankingMetrics metrics)
{
    public const string NotLogged = "not_logged";

    public ValueTask<ApiResponse> HandleAsync(ApiRequest request)
    {
        if (JsonRequest.Reject(request, options.MaxBodyBytes) is { } rejection)
        {
            return ValueTask.FromResult(Error(rejection, request.RequestId));
        }

        var now = time.GetUtcNow();
        if (!EventsRequestReader.TryRead(request.Body, now, out var events, out var rejected, out var invalid))
        {
            return ValueTask.FromResult(Error(invalid, request.RequestId));
        }

        var accepted = 0;
        foreach (var (index, feedback) in events)
        {
            try
            {
                EventRecordWriter.Write(feedback, now, sink);
                accepted++;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                metrics.RecordLogFailed(RecordLogs.Events);
                rejected.Add(new RejectedEvent(index, NotLogged, $"events[{index}] could not be logged ({e.GetType().Name}); send it again"));
            }
        }

        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        metrics.EventsReceived(accepted, rejected.Count);
        return ValueTask.FromResult(JsonBody.Write(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", request.RequestId);
            w.WriteNumber("accepted", accepted);
            w.WriteStartArray("rejected");
            foreach (var refused in rejected)
            {
                w.WriteStartObject();
                w.WriteNumber("index", refused.Index);
                w.WriteString("code", refused.Code);
                w.WriteString("message", refused.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private ApiResponse Error(ApiError error, string requestId)
    {
        metrics.RankRejected(error.Code);
        return JsonBody.Error(error, requestId);
    }
}
