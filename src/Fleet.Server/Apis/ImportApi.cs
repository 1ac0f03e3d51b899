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

/// <summary><c>POST /api/v1/import</c>: stores, terminals and POS in bulk, JSON or CSV. Every row is
/// validated first and nothing is written unless all pass; an accepted import is recorded before
/// it is applied, and completes even across a restart.</summary>
public static class ImportApi
{
    public const long MaxBodyBytes = 32 * 1024 * 1024;
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

    private static async Task<IResult> Post(HttpContext context, ImportValidator validator, IGrainFactory grains, AuditTrail audit, CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;

        List<ImportRecord> records;
        try
        {
            records = await ImportParser.ParseAsync(context.Request, ct);
        }
        catch (NotSupportedException e)
        {
            return Problems.UnsupportedMediaType(e.Message);
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return Problems.BadRequest("The import document cannot be read; nothing was imported.", "body", e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.PayloadTooLarge();
        }

        var (batch, errors) = await validator.ValidateAsync(records, ct);
        if (batch is null)
        {
            return TypedResults.Problem(
                detail: $"{errors.Select(e => e.Row).Distinct().Count()} row(s) have errors; nothing was imported.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "The import is not valid.",
                extensions: new Dictionary<string, object?> { ["rows"] = errors });
        }

        var jobId = Guid.NewGuid().ToString("N");
        var job = grains.GetGrain<IImportJobGrain>(jobId);
        var started = await job.Start(batch);
        if (!started.Succeeded) return Problems.From(started);
        // Accepted is the decision; the rows it applies are summarised here rather than one event each.
        await audit.RecordAsync("import.accepted", AuditTargets.Import, jobId,
            new { stores = batch.Stores.Count, terminals = batch.Terminals.Count, pos = batch.Pos.Count });

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
