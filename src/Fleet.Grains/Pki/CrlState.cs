namespace Fleet.Pki;

[GenerateSerializer, Alias("fleet.crl-state")]
public sealed class CrlState
{
    [Id(0)] public CrlSnapshot? Current { get; set; }
}
