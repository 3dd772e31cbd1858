using Ranking.Contracts;
using Ranking.Stores.Files;
using Ranking.Stores.Tables;
using Ranking.Stores.Tests.Support;
using Ranking.Stores.Users;

namespace Ranking.Stores.Tests.Users;

/// <summary>Users survive the mapper and a real PutItem/GetItem unchanged (compared via their JSONL form).</summary>
[Collection(DynaliteCollection.Name)]
public sealed class UserMapperTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task User_RoundTripsThroughDynalite()
    {
        var table = await dynalite.CreateTableAsync(TableDefinitions.CreateUsersTable);
        var user = TestRecords.User("u_1");

        var stored = await dynalite.PutAndGetAsync(table, UserMapper.ToAttributes(user), TableSchemas.Users.UserId, user.UserId);

        Assert.Equal(RecordJsonl.FormatUser(user), RecordJsonl.FormatUser(UserMapper.FromAttributes(stored)));
    }
}
