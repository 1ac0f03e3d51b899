using System.Text;

namespace Fleet.Bench;

/// <summary>The synthetic estate: N terminals in stores of 20, stores in corporations of 50. Ids
/// are derived from the index, so every scenario can name any terminal or store without reading
/// anything back.</summary>
public sealed class BenchFleet(int terminals)
{
    public const int TerminalsPerStore = 20;
    public const int StoresPerCorporation = 50;

    public int Terminals { get; } = terminals;
    public int Stores => (Terminals + TerminalsPerStore - 1) / TerminalsPerStore;
    public int Rows => Terminals + Stores;

    public static string TerminalId(long i) => $"bench-t-{i:D7}";
    public static string StoreId(long s) => $"bench-s-{s:D6}";
    public static string CorporateId(long s) => $"bench-corp-{s / StoresPerCorporation:D5}";
    public int Corporations => (Stores + StoresPerCorporation - 1) / StoresPerCorporation;

    /// <summary>The heartbeat a terminal sends: the same every time for the same terminal, as most
    /// real heartbeats are (nothing changed since the last one).</summary>
    public static string HeartbeatJson(long i) =>
        $$"""{"appVersion":"5.2.0","ipAddress":"10.{{i / 65536 % 256}}.{{i / 256 % 256}}.{{i % 256}}","localPort":8443,"battery":87,"status":"ready"}""";

    /// <summary>The import, split into documents of at most <paramref name="maxRows"/> rows, each
    /// holding whole stores followed by their terminals, so every document stands on its own.</summary>
    public IEnumerable<(string Csv, int Rows)> ImportDocuments(int maxRows)
    {
        var storesPerDocument = Math.Max(1, maxRows / (TerminalsPerStore + 1));
        for (var first = 0; first < Stores; first += storesPerDocument)
        {
            var last = Math.Min(Stores, first + storesPerDocument);
            var csv = new StringBuilder("type,id,storeId,name,timeZone,corporateId,kind,serialNumber,model,appVersion\n");
            var rows = 0;
            for (var s = first; s < last; s++, rows++)
                csv.Append("store,").Append(StoreId(s)).Append(",,Bench store ").Append(s)
                    .Append(",Europe/Stockholm,").Append(CorporateId(s)).Append(",,,,\n");
            for (long i = (long)first * TerminalsPerStore; i < Math.Min(Terminals, (long)last * TerminalsPerStore); i++, rows++)
            {
                var pax = i % 3 == 0;
                csv.Append("terminal,").Append(TerminalId(i)).Append(',').Append(StoreId(i / TerminalsPerStore))
                    .Append(",,,,").Append(pax ? "pax" : "android").Append(",SN").Append(i.ToString("D8"))
                    .Append(',').Append(pax ? "A920" : "Sunmi P2").Append(",5.2.0\n");
            }
            yield return (csv.ToString(), rows);
        }
    }
}
