using System.Threading.Channels;
using Ranking.Handlers.Feeds;

namespace Ranking.Cli.Serve;

/// <summary>
/// The local stand-in for SQS: re-rank messages go through a bounded queue to one worker running the same
/// <see cref="FeedRerankHandler"/> the Lambda function runs, and the caller awaits the outcome.
/// </summary>
internal sealed class LocalFeedQueue : IAsyncDisposable
{
    private readonly Channel<(FeedRerankMessage Message, TaskCompletionSource<FeedRerankResult> Done)> _queue =
        Channel.CreateBounded<(FeedRerankMessage, TaskCompletionSource<FeedRerankResult>)>(256);

    private readonly FeedRerankHandler _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;

    public LocalFeedQueue(FeedRerankHandler handler)
    {
        _handler = handler;
        _worker = Task.Run(WorkAsync);
    }

    public async Task<FeedRerankResult> SendAsync(FeedRerankMessage message, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<FeedRerankResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((message, done), cancellationToken);
        return await done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _worker;
        _stopping.Dispose();
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var (message, done) in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    done.TrySetResult(await _handler.HandleAsync(message, _stopping.Token));
                }
                catch (Exception e)
                {
                    // Like a failed SQS message: the caller sees the failure, the worker goes on.
                    done.TrySetException(e);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }
}
