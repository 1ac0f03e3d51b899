using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization;

namespace Fleet.Server.Http;

/// <summary>Reads a JSON request body ourselves rather than through parameter binding, so that
/// every mistake (malformed JSON, a wrong type, an unknown field, an oversized body) gets a
/// problem-details answer that says exactly what and where.</summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
        AllowTrailingCommas = false,
    };

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType("Send the body as application/json."));
        try
        {
            // Read whole (Kestrel bounds the size) so the text can be checked before it is parsed:
            // the parser leaves strings undecoded until asked, so invalid UTF-8 or a lone surrogate
            // escape would otherwise surface later, wherever a field is first read.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            var json = Utf8Text.WithoutBom(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (!Utf8.IsValid(json.Span))
                return (null, Problems.BadRequest("The request body is not valid UTF-8.", "body", "Send the JSON as UTF-8 text."));
            var value = JsonSerializer.Deserialize<T>(json.Span, Options);
            return value is null
                ? (null, Problems.BadRequest("The request body must be a JSON object.", "body", "A JSON object is required."))
                : (value, null);
        }
        catch (InvalidOperationException)
        {
            return (null, Problems.BadRequest("The request body is not valid JSON for this endpoint.", "body",
                "A string holds a lone UTF-16 surrogate escape (such as \\ud800), which is not text."));
        }
        catch (JsonException e)
        {
            var field = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Problems.BadRequest("The request body is not valid JSON for this endpoint.", field, Describe(e)));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.PayloadTooLarge());
        }
    }

    // The serializer's messages name .NET types; keep the part a script author can act on.
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        message = message.Replace("System.", "", StringComparison.Ordinal);
        return e.LineNumber is { } line
            ? $"{message} (line {line + 1}, position {e.BytePositionInLine + 1})"
            : message;
    }
}
