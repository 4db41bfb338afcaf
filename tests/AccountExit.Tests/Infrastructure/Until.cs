namespace AccountExit.Tests.Infrastructure;

/// <summary>Waiting on a condition rather than for a guessed time: checked every 50 ms, a failure naming what never happened.</summary>
public static class Until
{
    public static async Task TrueAsync(Func<bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {seconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
