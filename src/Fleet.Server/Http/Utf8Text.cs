namespace Fleet.Server.Http;

/// <summary>UTF-8 request text as clients send it: some (Windows tools, .NET's own
/// <c>Encoding.UTF8.GetBytes</c> with a preamble, PowerShell) put a byte-order mark first.</summary>
public static class Utf8Text
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> text) =>
        text.Span.StartsWith(Bom) ? text[Bom.Length..] : text;

    /// <summary>The text without a leading U+FEFF, for text already decoded.</summary>
    public static string WithoutBom(string text) => text.StartsWith('\uFEFF') ? text[1..] : text;
}
