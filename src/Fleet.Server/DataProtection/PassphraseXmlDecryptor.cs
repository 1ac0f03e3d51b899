using System.Text;
using System.Xml.Linq;
using Fleet.Pki;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Fleet.Server.DataProtection;

/// <summary>The other half of <see cref="PassphraseXmlEncryptor"/>; created by the data-protection
/// system by type, with the service provider.</summary>
public sealed class PassphraseXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var protector = services.GetRequiredService<KeyProtector>();
        var plaintext = protector.Unprotect(Convert.FromBase64String(encryptedElement.Value));
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
