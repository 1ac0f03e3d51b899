using Fleet.Common;

namespace Fleet.Licences;

public enum RenewalStatus
{
    Renewed,
    /// <summary>No such production number, or the key is not its current (or, until the new one is
    /// used, its previous) key: answered 401.</summary>
    UnknownKey,
    /// <summary>The activation was rejected or revoked: answered 403 with that reason.</summary>
    Refused,
    Invalid,
}

/// <summary>How a renewal ended; <see cref="View"/> is set for Renewed and Refused.</summary>
[GenerateSerializer, Immutable, Alias("fleet.renewal-outcome")]
public sealed record RenewalOutcome(
    [property: Id(0)] RenewalStatus Status,
    [property: Id(1)] ActivationView? View,
    [property: Id(2)] IReadOnlyList<FieldError> Errors);
