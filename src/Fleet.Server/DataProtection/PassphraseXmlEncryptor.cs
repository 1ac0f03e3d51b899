using System.Text;
using System.Xml.Linq;
using Fleet.Pki;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Fleet.Server.DataProtection;

/// <summary>Encrypts data-protection keys at rest with the same passphrase-derived AES-GCM as the
/// CA's private keys, so a copy of the database alone cannot forge cookies.</summary>
public sealed class PassphraseXmlEncryptor(KeyProtector protector) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedKey = protector.Protect(Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        return new EncryptedXmlInfo(
            new XElement("fleetEncryptedKey", Convert.ToBase64String(sealedKey)),
            typeof(PassphraseXmlDecryptor));
    }
}
