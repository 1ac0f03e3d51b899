using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Pki;

/// <summary>
/// Keeps live setup codes out of storage. A code is stored only as its index, an HMAC under a
/// deployment key (the id of its grain), so a copy of the database names no code; the terminal
/// stores a random seed from which the code is recomputed for its screen.
/// </summary>
/// <remarks>
/// Recomputing from a seed rather than storing the code encrypted: the code is an HMAC of the
/// seed under a key derived from the CA passphrase, which no database copy holds, so the seed is
/// as useless without the passphrase as a ciphertext would be; and one HMAC per draw or screen
/// refresh costs microseconds, where <see cref="KeyProtector"/> runs PBKDF2 on every use and Data
/// Protection would tie every code to the rotating key ring. Codes stay as random as before: the
/// seed is 128 bits from the CSPRNG.
/// </remarks>
public sealed class SetupCodeSecrets(SetupCodes codes, DeploymentKeys keys)
{
    public const int SeedLength = 16;
    private readonly byte[] _drawKey = keys.SetupCodeDrawKey;
    private readonly byte[] _indexKey = keys.SetupCodeIndexKey;

    /// <summary>A fresh seed for a new code.</summary>
    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedLength);

    /// <summary>The code a terminal shows for <paramref name="seed"/>.</summary>
    public string CodeOf(string terminalId, ReadOnlySpan<byte> seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(terminalId);
        if (seed.Length != SeedLength) throw new ArgumentException($"A setup-code seed is {SeedLength} bytes.", nameof(seed));
        // Length-prefixed terminal id, then the seed: a seed copied to another terminal gives another code.
        var id = Encoding.UTF8.GetBytes(terminalId);
        var input = new byte[4 + id.Length + seed.Length];
        BinaryPrimitives.WriteInt32BigEndian(input, id.Length);
        id.CopyTo(input, 4);
        seed.CopyTo(input.AsSpan(4 + id.Length));
        return codes.FromEntropy(HMACSHA256.HashData(_drawKey, input));
    }

    /// <summary>What a code is stored under: lower-case hex of its HMAC. Deterministic, so the
    /// pairing request finds the code's grain from the code alone.</summary>
    public string IndexOf(string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(code)));
    }
}
