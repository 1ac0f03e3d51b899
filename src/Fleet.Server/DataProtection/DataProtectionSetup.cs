using Fleet.Pki;
using Fleet.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Fleet.Server.DataProtection;

public static class DataProtectionSetup
{
    /// <summary>One key ring for the whole fleet, in its database, encrypted with the CA passphrase.</summary>
    public static IServiceCollection AddFleetDataProtection(this IServiceCollection services, FleetDatabase database)
    {
        services.AddDataProtection().SetApplicationName("fleet");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
            {
                options.XmlRepository = new DatabaseXmlRepository(database);
                options.XmlEncryptor = new PassphraseXmlEncryptor(provider.GetRequiredService<KeyProtector>());
            }));
        return services;
    }
}
