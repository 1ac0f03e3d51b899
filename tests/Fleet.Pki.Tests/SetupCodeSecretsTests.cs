using Fleet.Pki;

namespace Fleet.Pki.Tests;

public sealed class SetupCodeSecretsTests
{
    private static readonly DeploymentKeys Keys = DeploymentKeys.FromPassphrase("setup-code-secrets-test");
    private static readonly SetupCodes Codes = new(SetupCodes.DeriveKey("setup-code-secrets-test"));

    [Fact]
    public void A_seed_recomputes_the_same_valid_code_for_its_terminal_only()
    {
        var secrets = new SetupCodeSecrets(Codes, Keys);
        var seed = SetupCodeSecrets.NewSeed();
        var code = secrets.CodeOf("terminal-1", seed);
        Assert.Equal(code, secrets.CodeOf("terminal-1", seed));
        Assert.True(Codes.TryParse(code, out var parsed));
        Assert.Equal(code, parsed);
        Assert.NotEqual(code, secrets.CodeOf("terminal-2", seed));
        Assert.NotEqual(code, secrets.CodeOf("terminal-1", SetupCodeSecrets.NewSeed()));
        // Another deployment (another passphrase) computes another code from the same stored seed.
        Assert.NotEqual(code, new SetupCodeSecrets(Codes, DeploymentKeys.FromPassphrase("other")).CodeOf("terminal-1", seed));
        Assert.Throws<ArgumentException>(() => secrets.CodeOf("terminal-1", new byte[8]));
    }

    [Fact]
    public void The_index_is_a_deployment_keyed_hash_that_does_not_contain_the_code()
    {
        var secrets = new SetupCodeSecrets(Codes, Keys);
        var code = Codes.Generate();
        var index = secrets.IndexOf(code);
        Assert.Equal(index, secrets.IndexOf(code));
        Assert.Equal(64, index.Length);
        Assert.DoesNotContain(code, index, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(index, secrets.IndexOf(Codes.Generate()));
        Assert.NotEqual(index, new SetupCodeSecrets(Codes, DeploymentKeys.FromPassphrase("other")).IndexOf(code));
    }

    [Fact]
    public void Deployment_keys_differ_by_purpose_and_are_stable_for_a_passphrase()
    {
        var again = DeploymentKeys.FromPassphrase("setup-code-secrets-test");
        Assert.Equal(Keys.ApiKeyHashKey, again.ApiKeyHashKey);
        Assert.Equal(Keys.SetupCodeIndexKey, again.SetupCodeIndexKey);
        Assert.NotEqual(Keys.ApiKeyHashKey, Keys.SetupCodeIndexKey);
        Assert.NotEqual(Keys.SetupCodeIndexKey, Keys.SetupCodeDrawKey);
        Assert.NotEqual(Keys.ApiKeyHashKey, DeploymentKeys.FromPassphrase("other").ApiKeyHashKey);
    }
}
