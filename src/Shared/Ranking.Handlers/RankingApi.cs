using Ranking.Handlers.Events;
using Ranking.Handlers.Http;
using Ranking.Handlers.Rank;

namespace Ranking.Handlers;

/// <summary>The Rank API's routes (DESIGN.md): <c>POST /v1/rank</c>, <c>POST /v1/events</c> and <c>GET /v1/health</c>. Hosts may add their own.</summary>
public static class RankingApi
{
    public static Router CreateRouter(RankHandler rank, EventsHandler events, HealthHandler health) => new Router()
        .Map("POST", "/v1/rank", (request, _, cancellationToken) => rank.HandleAsync(request, cancellationToken))
        .Map("POST", "/v1/events", (request, _, _) => events.HandleAsync(request))
        .Map("GET", "/v1/health", (_, _, _) => ValueTask.FromResult(health.Handle()));
}
