using Fleet.Server.Hosting;

if (await SchemaCommand.TryRunAsync(args)) return 0;
if (await HealthCheckCommand.TryRunAsync(args) is { } status) return status;
var app = await FleetApplication.BuildAsync(args);
await app.RunAsync();
return 0;

/// <summary>Visible to tests that start the host in-process.</summary>
public partial class Program;
