namespace Fleet.Bench;

/// <summary>One request the generator sends: the same spec goes to Fleet and to the baseline, so
/// both see the same method, path, headers and body.</summary>
public sealed record BenchRequest(HttpMethod Method, string Path, Func<HttpContent?>? Body = null, int[]? Expected = null)
{
    public static BenchRequest Get(string path) => new(HttpMethod.Get, path);

    public bool IsExpected(int status) => (Expected ?? [200]).Contains(status);

    public HttpRequestMessage ToMessage() => new(Method, Path) { Content = Body?.Invoke() };
}
