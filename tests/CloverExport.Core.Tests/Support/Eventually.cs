using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Core.Tests.Support;

/// <summary>Waiting helpers for code that runs on the thread pool while the test drives a fake clock.</summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds; the real-time bound only stops a broken test from hanging.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string because)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"Condition never held: {because}");
    }

    /// <summary>Lets queued continuations run, so a "nothing happened" check is meaningful.</summary>
    public static Task SettleAsync() => Task.Delay(100);

    /// <summary>Advances the fake clock in steps until <paramref name="task"/> completes (for backoff delays).</summary>
    public static async Task<T> AdvancingAsync<T>(this Task<T> task, FakeTimeProvider time, TimeSpan? step = null)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            time.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.WhenAny(task, Task.Delay(5));
        }

        return await task;
    }

    public static async Task AdvancingAsync(this Task task, FakeTimeProvider time, TimeSpan? step = null)
    {
        await AdvancingAsync(AsValued(task), time, step);

        static async Task<bool> AsValued(Task inner)
        {
            await inner;
            return true;
        }
    }
}
