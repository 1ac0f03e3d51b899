using Fleet.OrderNPay;
using Microsoft.Extensions.Options;

namespace Fleet.Server.OrderNPay;

/// <summary>Refuses to start with Order N Pay settings that cannot work, naming each problem.</summary>
public sealed class OrderNPayOptionsValidator : IValidateOptions<OrderNPayOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderNPayOptions options)
    {
        var problems = options.Problems().Select(p => $"{OrderNPayOptions.Section}:{p}").ToArray();
        return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
