using Fleet.Server.Hosting;

if (await SchemaCommand.TryRunAsync(args)) return;
var app = await FleetApplication.BuildAsync(args);
await app.RunAsync();

/// <summary>Visible to tests that start the host in-process.</summary>
public partial class Program;
