using Fleet.Server.Http;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary>Runs a read-model list and answers a bad paging or filter parameter with a 400 that
/// names it.</summary>
internal static class ListQuery
{
    public const int DefaultLimit = 50;

    /// <summary>The widest <c>certificateExpiresWithinDays</c> a list accepts: certificates live
    /// 397 days, so ten years covers every one and keeps the date far from the calendar's end.</summary>
    public const int MaxExpiryWindowDays = 3650;

    /// <summary>The end of a <c>certificateExpiresWithinDays</c> window, or the 400 that refuses it.</summary>
    public static (DateTimeOffset? Until, IResult? Error) ExpiryWindow(int? days, DateTimeOffset now) => days switch
    {
        null => (null, null),
        < 0 or > MaxExpiryWindowDays => (null, Problems.BadRequest("A query parameter is not valid.", "certificateExpiresWithinDays",
            $"'certificateExpiresWithinDays' must be between 0 and {MaxExpiryWindowDays}.")),
        { } within => (now.AddDays(within), null),
    };

    public static async Task<IResult> RunAsync<T>(Func<Task<T>> query, Func<T, object> shape)
    {
        try
        {
            return TypedResults.Ok(shape(await query()));
        }
        catch (InvalidQueryException e)
        {
            return Problems.BadRequest("A query parameter is not valid.", e.Parameter, e.Message);
        }
    }
}
