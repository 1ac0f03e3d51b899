using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

/// <summary>The SQLite data directory is owner-only: a local user cannot copy the database (API-key
/// hashes, encrypted keys, pairing state) or the CA passphrase.</summary>
public sealed class DataDirectoryTests
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    [Fact]
    public async Task A_fresh_data_directory_and_every_file_in_it_are_owner_only_and_wider_modes_are_narrowed_at_start()
    {
        if (OperatingSystem.IsWindows()) return;
        var parent = Directory.CreateTempSubdirectory("fleet-datadir-").FullName;
        var data = Path.Combine(parent, "data"); // does not exist yet: Fleet creates it
        try
        {
            await using (var server = await FleetServer.StartAsync(new() { ["Fleet:DataDirectory"] = data }))
            {
                // A write, so the WAL and shared-memory files exist while the host runs.
                Assert.Equal(HttpStatusCode.Created, (await server.Client().PutJsonAsync($"/api/v1/stores/{Unique.Id("perm")}",
                    new { name = "Permissions", timeZone = "Europe/Stockholm" })).StatusCode);
                Assert.Equal(OwnerDirectory, File.GetUnixFileMode(data));
                foreach (var name in new[] { "fleet.db", "fleet.db-wal", "fleet.db-shm", "ca-passphrase" })
                {
                    var path = Path.Combine(data, name);
                    Assert.True(File.Exists(path), name);
                    Assert.Equal(OwnerFile, File.GetUnixFileMode(path));
                }
                foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories))
                    Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(entry) & ~OwnerDirectory);

                // As an older Fleet or a careless copy left them.
                await server.StopAsync();
                File.SetUnixFileMode(data, OwnerDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                var wide = OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
                File.SetUnixFileMode(Path.Combine(data, "fleet.db"), wide);
                if (File.Exists(Path.Combine(data, "fleet.db-wal"))) File.SetUnixFileMode(Path.Combine(data, "fleet.db-wal"), wide);

                var mark = server.Logs.Mark();
                await server.StartAsync();
                Assert.Equal(OwnerDirectory, File.GetUnixFileMode(data));
                Assert.Equal(OwnerFile, File.GetUnixFileMode(Path.Combine(data, "fleet.db")));
                foreach (var entry in Directory.EnumerateFileSystemEntries(data))
                    Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(entry) & ~OwnerDirectory);
                var lines = server.Logs.Since(mark, "Fleet.DataDirectory");
                Assert.Contains(lines, l => l.Message.Contains(Path.Combine(data, "fleet.db") + ":") && l.Message.Contains("0644"));
                Assert.Contains(lines, l => l.Message.Contains(data + ":") && l.Message.Contains("0755"));
            }
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
