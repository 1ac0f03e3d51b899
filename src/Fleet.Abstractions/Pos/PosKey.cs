using System.Text;
using Fleet.Common;

namespace Fleet.Pos;

/// <summary>
/// The Fleet-assigned id of a POS: its store and its posId in one string, <c>{storeId}~{posId}</c>,
/// e.g. <c>store-7~1</c> or <c>store-7~Kasse!2F1</c>. It is the POS grain's key, the read model's
/// <c>pos.id</c>, the audit target and the one address of a POS in REST and dashboard URLs.
/// A store id never contains '~' (see <see cref="Ids"/>), so the first '~' splits the two. Inside
/// the posId the characters that mean something in a URL path or would not survive one are written
/// as '!' and two upper-case hex digits (<c>/</c> !2F, <c>\</c> !5C, <c>?</c> !3F, <c>#</c> !23,
/// <c>%</c> !25, and '!' itself as !21), so the id fits one path segment and every POS has exactly
/// one id. A posId in Fleet's id alphabet (every posId before posIds became user-defined text)
/// appears as it is.
/// </summary>
public static class PosKey
{
    public const char Separator = '~';
    private const char Escape = '!';
    private const string Escaped = "!/\\?#%";

    public static string Of(string storeId, string posId)
    {
        var key = new StringBuilder(storeId.Length + 1 + posId.Length).Append(storeId).Append(Separator);
        foreach (var c in posId)
        {
            if (Escaped.Contains(c)) key.Append(Escape).Append(((int)c).ToString("X2"));
            else key.Append(c);
        }
        return key.ToString();
    }

    /// <summary>Splits a Fleet POS id; false for anything <see cref="Of"/> would not have made.</summary>
    public static bool TryParse(string? key, out string storeId, out string posId)
    {
        storeId = posId = "";
        var split = key?.IndexOf(Separator) ?? -1;
        if (split <= 0 || !Ids.IsValid(key![..split])) return false;
        var text = new StringBuilder(key.Length - split);
        for (var i = split + 1; i < key.Length; i++)
        {
            var c = key[i];
            if (Escaped.Contains(c) && c != Escape) return false;
            if (c != Escape) { text.Append(c); continue; }
            var code = key.Substring(i + 1, Math.Min(2, key.Length - i - 1));
            var decoded = Escaped.FirstOrDefault(e => ((int)e).ToString("X2") == code);
            if (decoded == default) return false;
            text.Append(decoded);
            i += 2;
        }
        if (!PosIds.IsCanonical(text.ToString())) return false;
        (storeId, posId) = (key[..split], text.ToString());
        return true;
    }
}
