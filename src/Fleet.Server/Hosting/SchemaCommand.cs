namespace Fleet.Server.Hosting;

/// <summary><c>Fleet.Server schema apply</c>: applies the database schema (grain state, read model
/// and, on PostgreSQL, Orleans clustering) and exits. The host also applies it at every start;
/// this is for deployments that run the schema step on its own (docker-compose does).</summary>
public static class SchemaCommand
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args is not ["schema", "apply", ..]) return false;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[2..], ContentRootPath = AppContext.BaseDirectory });
        var fleet = builder.Configuration.GetSection(FleetOptions.Section).Get<FleetOptions>() ?? new FleetOptions();
        var database = FleetDatabases.Create(fleet, builder.Configuration, out _);
        await database.EnsureSchemaAsync();
        Console.WriteLine($"Schema applied ({database.Kind}).");
        return true;
    }
}
