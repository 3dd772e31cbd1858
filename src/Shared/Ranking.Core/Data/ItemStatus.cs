namespace Ranking.Core.Data;

public static class ItemStatus
{
    public const string Active = "active";
    public const string Sold = "sold";
    public const string Hidden = "hidden";
}
