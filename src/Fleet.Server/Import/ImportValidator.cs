using Fleet.Common;
using Fleet.Import;
using Fleet.Pos;
using Fleet.Storage.ReadModel;
using Fleet.Stores;
using Fleet.Terminals;

namespace Fleet.Server.Import;

/// <summary>Validates every row of an import before anything is written: each row's fields with
/// the same rules as the single-entity endpoints, duplicate ids within the document, and every
/// store a terminal or POS names (in the document or already in the fleet, checked in one
/// query per 500 ids).</summary>
public sealed class ImportValidator(FleetReadModel readModel)
{
    public const int MaxRows = 200_000;

    public async Task<(ImportBatch? Batch, IReadOnlyList<ImportRowError> Errors)> ValidateAsync(
        IReadOnlyList<ImportRecord> records, CancellationToken ct)
    {
        var errors = new List<ImportRowError>();
        if (records.Count == 0) errors.Add(new ImportRowError("document", "", null, "rows", "The import has no rows."));
        if (records.Count > MaxRows)
            errors.Add(new ImportRowError("document", "", null, "rows", $"An import holds at most {MaxRows} rows; split it."));
        if (errors.Count > 0) return (null, errors);

        var stores = new List<ImportRow<StoreDefinition>>();
        var terminals = new List<(ImportRecord Record, ImportRow<TerminalDefinition> Row)>();
        var pos = new List<(ImportRecord Record, ImportRow<PosDefinition> Row)>();
        var seen = new Dictionary<(string Type, string Id), string>();

        foreach (var record in records)
        {
            void Fail(string field, string message) =>
                errors.Add(new ImportRowError(record.Row, record.Type, record[IdFieldOrEmpty(record.Type)], field, message));

            foreach (var e in record.ReadErrors) Fail(e.Field, e.Message);
            if (!ImportFormat.Fields.TryGetValue(record.Type, out var allowed))
            {
                Fail("type", "'type' must be store, terminal or pos.");
                continue;
            }
            foreach (var field in record.Fields.Keys.Where(f => !allowed.Contains(f)))
            {
                if (record.Fields[field] is { Length: > 0 })
                    Fail(field, $"'{field}' does not apply to a {record.Type} row.");
            }

            var idField = ImportFormat.IdField(record.Type);
            var id = record[idField];
            var idError = Ids.Check(idField, id);
            if (idError is not null) Fail(idError.Field, idError.Message);
            else if (!seen.TryAdd((record.Type, id!), record.Row))
                Fail(idField, $"{record.Type} '{id}' appears twice in the import (first at {seen[(record.Type, id!)]}).");

            IReadOnlyList<FieldError> fieldErrors;
            switch (record.Type)
            {
                case ImportFormat.Store:
                    var store = new StoreDefinition(record["name"] ?? "", record["timeZone"] ?? "", record["corporateId"]);
                    fieldErrors = store.Validate();
                    if (idError is null) stores.Add(new ImportRow<StoreDefinition>(id!, store));
                    break;
                case ImportFormat.Terminal:
                    if (!TerminalKinds.TryParse(record["kind"], out var kind))
                        Fail("kind", "'kind' is required and must be android or pax.");
                    var terminal = new TerminalDefinition(kind, record["serialNumber"] ?? "", record["storeId"] ?? "",
                        record["model"], record["appVersion"]);
                    fieldErrors = terminal.Validate();
                    if (idError is null) terminals.Add((record, new ImportRow<TerminalDefinition>(id!, terminal)));
                    break;
                default:
                    var device = new PosDefinition(record["storeId"] ?? "", record["name"]);
                    fieldErrors = device.Validate();
                    if (idError is null) pos.Add((record, new ImportRow<PosDefinition>(id!, device)));
                    break;
            }
            foreach (var e in fieldErrors) Fail(e.Field, e.Message);
        }

        await CheckStoreReferencesAsync(stores, terminals.Select(t => (t.Record, t.Row.Definition.StoreId))
            .Concat(pos.Select(p => (p.Record, p.Row.Definition.StoreId))).ToList(), errors, ct);

        return errors.Count > 0
            ? (null, errors)
            : (new ImportBatch(stores, terminals.Select(t => t.Row).ToArray(), pos.Select(p => p.Row).ToArray()), errors);
    }

    private async Task CheckStoreReferencesAsync(
        List<ImportRow<StoreDefinition>> stores, List<(ImportRecord Record, string StoreId)> references,
        List<ImportRowError> errors, CancellationToken ct)
    {
        var inImport = stores.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var elsewhere = references.Select(r => r.StoreId).Where(s => Ids.IsValid(s) && !inImport.Contains(s)).ToHashSet();
        var existing = elsewhere.Count == 0 ? new HashSet<string>() : await readModel.ExistingStoreIdsAsync(elsewhere, ct);
        foreach (var (record, storeId) in references)
        {
            if (Ids.IsValid(storeId) && !inImport.Contains(storeId) && !existing.Contains(storeId))
                errors.Add(new ImportRowError(record.Row, record.Type, record[ImportFormat.IdField(record.Type)], "storeId",
                    $"Store '{storeId}' is neither in the import nor in the fleet."));
        }
    }

    private static string IdFieldOrEmpty(string type) =>
        ImportFormat.Fields.ContainsKey(type) ? ImportFormat.IdField(type) : "id";
}
