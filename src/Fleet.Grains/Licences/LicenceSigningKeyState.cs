namespace Fleet.Licences;

[GenerateSerializer, Alias("fleet.licence-signing-key-state")]
public sealed class LicenceSigningKeyState
{
    [Id(0)] public LicenceSigningMaterial? Material { get; set; }
}
