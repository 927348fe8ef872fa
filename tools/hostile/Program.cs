var directory = args.Length > 0 ? args[0] : "hostile";
IngestionPipeline.Testing.HostileFiles.WriteAll(directory);
foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
{
    Console.WriteLine($"{new FileInfo(file).Length,12} {file}");
}
