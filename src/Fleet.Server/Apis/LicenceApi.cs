using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Common;
using Fleet.Licences;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Licences;
using Fleet.Server.Throttling;
using Microsoft.Extensions.Options;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary>The srv4pos activation contract, at the paths of the document: activation and renewal
/// (<c>POST /activations-advanced</c>), <c>/auth/handshake</c>, the signed ActivationDescriptor
/// (<c>/activations/activation-code</c>) and the key that verifies it.</summary>
public static class LicenceApi
{
    public static IEndpointRouteBuilder MapLicenceApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Licences (srv4pos)");
        group.MapPost(LicenceRoutes.Activations, Activate).AllowAnonymous()
            .WithName("CreateActivation").Accepts<ActivationRequest>("application/json")
            .WithSummary("Activates a cash register (201, key shown once), or renews its key with productionNumber + apiKey (200).");
        group.MapMethods(LicenceRoutes.Handshake, ["GET", "POST"], Handshake).RequireAuthorization(LicencePolicies.Usable)
            .WithName("LicenceHandshake").WithSummary("The licence's status; 403 with a reason while it cannot be used.");
        group.MapGet(LicenceRoutes.ActivationCode, ActivationCode).RequireAuthorization(LicencePolicies.Usable)
            .WithName("GetActivationCode").WithSummary("The signed ActivationDescriptor.");
        group.MapPost(LicenceRoutes.ActivationCode, ActivationCodeWithFields).RequireAuthorization(LicencePolicies.Usable)
            .WithName("PostActivationCode").Accepts<ActivationCodeRequest>("application/json")
            .WithSummary("The signed ActivationDescriptor with the caller's custom fields.");
        group.MapGet(LicenceRoutes.PublicKey, PublicKey).AllowAnonymous()
            .WithName("GetActivationPublicKey").WithSummary("The public key (PEM) that verifies activation codes.");
        return routes;
    }

    /// <summary>Anonymous, so braked per client address cluster-wide: each new activation and each
    /// renewal refused for its key counts (<c>Fleet:Licences:Activations</c>); past the limit, 429 with
    /// <c>Retry-After</c> before the body is even read. Answers never depend on whether the corporate
    /// id or posId names anything in the fleet.</summary>
    private static async Task<IResult> Activate(
        HttpRequest request, IGrainFactory grains, FleetReadModel readModel, FleetClock time,
        Brakes brakes, IOptions<LicenceOptions> options, CancellationToken ct)
    {
        var brake = brakes.For("activations", () => options.Value.Activations.Policy);
        var address = ClientAddresses.KeyOf(request.HttpContext.Connection.RemoteIpAddress);
        if (await brake.RetryAfterAsync(address) is { } wait)
            return RetryAfter.TooManyRequests(request.HttpContext.Response, wait,
                $"Too many activations from this address; try again in {RetryAfter.Seconds(wait)} seconds.");
        var (body, error) = await JsonBody.ReadAsync<ActivationRequest>(request, ct);
        if (error is not null) return error;
        var (result, counts) = body!.ProductionNumber is null
            ? await CreateAsync(body, grains, readModel, time, ct)
            : await RenewAsync(body, request, grains, time);
        if (counts) await brake.CountUseAsync(address);
        return result;
    }

    /// <summary>The answer, and whether it counts against the client's address (an activation made).</summary>
    private static async Task<(IResult Result, bool Counts)> CreateAsync(
        ActivationRequest body, IGrainFactory grains, FleetReadModel readModel, FleetClock time, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (body.ApiKey is not null)
            errors.Add(new FieldError("apiKey", "'apiKey' is only sent to renew, together with 'productionNumber'."));
        var (auxiliary, auxiliaryJson) = ReadAuxiliary(body.Auxiliary, errors);
        var definition = new ActivationDefinition(body.CashRegisterName ?? "", body.DeviceId ?? "", body.CorporateId ?? "",
            body.ApplicationPackage ?? "", body.PosId, auxiliary, auxiliaryJson.Count > 0 ? auxiliaryJson : null);
        errors.AddRange(definition.Validate());
        errors.AddRange(LicencePeriod.Validate(body.ValidFrom, body.ValidTo, time.GetUtcNow()));
        if (errors.Count > 0) return (Problems.Validation("The activation is not valid.", errors), false);
        // A corporate id no store declares is not refused: the activation waits for approval like
        // every other, and headquarters sees it flagged "unknown company" (derived on read).

        // A collision of 60-bit random production numbers is all but impossible; the grain refuses
        // one anyway and a fresh number is drawn.
        for (var attempt = 0; ; attempt++)
        {
            var productionNumber = ProductionNumbers.Generate();
            var key = LicenceKeyFormat.Generate(productionNumber);
            var result = await grains.GetGrain<IActivationGrain>(productionNumber)
                .Create(definition, body.ValidFrom!.Value, body.ValidTo!.Value, LicenceKeyFormat.Hash(key));
            if (result.Status == CommandStatus.Conflict && attempt < 3) continue;
            if (!result.Succeeded) return (Problems.From(result), false);
            var view = result.Value!;
            return (TypedResults.Created($"/api/v1/activations/{productionNumber}", Issued(view, key, time.GetUtcNow())), true);
        }
    }

    /// <summary>The answer, and whether it counts against the client's address (a key refused).</summary>
    private static async Task<(IResult Result, bool Counts)> RenewAsync(ActivationRequest body, HttpRequest request, IGrainFactory grains, FleetClock time)
    {
        var errors = new List<FieldError>();
        // A renewal may repeat the activation's fields (a Java client sends its whole object); the
        // grain refuses one that differs, once the key is known good. Auxiliary fields are the
        // activation's data too and are kept as they were.
        var repeated = new Dictionary<string, string?>
        {
            ["cashRegisterName"] = body.CashRegisterName, ["deviceId"] = body.DeviceId, ["corporateId"] = body.CorporateId,
            ["applicationPackage"] = body.ApplicationPackage, ["posId"] = body.PosId,
        }.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value);
        if (!ProductionNumbers.IsValid(body.ProductionNumber))
            errors.Add(new FieldError("productionNumber", "'productionNumber' is not a production number Fleet issues."));
        var key = body.ApiKey ?? LicenceCredentials.PresentedKey(request);
        if (key is null) errors.Add(new FieldError("apiKey", "'apiKey' (or the key in the Authorization header) is required to renew."));
        errors.AddRange(LicencePeriod.Validate(body.ValidFrom, body.ValidTo, time.GetUtcNow()));
        if (errors.Count > 0) return (Problems.Validation("The renewal is not valid.", errors), false);

        if (LicenceKeyFormat.ProductionNumberOf(key!) != body.ProductionNumber)
            return (LicenceProblems.Result(LicenceProblems.Unauthorized()), true);
        var newKey = LicenceKeyFormat.Generate(body.ProductionNumber!);
        var outcome = await grains.GetGrain<IActivationGrain>(body.ProductionNumber!)
            .Renew(LicenceKeyFormat.Hash(key!), body.ValidFrom!.Value, body.ValidTo!.Value, LicenceKeyFormat.Hash(newKey), repeated);
        var now = time.GetUtcNow();
        return outcome.Status switch
        {
            RenewalStatus.Renewed => (TypedResults.Ok(Issued(outcome.View!, newKey, now)), false),
            RenewalStatus.Refused => (LicenceProblems.Result(LicenceProblems.Refused(outcome.View!, outcome.View!.StatusAt(now))), false),
            RenewalStatus.Invalid => (Problems.Validation("The renewal is not valid.", outcome.Errors), false),
            _ => (LicenceProblems.Result(LicenceProblems.Unauthorized()), true),
        };
    }

    private static IResult Handshake(HttpContext context, FleetClock time)
    {
        var view = LicenceAuthenticationHandler.Activation(context)!;
        var now = time.GetUtcNow();
        var status = view.StatusAt(now);
        return TypedResults.Ok(new HandshakeResource(view.ProductionNumber, view.Definition.CashRegisterName, status.ToWire(),
            view.ValidFrom, view.ValidTo, (int)Math.Ceiling((view.ValidTo - now).TotalDays),
            LicenceStatusRules.IsExpiringSoon(status, view.ValidTo, now)));
    }

    private static Task<IResult> ActivationCode(HttpContext context, LicenceSigner signer, FleetClock time) =>
        SignAsync(context, signer, time, new Dictionary<string, string>());

    private static async Task<IResult> ActivationCodeWithFields(
        HttpContext context, LicenceSigner signer, FleetClock time, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<ActivationCodeRequest>(context.Request, ct);
        if (error is not null) return error;
        var fields = body!.CustomFields ?? new Dictionary<string, string>();
        var errors = ActivationDefinition.ValidateFields("customFields", fields, ActivationDescriptor.MaxCustomFields).ToArray();
        if (errors.Length > 0) return Problems.Validation("The custom fields are not valid.", errors);
        return await SignAsync(context, signer, time, fields);
    }

    private static async Task<IResult> SignAsync(
        HttpContext context, LicenceSigner signer, FleetClock time, IReadOnlyDictionary<string, string> customFields)
    {
        var view = LicenceAuthenticationHandler.Activation(context)!;
        var now = time.GetUtcNow();
        var key = await signer.GetAsync();
        var bytes = CanonicalJson.Serialize(ActivationDescriptor.Build(view, view.StatusAt(now), customFields, now, key.KeyId));
        var (signature, _) = await signer.SignAsync(bytes);
        return TypedResults.Ok(new ActivationCodeResource(
            JsonNode.Parse(bytes)!, Convert.ToBase64String(bytes), Convert.ToBase64String(signature),
            key.Algorithm, key.KeyId, LicenceRoutes.PublicKey));
    }

    private static async Task<IResult> PublicKey(LicenceSigner signer) =>
        TypedResults.Text((await signer.GetAsync()).PublicKeyPem, "application/x-pem-file");

    private static ActivationIssuedResource Issued(ActivationView view, string key, DateTimeOffset now) =>
        new(view.ProductionNumber, key, view.StatusAt(now).ToWire(), view.Definition.CashRegisterName, view.ValidFrom, view.ValidTo);

    /// <summary>The auxiliary fields: strings as text; null, numbers and booleans as their JSON text,
    /// exactly as sent; objects and arrays are refused.</summary>
    private static (Dictionary<string, string> Text, Dictionary<string, string> Json) ReadAuxiliary(
        Dictionary<string, JsonElement>? fields, List<FieldError> errors)
    {
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields ?? [])
        {
            var field = name.Length <= 32 ? name : name[..32];
            try
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String: text[name] = value.GetString()!; break;
                    case JsonValueKind.Null or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                        json[name] = value.GetRawText();
                        break;
                    default:
                        errors.Add(new FieldError(field, $"Auxiliary field '{field}' must be a string, number, boolean or null."));
                        break;
                }
            }
            catch (InvalidOperationException)
            {
                errors.Add(new FieldError(field, $"Auxiliary field '{field}' holds a lone UTF-16 surrogate escape, which is not text."));
            }
        }
        return (text, json);
    }
}
