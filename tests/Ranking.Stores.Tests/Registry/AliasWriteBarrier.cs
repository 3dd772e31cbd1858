using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Ranking.Testing.Loopback;

namespace Ranking.Stores.Tests.Registry;

/// <summary>
/// Once armed, holds alias writes until <c>parties</c> writers have reached theirs, so each racer has read the alias
/// before any of them writes it: the race the conditional write must settle happens every round instead of by luck.
/// Set-up writes (unarmed) pass straight through; the writes themselves go to the real server unchanged.
/// </summary>
internal sealed class AliasWriteBarrier(int parties)
{
    private readonly object _gate = new();
    private TaskCompletionSource _open = NewOpen();
    private int _waiting;
    private bool _armed;

    public AmazonDynamoDBClient Client(AmazonDynamoDBConfig config) => new GatedClient(this, config);

    public void Arm()
    {
        lock (_gate)
        {
            _armed = true;
        }
    }

    private async Task ArriveAsync(CancellationToken cancellationToken)
    {
        Task open;
        lock (_gate)
        {
            if (!_armed)
            {
                return;
            }

            open = _open.Task;
            if (++_waiting == parties)
            {
                _waiting = 0;
                _armed = false;
                _open.SetResult();
                _open = NewOpen();
            }
        }

        // A racer that gives up (Conflict before its write, say) must not hang the test: a bounded wait.
        await open.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static TaskCompletionSource NewOpen() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class GatedClient(AliasWriteBarrier barrier, AmazonDynamoDBConfig config)
        : AmazonDynamoDBClient(new BasicAWSCredentials(DynaliteServer.AccessKey, DynaliteServer.SecretKey), config)
    {
        public override async Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken = default)
        {
            if (request.Item.TryGetValue("version", out var sk) && sk.S == "alias#live")
            {
                await barrier.ArriveAsync(cancellationToken);
            }

            return await base.PutItemAsync(request, cancellationToken);
        }
    }
}
