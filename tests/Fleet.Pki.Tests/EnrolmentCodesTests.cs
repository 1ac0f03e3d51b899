using Fleet.Pki;

namespace Fleet.Pki.Tests;

public sealed class EnrolmentCodesTests
{
    private static readonly EnrolmentCodes Codes = new(Enumerable.Repeat((byte)3, 32).ToArray());

    [Fact]
    public void Codes_are_sixteen_unambiguous_characters_in_groups_and_normalise_as_typed()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var code = Codes.Generate();
            Assert.Matches("^([2-9A-HJ-NP-Z]{4}-){3}[2-9A-HJ-NP-Z]{4}$", code);
            Assert.True(seen.Add(code));
            Assert.True(EnrolmentCodes.TryNormalize($" {code.ToLowerInvariant().Replace('-', ' ')} ", out var typed));
            Assert.Equal(code.Replace("-", ""), typed);
        }

        Assert.False(EnrolmentCodes.TryNormalize("ABCD-EFGH-JKLM-NPQ", out _)); // 15
        Assert.False(EnrolmentCodes.TryNormalize("ABCD-EFGH-JKLM-NPQRS", out _)); // 17
        Assert.False(EnrolmentCodes.TryNormalize("ABCD-EFGH-JKLM-NPQ0", out _)); // 0 is not in the alphabet
        Assert.False(EnrolmentCodes.TryNormalize(null, out _));
    }

    [Fact]
    public void The_hash_binds_the_code_to_its_terminal_and_to_the_fleet_key()
    {
        var code = Codes.Generate();
        var hash = Codes.Hash("T-1", code);
        Assert.Equal(32, hash.Length);
        Assert.Equal(hash, Codes.Hash("T-1", code.ToLowerInvariant().Replace("-", "")));
        Assert.NotEqual(hash, Codes.Hash("T-2", code));
        Assert.NotEqual(hash, new EnrolmentCodes(new byte[32]).Hash("T-1", code));
        // The id is length-prefixed: moving characters between id and code cannot collide.
        Assert.NotEqual(Codes.Hash("T-12", "2222-2222-2222-2222"), Codes.Hash("T-1", "2222-2222-2222-2222"));
    }

    [Fact]
    public void The_key_derives_from_the_passphrase_apart_from_the_setup_code_key()
    {
        Assert.Equal(EnrolmentCodes.DeriveKey("pass phrase"), EnrolmentCodes.DeriveKey("pass phrase"));
        Assert.NotEqual(EnrolmentCodes.DeriveKey("pass phrase"), EnrolmentCodes.DeriveKey("pass phrase 2"));
        Assert.NotEqual(EnrolmentCodes.DeriveKey("pass phrase"), SetupCodes.DeriveKey("pass phrase"));
    }
}
