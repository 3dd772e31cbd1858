using System.Text;
using Ranking.Stores.Feeds;
using Ranking.Handlers.Feeds;

namespace Ranking.Handlers.Tests.Feeds;

/// <summary>What <c>ranking enqueue</c> sends is what the FeedRerank function reads.</summary>
public sealed class RerankMessageBodyTests
{
    [Theory]
    [InlineData("u_1", "feed")]
    [InlineData("u_\"quoted\" é", "search")]
    public void Build_GivesAMessageTheFeedHandlerParses(string userId, string surface)
    {
        var body = RerankMessageBody.Build(userId, surface);

        Assert.True(FeedRerankMessage.TryParse(Encoding.UTF8.GetBytes(body), 1000, out var message, out var error), error);
        Assert.Equal(userId, message.UserId);
        Assert.Equal(surface, message.Surface);
        Assert.Null(message.Candidates);
    }

    [Fact]
    public void Build_WithBlankUser_Throws() => Assert.Throws<ArgumentException>(() => RerankMessageBody.Build(" ", "feed"));
}
