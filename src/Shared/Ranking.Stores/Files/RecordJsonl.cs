using Ranking.Core.Data;
using Ranking.Stores.Feeds;
using Ranking.Stores.Items;
using Ranking.Stores.Users;

namespace Ranking.Stores.Files;

/// <summary>
/// Items, users and feeds as JSON Lines: the files the embedded stores load and the DynamoDB tables are seeded from.
/// Read errors are <see cref="InvalidDataException"/>s whose message starts with <c>source:line:</c> (1-based).
/// Written with Utf8JsonWriter and read with Utf8JsonReader: no reflection, so it is safe under native AOT.
/// </summary>
public static class RecordJsonl
{
    public static List<ItemRecord> ReadItems(string path) => JsonlLines.ReadFile(path, ItemJson.Parse);

    public static List<ItemRecord> ReadItems(TextReader reader, string source) => JsonlLines.Read(reader, source, ItemJson.Parse);

    public static List<UserRecord> ReadUsers(string path) => JsonlLines.ReadFile(path, UserJson.Parse);

    public static List<UserRecord> ReadUsers(TextReader reader, string source) => JsonlLines.Read(reader, source, UserJson.Parse);

    public static List<FeedRecord> ReadFeeds(string path) => JsonlLines.ReadFile(path, FeedJson.Parse);

    public static List<FeedRecord> ReadFeeds(TextReader reader, string source) => JsonlLines.Read(reader, source, FeedJson.Parse);

    public static void WriteItems(string path, IEnumerable<ItemRecord> items) => JsonlLines.WriteFile(path, items, ItemJson.Format);

    public static void WriteItems(TextWriter writer, IEnumerable<ItemRecord> items) => JsonlLines.Write(writer, items, ItemJson.Format);

    public static void WriteUsers(string path, IEnumerable<UserRecord> users) => JsonlLines.WriteFile(path, users, UserJson.Format);

    public static void WriteUsers(TextWriter writer, IEnumerable<UserRecord> users) => JsonlLines.Write(writer, users, UserJson.Format);

    public static void WriteFeeds(string path, IEnumerable<FeedRecord> feeds) => JsonlLines.WriteFile(path, feeds, FeedJson.Format);

    public static void WriteFeeds(TextWriter writer, IEnumerable<FeedRecord> feeds) => JsonlLines.Write(writer, feeds, FeedJson.Format);

    /// <summary>One item as a single JSON line, without the newline.</summary>
    public static string FormatItem(ItemRecord item) => ItemJson.Format(item);

    public static string FormatUser(UserRecord user) => UserJson.Format(user);

    public static string FormatFeed(FeedRecord feed) => FeedJson.Format(feed);
}
