using Fleet.Server.Audit;

namespace Fleet.Server.Services;

public static class FleetServices
{
    /// <summary>The per-area application services the REST API and the dashboard share.</summary>
    public static IServiceCollection AddFleetServices(this IServiceCollection services) => services
        .AddHttpContextAccessor()
        .AddSingleton<AuditEventIds>()
        .AddSingleton<AuditTrail>()
        .AddSingleton<StoreService>()
        .AddSingleton<TerminalService>()
        .AddSingleton<PosService>()
        .AddSingleton<ApiKeyService>()
        .AddSingleton<DashboardUserService>()
        .AddSingleton<SetupCodeService>()
        .AddSingleton<CertificateService>()
        .AddSingleton<LicenceService>()
        .AddSingleton<CertificateAuthorityService>()
        .AddSingleton<OrderNPayService>();
}
