namespace Fleet.Server.Pki;

/// <summary>Notices an issuing-CA rotation made through another silo: one cheap grain call per
/// silo every few seconds, on the real clock (this is plumbing, not fleet time, and must not fire
/// thousands of times when a test moves the fleet's clock by days).</summary>
public sealed class AuthorityRefresher(AuthorityHost authority, IGrainFactory grains, ILogger<AuthorityRefresher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await authority.RefreshAsync(grains);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not check the certificate authority for a rotation; retrying.");
            }
        }
    }
}
