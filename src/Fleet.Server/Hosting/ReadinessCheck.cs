using Fleet.Server.Pki;
using Fleet.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Server.Hosting;

/// <summary>Ready when the CA is loaded (so the silo is up) and the database answers.</summary>
public sealed class ReadinessCheck(AuthorityHost authority, FleetDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!authority.IsReady) return HealthCheckResult.Unhealthy("The certificate authority is not loaded yet.");
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
