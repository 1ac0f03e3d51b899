namespace Fleet.Server.Pki;

/// <summary>Loads the certificate authority once the silo is up and before Kestrel starts
/// listening (hosted services start in registration order, the web server last).</summary>
public sealed class AuthorityStartup(AuthorityHost authority, IGrainFactory grains) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await authority.InitializeAsync(grains);
        _ = authority.ServerCertificateContext;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
