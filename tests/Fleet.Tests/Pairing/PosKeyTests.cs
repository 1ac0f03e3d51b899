using Fleet.Pos;

namespace Fleet.Tests.Pairing;

/// <summary>The Fleet POS id: one path-safe id per (store, posId), and nothing else parses.</summary>
public sealed class PosKeyTests
{
    [Theory]
    [InlineData("store-7", "123", "store-7~123")]
    [InlineData("store-7", "Kasse/1", "store-7~Kasse!2F1")]
    [InlineData("s", "a!b%c?d#e\\f~g", "s~a!21b!25c!3Fd!23e!5Cf~g")]
    [InlineData("s:1.x", "POS 1", "s:1.x~POS 1")]
    [InlineData("s", "Kassa-ÅÄÖ", "s~Kassa-ÅÄÖ")]
    public void A_pos_id_is_the_store_and_the_escaped_posId(string store, string posId, string key)
    {
        Assert.Equal(key, PosKey.Of(store, posId));
        Assert.True(PosKey.TryParse(key, out var parsedStore, out var parsedPosId));
        Assert.Equal((store, posId), (parsedStore, parsedPosId));
        Assert.DoesNotContain('/', key);
        Assert.DoesNotContain('%', key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-separator")]
    [InlineData("~123")]
    [InlineData("bad store~1")]
    [InlineData("s~")]
    [InlineData("s~a/b")]
    [InlineData("s~a!2fb")]
    [InlineData("s~a!2")]
    [InlineData("s~a!41")]
    [InlineData("s~a\u0007")]
    [InlineData("s~A\u030A")]
    public void Anything_else_is_not_a_pos_id(string? key) => Assert.False(PosKey.TryParse(key, out _, out _));

    [Theory]
    [InlineData("Kassa-A\u030A", "Kassa-Å")]
    [InlineData(" 1 ", " 1 ")]
    public void PosIds_are_kept_in_nfc(string raw, string kept) => Assert.Equal(kept, PosIds.Normalize("posId", raw).PosId);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u2029b")]
    public void PosIds_refuse_what_is_not_printable(string raw) => Assert.NotNull(PosIds.Normalize("posId", raw).Error);

    [Fact]
    public void PosIds_refuse_a_lone_surrogate() => // built here: test data would carry it as U+FFFD
        Assert.NotNull(PosIds.Normalize("posId", "a" + (char)0xD800 + "b").Error);

    [Fact]
    public void PosIds_count_characters_not_utf16_units()
    {
        Assert.Null(PosIds.Normalize("posId", string.Concat(Enumerable.Repeat("🧾", PosIds.MaxLength))).Error);
        Assert.NotNull(PosIds.Normalize("posId", string.Concat(Enumerable.Repeat("🧾", PosIds.MaxLength + 1))).Error);
    }
}
