using Fleet.Bench;

if (args is ["serve-baseline", "--port", var port]) return await BaselineApp.RunAsync(int.Parse(port));
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
return await BenchRun.RunAsync(options);
