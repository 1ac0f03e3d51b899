using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Fleet.Storage.GroupCommit;
using Fleet.Storage.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Storage;

public static class FleetStorageExtensions
{
    /// <summary>
    /// Registers a <see cref="RelationalGrainStorage"/> named <paramref name="name"/> (use it as
    /// <c>[PersistentState("…", name)]</c>) and <paramref name="database"/> as the <see cref="FleetDatabase"/> singleton.
    /// The schema is not applied here: the host calls <see cref="FleetDatabase.EnsureSchemaAsync"/> before starting the silo.
    /// </summary>
    public static ISiloBuilder AddFleetGrainStorage(this ISiloBuilder builder, string name, FleetDatabase database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(database);
        builder.Services.TryAddSingleton(database);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new RelationalGrainStorage(
            name,
            database,
            sp.GetRequiredService<Serializer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<RelationalGrainStorage>>(),
            sp.GetService<IOptions<GroupCommitOptions>>()?.Value));
        builder.Services.AddOptions<PresenceOptions>();
        builder.Services.TryAddSingleton<TerminalPresence>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TerminalPresence>());
        builder.Services.TryAddSingleton<PresenceConfirmer>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PresenceConfirmer>());
        return builder;
    }
}
