using Fleet.Common;
using Fleet.Health;
using Fleet.Pairing;
using Fleet.OrderNPay;
using Fleet.Pki;
using Fleet.Server.Apis;
using Fleet.Server.DataProtection;
using Fleet.Server.Dashboard;
using Fleet.Server.Enrolment;
using Fleet.Server.Services;
using Orleans.Dashboard;
using Fleet.Server.Health;
using Fleet.Server.Http;
using Fleet.Server.Import;
using Fleet.Server.Pairing;
using Fleet.Server.Licences;
using Fleet.Server.OrderNPay;
using Fleet.Server.Pki;
using Fleet.Server.Security;
using Fleet.Server.Throttling;
using Fleet.Storage;
using Fleet.Storage.GroupCommit;
using Fleet.Storage.Presence;
using Fleet.Storage.ReadModel;
using Fleet.Storage.Import;
using Fleet.Terminals;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace Fleet.Server.Hosting;

/// <summary>Composes the Fleet host: an Orleans silo, the REST API and the dashboard in one
/// process. Tests build it the same way, with their own configuration.</summary>
public static class FleetApplication
{
    /// <param name="contentRoot">Where <c>appsettings.json</c> and <c>wwwroot</c> are; the process's
    /// working directory when null (how tests host it in-process).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        // The application name locates the dashboard's static web assets manifest, also when the
        // host is started in-process by a test runner.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(FleetApplication).Assembly.GetName().Name,
            ContentRootPath = contentRoot,
        });
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        // ASP.NET Core's per-request lines print the full query string, and the Order N Pay
        // contract puts a bearer token there (wss://host/?token=…): keep those lines out of the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        var fleet = configuration.GetSection(FleetOptions.Section).Get<FleetOptions>() ?? new FleetOptions();
        var database = FleetDatabases.Create(fleet, configuration, out var tightened);
        await database.EnsureSchemaAsync();
        builder.Services.AddSingleton(database);

        builder.Services.TryAddFleetClock();
        builder.Services.TryAddSingleton(TimeProvider.System); // real time, for ages and cache lifetimes
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section)
            .Validate(o => o.OfflineAfter > TimeSpan.Zero, "Fleet:Health: OfflineAfter must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<GroupCommitOptions>().BindConfiguration(GroupCommitOptions.Section)
            .Validate(o => !o.Validate().Any(), "Fleet:GroupCommit: MaxBatchSize 1–10000, MaxDelay 0–100 ms, Writers 0–64.")
            .ValidateOnStart();
        builder.Services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section)
            .Validate(o => !o.Validate().Any(), "Fleet:Presence:FlushInterval must be more than 0 and at most 10 s.")
            .ValidateOnStart();
        builder.Services.AddOptions<FleetEndpointOptions>().BindConfiguration(FleetEndpointOptions.Section);
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        builder.Services.AddOptions<ApiKeyCacheOptions>().BindConfiguration(ApiKeyCacheOptions.Section)
            .Validate(o => o.IsValid, "Fleet:ApiKeys:VerificationCacheTtl must be between 0 and 5 s, VerificationCacheSize not negative, "
                + "Guessing:Limit at least 1 and Guessing:Window positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyVerificationCache>();
        AddBrakes(builder.Services);
        builder.Services.AddOptions<CertificateAuthorityOptions>().BindConfiguration("Fleet:Pki:Authority");
        var passphrase = ResolvePassphrase(fleet, configuration);
        builder.Services.AddSingleton(new KeyProtector(passphrase));
        builder.Services.AddSingleton(DeploymentKeys.FromPassphrase(passphrase));
        builder.Services.AddSingleton<ApiKeyHasher>();
        builder.Services.AddFleetDataProtection(database);
        builder.Services.AddSingleton<FleetReadModel>();
        builder.Services.AddOptions<HealthSnapshotOptions>().BindConfiguration(HealthSnapshotOptions.Section)
            .Validate(o => o.IsValid, "Fleet:Health:SnapshotMaxAge must be more than zero and at most an hour.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IFleetHealthSource, FleetHealthComputation>();
        builder.Services.AddSingleton<FleetHealthService>();
        builder.Services.AddSingleton<ImportStaging>();
        builder.Services.AddSingleton<ImportIntake>();
        builder.Services.AddOptions<OrderNPayOptions>().BindConfiguration(OrderNPayOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OrderNPayOptions>, OrderNPayOptionsValidator>();
        builder.Services.AddSingleton<IFleetHealthSection, OrderNPayHealthSection>();
        builder.Services.AddSingleton<AuthorityHost>();
        builder.Services.AddSingleton<ISiloAuthority>(sp => sp.GetRequiredService<AuthorityHost>());
        AddPairing(builder.Services, passphrase);
        builder.Services.AddSingleton<LicenceSigner>();
        builder.Services.AddSingleton<IFleetHealthSection, LicenceHealthSection>();
        builder.Services.AddFleetServices();

        builder.UseOrleans(silo =>
        {
            FleetSilo.Configure(silo, fleet, database, configuration);
            if (configuration.GetValue($"{Dashboard.DashboardOptions.Section}:OrleansDashboard", false)) silo.AddDashboard();
        });
        // Registered after the silo so that they run once it is up, and before Kestrel listens.
        builder.Services.AddHostedService<AuthorityStartup>();
        builder.Services.AddHostedService<ApiKeyBootstrapper>();
        builder.Services.AddHostedService<ImportResumer>();
        builder.Services.AddHostedService<AuthorityRefresher>();

        FleetKestrel.Configure(builder);

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<FleetExceptionHandler>();
        builder.Services.AddFleetAuthentication();
        builder.Services.AddSingleton<IAuthorizationHandler, FleetPolicies.MinimumRoleHandler>();
        builder.Services.AddAuthorizationBuilder().AddFleetPolicies().AddLicencePolicies();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        builder.AddFleetDashboard();

        var app = builder.Build();
        var dataDirectoryLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fleet.DataDirectory");
        foreach (var line in tightened) dataDirectoryLog.LogWarning("Data directory permissions: {Change}", line);
        app.UseFleetSecurityHeaders();
        app.UseExceptionHandler();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseStatusCodePages();
        // PowerEPOS connects to wss://{host}/?token=…; only WebSocket upgrades to '/' are taken.
        app.UsePowerEposSocketAtRoot();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/healthz/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        app.MapCaApi();
        app.MapStoresApi();
        app.MapTerminalsApi();
        app.MapPosApi();
        app.MapFleetHealthApi();
        app.MapApiKeysApi();
        app.MapImportApi();
        app.MapPairingApi();
        app.MapCertificatesApi();
        app.MapDeviceApi();
        app.MapEnrolmentApi();
        app.MapTerminalDeviceApi();
        app.MapActivationsApi();
        app.MapLicenceApi();
        app.MapPowerEposApi();
        app.MapOrderNPayApi();
        app.MapAuditApi();
        app.MapFleetDashboard();
        return app;
    }

    /// <summary>The brakes on guessing and their settings: one throttle (cluster-wide counts in
    /// <c>IThrottleGrain</c>, see <see cref="Brakes"/>) behind every one of them, and the per-silo
    /// bound on slow hashing.</summary>
    private static void AddBrakes(IServiceCollection services)
    {
        services.AddSingleton<Brakes>();
        services.AddOptions<HashingOptions>().BindConfiguration(HashingOptions.Section)
            .Validate(o => !o.Problems().Any(), $"{HashingOptions.Section}: Concurrency at least 1, QueueTimeout 0 to 1 minute.")
            .ValidateOnStart();
        services.AddSingleton<HashingGate>();
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section)
            .Validate(o => !o.Problems().Any(), $"{SignInOptions.Section}: each brake needs Limit at least 1 and a positive Window; DeviceLifetime positive.")
            .ValidateOnStart();
        services.AddSingleton<SignInDevices>();
        services.AddOptions<LicenceOptions>().BindConfiguration(LicenceOptions.Section)
            .Validate(o => !o.Problems().Any(), $"{LicenceOptions.Section}:Activations needs Limit at least 1 and a positive Window.")
            .ValidateOnStart();
        services.AddSingleton<OrderNPayAuthenticator>();
    }

    /// <summary>Setup codes, the device listener's client-certificate gate, pairing and revocation.</summary>
    private static void AddPairing(IServiceCollection services, string passphrase)
    {
        services.AddOptions<PairingOptions>().BindConfiguration(PairingOptions.Section)
            .Validate(o => !o.Validate().Any(), "Fleet:Pairing is not valid (see PairingOptions.Validate).")
            .ValidateOnStart();
        // Every silo derives the same code-check secret from the shared CA passphrase.
        services.AddSingleton(new SetupCodes(SetupCodes.DeriveKey(passphrase)));
        services.AddSingleton<SetupCodeSecrets>(); // codes at rest: keyed index and seed, never the code
        services.AddSingleton<DeviceAddress>();
        services.AddSingleton<PairingService>();
        services.AddSingleton<ClientCertificateGate>();
        AddEnrolment(services, passphrase);
        services.AddSingleton<CertificateEvents>();
        services.AddSingleton<OcspService>();
        services.AddSingleton<MatcherPolicy, ListenerMatcherPolicy>();
        services.AddSingleton<IFleetHealthSection, CertificatesHealthSection>();
    }

    /// <summary>Terminals' own identity: enrolment codes and terminal certificates.</summary>
    private static void AddEnrolment(IServiceCollection services, string passphrase)
    {
        services.AddOptions<EnrolmentOptions>().BindConfiguration(EnrolmentOptions.Section)
            .Validate(o => !o.Validate().Any(), "Fleet:Enrolment is not valid (see EnrolmentOptions.Validate).")
            .ValidateOnStart();
        // Every silo derives the same hashing key from the shared CA passphrase; the derivation
        // (PBKDF2) runs on first use, not at start-up.
        services.AddSingleton(_ => new EnrolmentCodes(EnrolmentCodes.DeriveKey(passphrase)));
        services.AddSingleton<EnrolmentService>();
    }

    private static string ResolvePassphrase(FleetOptions fleet, IConfiguration configuration)
    {
        var configured = configuration[$"{PkiOptions.Section}:KeyPassphrase"];
        if (!string.IsNullOrEmpty(configured)) return configured;
        if (fleet.Storage == StorageMode.Postgres)
            throw new InvalidOperationException(
                "Fleet:Pki:KeyPassphrase must be set in PostgreSQL mode: every silo needs the same passphrase to use the CA keys.");
        Directory.CreateDirectory(fleet.DataDirectory);
        return PassphraseFile.LoadOrCreate(Path.Combine(fleet.DataDirectory, "ca-passphrase"));
    }

    // Fleet time is its own service (tests replace it with a fake clock); the Orleans runtime keeps
    // the real TimeProvider.
    private static void TryAddFleetClock(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(FleetClock))) services.AddSingleton(FleetClock.System);
    }
}
