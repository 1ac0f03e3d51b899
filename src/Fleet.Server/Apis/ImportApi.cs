using System.Text;
using System.Text.Json;
using Fleet.Common;
using Fleet.Import;
using Fleet.Server.Audit;
using Fleet.Server.Http;
using Fleet.Server.Import;
using Fleet.Server.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Fleet.Server.Apis;

/// <summary><c>POST /api/v1/import</c>: stores, terminals and POS in bulk, JSON or CSV, streamed.
/// Every row is validated and staged first and nothing is applied unless all pass; an accepted
/// import is recorded before it is applied, and completes even across a restart.</summary>
public static class ImportApi
{
    /// <summary>An import's body: a million terminal rows and fifty thousand stores as CSV take
    /// about 100 MB, as JSON about twice that; 512 MiB leaves room for long names and fields.</summary>
    public const long MaxBodyBytes = 512L * 1024 * 1024;
    private static readonly TimeSpan WaitForCompletion = TimeSpan.FromSeconds(20);

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/import").WithTags("Import").RequireAuthorization(FleetPolicies.Operator);
        group.MapPost("/", Post).WithName("Import")
            .Accepts<object>("application/json", "text/csv")
            .WithSummary("Bulk import (JSON or CSV): all rows validated, then applied all-or-nothing; 200 when done, 202 with a job to poll when large.");
        group.MapGet("/{jobId}", Get).WithName("GetImportJob").WithSummary("An import job's progress.");
        return routes;
    }

    private static async Task<IResult> Post(HttpContext context, ImportIntake intake, IGrainFactory grains, AuditTrail audit, CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;

        IAsyncEnumerable<ImportRecord> records;
        try
        {
            records = ImportParser.Open(context.Request, ct);
        }
        catch (NotSupportedException e)
        {
            return Problems.UnsupportedMediaType(e.Message);
        }

        // The job id names the staged rows from the first chunk on.
        var jobId = Guid.NewGuid().ToString("N");
        ImportIntakeResult received;
        try
        {
            received = await intake.ReceiveAsync(jobId, records, ct);
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return Problems.BadRequest("The import document cannot be read; nothing was imported.", "body", e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.PayloadTooLarge();
        }

        if (received.Import is not { } import)
        {
            return TypedResults.Problem(
                detail: received.RowsWithErrors > 0
                    ? $"{received.RowsWithErrors} row(s) have errors; nothing was imported."
                    : $"{received.Errors[0].Message} Nothing was imported.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "The import is not valid.",
                extensions: new Dictionary<string, object?>
                {
                    // The first errors in document order; errorCount says how many there are in all.
                    ["rows"] = received.Errors,
                    ["errorCount"] = received.ErrorCount,
                    ["rowsWithErrors"] = received.RowsWithErrors,
                });
        }

        var job = grains.GetGrain<IImportJobGrain>(jobId);
        var started = await job.StartStaged(import);
        if (!started.Succeeded)
        {
            await intake.DiscardAsync(jobId);
            return Problems.From(started);
        }
        // Accepted is the decision; the rows it applies are summarised here rather than one event each.
        await audit.RecordAsync("import.accepted", AuditTargets.Import, jobId,
            new { stores = import.Stores, terminals = import.Terminals, pos = import.Pos });

        var deadline = DateTime.UtcNow + WaitForCompletion;
        var progress = started.Value!;
        while (progress.Status != ImportJobStatus.Completed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
            progress = await job.Get() ?? progress;
        }
        return progress.Status == ImportJobStatus.Completed
            ? TypedResults.Ok(progress)
            : TypedResults.Accepted($"/api/v1/import/{jobId}", progress);
    }

    private static async Task<IResult> Get(string jobId, IGrainFactory grains)
    {
        if (!Ids.IsValid(jobId)) return Problems.NotFound($"Import job '{jobId}' does not exist.");
        var progress = await grains.GetGrain<IImportJobGrain>(jobId).Get();
        return progress is null ? Problems.NotFound($"Import job '{jobId}' does not exist.") : TypedResults.Ok(progress);
    }
}
