using Fleet.Server.Http;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary>Runs a read-model list and answers a bad paging or filter parameter with a 400 that
/// names it.</summary>
internal static class ListQuery
{
    public const int DefaultLimit = 50;

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
