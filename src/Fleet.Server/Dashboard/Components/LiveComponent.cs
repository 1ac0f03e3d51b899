using Microsoft.AspNetCore.Components;

namespace Fleet.Server.Dashboard.Components;

/// <summary>A page that re-reads what it shows at every <see cref="LiveRefresh"/> tick, so health
/// changes appear without a reload.</summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject] private LiveRefresh Refresh { get; set; } = default!;

    protected override void OnInitialized() =>
        _subscription = Refresh.Subscribe(() => InvokeAsync(async () =>
        {
            await OnLiveRefreshAsync();
            StateHasChanged();
        }));

    /// <summary>Re-reads the page's data; exceptions keep the current view until the next tick.</summary>
    protected abstract Task OnLiveRefreshAsync();

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
