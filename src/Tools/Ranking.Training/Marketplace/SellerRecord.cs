namespace Ranking.Training.Marketplace;

/// <summary>A seller of the synthetic marketplace: their rating also appears on their items as <c>seller_rating</c>.</summary>
internal sealed record SellerRecord(string SellerId, double Rating, int Sales, DateTimeOffset JoinedAt);
