namespace Fleet.Import;

[GenerateSerializer, Alias("fleet.import-job-status")]
public enum ImportJobStatus
{
    /// <summary>Recorded durably and being applied; resumed after a restart if interrupted.</summary>
    Applying = 0,
    Completed = 1,
}
