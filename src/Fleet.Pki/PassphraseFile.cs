using System.Security.Cryptography;
using System.Text;

namespace Fleet.Pki;

/// <summary>
/// The passphrase that protects the CA keys, kept in a file only the service account can read.
/// </summary>
public static class PassphraseFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Reads the passphrase at <paramref name="path"/>, or creates the file with 32 random bytes
    /// (base64) and mode 0600 when it does not exist.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is accessible by group or others, or empty.</exception>
    public static string LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            var created = TryCreate(path);
            if (created is not null)
            {
                return created;
            }
        }

        // A key file others can read is as good as no encryption: fail loudly instead of carrying on.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                throw new InvalidOperationException(
                    $"The CA passphrase file '{path}' is accessible by group or others (mode {Convert.ToString((int)mode, 8)}); " +
                    $"run 'chmod 600 {path}' and make sure only the service account owns it.");
            }
        }

        var passphrase = File.ReadAllText(path, Encoding.UTF8).Trim();
        if (passphrase.Length == 0)
        {
            throw new InvalidOperationException($"The CA passphrase file '{path}' is empty.");
        }

        return passphrase;
    }

    // Returns null when another process created the file first; the caller then reads theirs.
    private static string? TryCreate(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var passphrase = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the first byte, never briefly world-readable (umask can only remove bits).
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.Write(passphrase);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }

        return passphrase;
    }
}
