using System.Xml.Linq;
using Fleet.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Fleet.Server.DataProtection;

/// <summary>Keeps ASP.NET Core's data-protection key ring (what signs cookies and antiforgery
/// tokens) in Fleet's database, so that every silo of a cluster reads the same keys and a restart
/// does not sign everyone out. The elements arrive already encrypted by
/// <see cref="PassphraseXmlEncryptor"/>.</summary>
public sealed class DatabaseXmlRepository(FleetDatabase database) : IXmlRepository
{
    // IXmlRepository is synchronous; it is called when the key ring is (re)loaded, not per request.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_keys ORDER BY created_at_ms, id";
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO data_protection_keys (id, xml, created_at_ms) VALUES (@id, @xml, @created) ON CONFLICT (id) DO NOTHING";
        Add(command, "id", friendlyName);
        Add(command, "xml", element.ToString(SaveOptions.DisableFormatting));
        Add(command, "created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
