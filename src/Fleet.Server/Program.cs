using Fleet.Server.Hosting;

if (await SchemaCommand.TryRunAsync(args)) return 0;
if (await HealthCheckCommand.TryRunAsync(args) is { } status) return status;
// The shipped appsettings.json (log levels, defaults) sits beside the program, wherever it is started
// from: with the working directory as content root, `dotnet /opt/fleet/Fleet.Server.dll` run from
// elsewhere silently ignored it and logged every request at Information.
var app = await FleetApplication.BuildAsync(args, contentRoot: AppContext.BaseDirectory);
await app.RunAsync();
return 0;

/// <summary>Visible to tests that start the host in-process.</summary>
public partial class Program;
