using Fleet.Server.Throttling;

namespace Fleet.Server.Licences;

/// <summary>Section <c>Fleet:Licences</c>: the srv4pos activation contract's anonymous side.</summary>
public sealed class LicenceOptions
{
    public const string Section = "Fleet:Licences";

    /// <summary><c>Fleet:Licences:Activations</c>: new activations and refused renewals per client
    /// address (IPv6: its /64), counted cluster-wide, before <c>POST /activations-advanced</c>
    /// answers 429 with <c>Retry-After</c>. Keeps one client from filling headquarters' approval
    /// queue or guessing keys; a store activating its registers one after another stays well below.</summary>
    public BrakeOptions Activations { get; set; } = new BrakeOptions().With(20, TimeSpan.FromHours(1), TimeSpan.FromDays(1));

    public IEnumerable<string> Problems() => Activations.Problems($"{Section}:Activations");
}
