using Fleet.Pki;

namespace Fleet.Pki.Tests;

// File modes are a Unix concept; Fleet runs its CA on Linux.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PassphraseFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-passphrase-").FullName;

    [Fact]
    public void CreatesA0600FileWith32RandomBytesAndReadsItBack()
    {
        var path = Path.Combine(_directory, "nested", "ca.pass");

        var created = PassphraseFile.LoadOrCreate(path);

        Assert.Equal(32, Convert.FromBase64String(created).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(created, PassphraseFile.LoadOrCreate(path));
        Assert.NotEqual(created, PassphraseFile.LoadOrCreate(Path.Combine(_directory, "other.pass")));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    public void RefusesAFileOthersCanAccess(UnixFileMode extra)
    {
        var path = Path.Combine(_directory, "loose.pass");
        PassphraseFile.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var ex = Assert.Throws<InvalidOperationException>(() => PassphraseFile.LoadOrCreate(path));
        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsAnExistingOperatorProvidedFile()
    {
        var path = Path.Combine(_directory, "given.pass");
        File.WriteAllText(path, "operator chosen passphrase\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead);

        Assert.Equal("operator chosen passphrase", PassphraseFile.LoadOrCreate(path));
    }

    [Fact]
    public void RefusesAnEmptyFile()
    {
        var path = Path.Combine(_directory, "empty.pass");
        File.WriteAllText(path, "  \n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<InvalidOperationException>(() => PassphraseFile.LoadOrCreate(path));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
