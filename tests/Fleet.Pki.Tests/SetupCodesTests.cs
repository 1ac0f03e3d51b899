using Fleet.Pki;

namespace Fleet.Pki.Tests;

public sealed class SetupCodesTests
{
    private static readonly SetupCodes Codes = new(new byte[32]);

    [Fact]
    public void Generated_codes_are_eight_unambiguous_characters_and_parse_back()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = Codes.Generate();
            Assert.Equal(8, code.Length);
            Assert.DoesNotContain(code, c => "01IO".Contains(c));
            Assert.True(Codes.TryParse(code, out var parsed));
            Assert.Equal(code, parsed);
            Assert.True(Codes.TryParse($" {code[..4].ToLowerInvariant()}-{code[4..]} ", out parsed));
            Assert.Equal(code, parsed);
        }
    }

    [Fact]
    public void The_check_characters_refuse_almost_every_guess_and_depend_on_the_secret()
    {
        // Codes of one fleet are (all but 1 in 1,024) not codes of a fleet with another secret.
        var other = new SetupCodes(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.InRange(Enumerable.Range(0, 500).Count(_ => other.TryParse(Codes.Generate(), out string _)), 0, 10);
        var code = Codes.Generate();

        var random = new Random(42);
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var guess = new string(Enumerable.Range(0, 8).Select(_ => SetupCodes.Alphabet[random.Next(32)]).ToArray());
            if (Codes.TryParse(guess, out _)) accepted++;
        }
        // 1 in 1,024 expected (≈ 98); far from 0 and far from all.
        Assert.InRange(accepted, 40, 200);

        Assert.False(Codes.TryParse("8QW1YS1D", out _)); // '1' is not in the alphabet
        Assert.False(Codes.TryParse(code + "A", out _));
        Assert.False(Codes.TryParse(null, out _));
        Assert.False(Codes.TryParse(new string('A', 100), out _));
    }

    [Fact]
    public void The_derived_key_is_stable_for_a_passphrase()
    {
        Assert.Equal(SetupCodes.DeriveKey("p"), SetupCodes.DeriveKey("p"));
        Assert.NotEqual(SetupCodes.DeriveKey("p"), SetupCodes.DeriveKey("q"));
    }
}
