using System.Security.Cryptography;

namespace Fleet.Pki.Tests;

public static class PemBlocks
{
    /// <summary>Labels and text of each PEM block, in order.</summary>
    public static List<(string Label, string Text)> Split(string pem)
    {
        var blocks = new List<(string, string)>();
        var offset = 0;
        while (PemEncoding.TryFind(pem.AsSpan(offset), out var fields))
        {
            var text = pem.AsSpan(offset)[fields.Location].ToString();
            blocks.Add((pem.AsSpan(offset)[fields.Label].ToString(), text));
            offset += fields.Location.End.Value;
        }

        return blocks;
    }
}
