using Fleet.Common;
using Fleet.Pos;
using Fleet.Storage.Import;
using Fleet.Stores;
using Fleet.Terminals;

namespace Fleet.Server.Import;

/// <summary>Checks one row on its own, with the same rules as the single-entity endpoints, and
/// turns it into the row to stage. Checks that need other rows (duplicate ids, store references)
/// are made over the staged rows by <see cref="ImportStaging.CheckAsync"/>.</summary>
public static class ImportValidator
{
    /// <summary>Rows in one import: a million terminals, their fifty thousand stores, and room to spare.</summary>
    public const int MaxRows = 1_100_000;

    /// <summary>The row to stage (null when its type or id is unusable, so no other row can refer
    /// to it) and what is wrong with it. A row with errors is still staged, marked invalid, so that
    /// a duplicate of it or a reference to it is judged as if it were right.</summary>
    public static (StagedImportRow? Staged, List<ImportRowError> Errors) Check(ImportRecord record, long seq)
    {
        var errors = new List<ImportRowError>();
        void Fail(string field, string message) =>
            errors.Add(new ImportRowError(record.Row, record.Type, record[IdFieldOrEmpty(record.Type)], field, message));

        foreach (var e in record.ReadErrors) Fail(e.Field, e.Message);
        if (!ImportFormat.Fields.TryGetValue(record.Type, out var allowed))
        {
            Fail("type", "'type' must be store, terminal or pos.");
            return (null, errors);
        }
        foreach (var (field, value) in record.Fields)
        {
            if (value is { Length: > 0 } && !allowed.Contains(field)) Fail(field, $"'{field}' does not apply to a {record.Type} row.");
        }

        var idField = ImportFormat.IdField(record.Type);
        var id = record[idField];
        FieldError? idError;
        if (record.Type == ImportFormat.Pos) (id, idError) = PosIds.Normalize(idField, id);
        else idError = Ids.Check(idField, id);
        if (idError is not null) Fail(idError.Field, idError.Message);

        StagedImportRow staged;
        IReadOnlyList<FieldError> fieldErrors;
        switch (record.Type)
        {
            case ImportFormat.Store:
                var store = new StoreDefinition(record["name"] ?? "", record["timeZone"] ?? "", record["corporateId"]);
                fieldErrors = store.Validate();
                staged = new StagedImportRow(seq, record.Row, StagedRowKind.Store, id ?? "",
                    Name: store.Name, TimeZone: store.TimeZone, CorporateId: store.CorporateId);
                break;
            case ImportFormat.Terminal:
                var kindKnown = TerminalKinds.TryParse(record["kind"], out var kind);
                if (!kindKnown) Fail("kind", "'kind' is required and must be android or pax.");
                var terminal = new TerminalDefinition(kind, record["serialNumber"] ?? "", record["storeId"] ?? "",
                    record["model"], record["appVersion"]);
                fieldErrors = terminal.Validate();
                staged = new StagedImportRow(seq, record.Row, StagedRowKind.Terminal, id ?? "",
                    StoreId: StoreReference(terminal.StoreId), TerminalKind: kindKnown ? kind.ToWire() : null,
                    SerialNumber: terminal.SerialNumber, Model: terminal.Model, AppVersion: terminal.AppVersion);
                break;
            default:
                var device = new PosDefinition(record["storeId"] ?? "", record["name"]);
                fieldErrors = device.Validate();
                // Staged under its Fleet id: "1" in two stores is two POS, "1" twice in one store a duplicate.
                staged = new StagedImportRow(seq, record.Row, StagedRowKind.Pos,
                    StoreReference(device.StoreId) is { } posStore && id is not null ? PosKey.Of(posStore, id) : id ?? "",
                    StoreId: StoreReference(device.StoreId), Name: device.Name);
                break;
        }
        foreach (var e in fieldErrors) Fail(e.Field, e.Message);
        return (idError is null ? staged with { Valid = errors.Count == 0 } : null, errors);
    }

    // A malformed store id is already an error of its own row; only well-formed ones are looked up.
    private static string? StoreReference(string storeId) => Ids.IsValid(storeId) ? storeId : null;

    private static string IdFieldOrEmpty(string type) =>
        ImportFormat.Fields.ContainsKey(type) ? ImportFormat.IdField(type) : "id";
}
