namespace Fleet.Server.Hosting;

/// <summary>
/// Keeps the SQLite data directory owner-only on Unix: the directory 0700, the database and its
/// <c>-wal</c>/<c>-shm</c> files 0600. The database holds API-key hashes, encrypted CA keys and
/// pairing state; a world-readable copy lets any local user attack them offline.
/// </summary>
/// <remarks>
/// SQLite creates a new database with 0644 (less the umask) but gives its <c>-wal</c> and
/// <c>-shm</c> files the mode of the database file, so creating an empty 0600 database file before
/// SQLite first opens it makes all three owner-only from their first byte. The CA passphrase file is
/// not tightened here: <see cref="Fleet.Pki.PassphraseFile"/> creates it 0600 and refuses to start
/// on a wider one, since a passphrase others could read must be treated as leaked, not quietly fixed.
/// </remarks>
public static class DataDirectoryPermissions
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly string[] DatabaseCompanions = ["", "-wal", "-shm", "-journal"];

    /// <summary>Creates or tightens <paramref name="directory"/> and the database file
    /// <paramref name="databaseFile"/> in it. Returns one line per path whose mode was narrowed,
    /// for the caller to log once logging is up.</summary>
    public static IReadOnlyList<string> Secure(string directory, string databaseFile)
    {
        if (OperatingSystem.IsWindows()) return [];
        var tightened = new List<string>();
        if (Directory.Exists(directory)) Tighten(directory, OwnerOnlyDirectory, tightened);
        else Directory.CreateDirectory(directory, OwnerOnlyDirectory);

        if (!File.Exists(databaseFile))
        {
            try
            {
                // Zero bytes is a valid, empty SQLite database.
                using var _ = new FileStream(databaseFile, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile,
                });
            }
            catch (IOException) when (File.Exists(databaseFile))
            {
                // Another process created it first: tightened below like any existing file.
            }
        }

        foreach (var suffix in DatabaseCompanions)
        {
            var path = databaseFile + suffix;
            if (File.Exists(path)) Tighten(path, OwnerOnlyFile, tightened);
        }
        return tightened;
    }

    private static void Tighten(string path, UnixFileMode allowed, List<string> tightened)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~allowed) == 0) return;
        File.SetUnixFileMode(path, mode & allowed);
        tightened.Add($"{path}: mode {Octal(mode)} narrowed to {Octal(mode & allowed)} (owner only)");
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
