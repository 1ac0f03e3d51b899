namespace Fleet.Pki;

[GenerateSerializer, Alias("fleet.certificate-authority-state")]
public sealed class CertificateAuthorityState
{
    [Id(0)] public AuthorityMaterial? Material { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
}
