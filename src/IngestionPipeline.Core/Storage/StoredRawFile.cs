namespace IngestionPipeline.Core.Storage;

public sealed record StoredRawFile(string Sha256, long Length, bool AlreadyStored);
