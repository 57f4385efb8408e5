using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace CloverExport.Testing;

/// <summary>
/// Starts the in-process Durable Task engine on a port the OS just handed out. Left to itself the
/// engine picks a random port in 30000–40000 without checking it, which collides with the ephemeral
/// ports of parallel tests now and then; a port taken between the pick and the bind is retried.
/// </summary>
public static class InProcessEngine
{
    private const int Attempts = 5;

    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> configureTasks, DurableTaskTestHostOptions? options = null)
    {
        options ??= new DurableTaskTestHostOptions();
        for (var attempt = 1; ; attempt++)
        {
            options.Port = AzuriteInstance.FreeTcpPort();
            try
            {
                return await DurableTaskTestHost.StartAsync(configureTasks, options);
            }
            catch (IOException ex) when (attempt < Attempts && ex.InnerException?.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
            }
        }
    }
}
