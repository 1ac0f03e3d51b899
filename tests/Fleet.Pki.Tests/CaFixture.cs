using Fleet.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Pki.Tests;

/// <summary>
/// One RSA-2048 CA (the production default) for the whole test assembly: RSA key generation and
/// PBKDF2 are slow, and every test can share a CA that it does not modify.
/// </summary>
public sealed class CaFixture : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    public CaFixture()
    {
        Protector = new KeyProtector(Passphrase);
        Material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions(), Protector, new FakeTimeProvider(Start));
        Ca = new CertificateAuthority(Material, Protector, new FakeTimeProvider(Start));
        Directory = System.IO.Directory.CreateTempSubdirectory("fleet-pki-tests-").FullName;
    }

    public KeyProtector Protector { get; }

    public CertificateAuthorityMaterial Material { get; }

    /// <summary>The shared CA; its clock stays at <see cref="Start"/>.</summary>
    public CertificateAuthority Ca { get; }

    /// <summary>Scratch directory for files handed to openssl.</summary>
    public string Directory { get; }

    /// <summary>Another instance over the same material whose clock a test may move.</summary>
    public (CertificateAuthority Ca, FakeTimeProvider Time) WithOwnClock()
    {
        var time = new FakeTimeProvider(Start);
        return (new CertificateAuthority(Material, Protector, time), time);
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        Ca.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
