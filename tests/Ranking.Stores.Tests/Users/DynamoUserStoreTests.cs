using Amazon.DynamoDBv2.Model;
using Ranking.Stores.Files;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Stores.Users;
using Ranking.Testing.Seams;

namespace Ranking.Stores.Tests.Users;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoUserStoreTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task GetUser_ReturnsTheStoredUserOrNull()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateUsersTable);
        var user = TestRecords.User("u_1");
        await dynalite.Client.PutItemAsync(new PutItemRequest { TableName = table, Item = UserMapper.ToAttributes(user) });
        var store = new DynamoUserStore(dynalite.Client, table, TimeProvider.System, Randomizers.Midpoint);

        var found = await store.GetUserAsync("u_1", CancellationToken.None);

        Assert.Equal(RecordJsonl.FormatUser(user), RecordJsonl.FormatUser(found!));
        Assert.Null(await store.GetUserAsync("u_2", CancellationToken.None));
    }
}
