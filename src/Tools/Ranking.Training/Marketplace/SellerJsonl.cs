using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ranking.Training.Marketplace;

/// <summary>Sellers as JSON Lines; nothing reads them back yet, they document where <c>seller_rating</c> comes from.</summary>
internal static class SellerJsonl
{
    public static string Format(SellerRecord seller)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sellerId", seller.SellerId);
            writer.WriteNumber("rating", seller.Rating);
            writer.WriteNumber("sales", seller.Sales);
            writer.WriteString("joinedAt", seller.JoinedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
