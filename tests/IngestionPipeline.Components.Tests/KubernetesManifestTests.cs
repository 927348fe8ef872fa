using System.Diagnostics;
using System.Text;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// deploy/k8s validated offline against the Kubernetes and KEDA schemas by tools/k8s-validate (a node script; its
/// packages are installed by <c>npm ci</c> in .ci/run), and the validator itself rejecting a broken manifest.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Validator = Path.Combine(RepositoryPaths.Root, "tools", "k8s-validate");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_manifests_and_KEDA_objects_validate()
    {
        var (exitCode, output) = await ValidateAsync(Path.Combine(RepositoryPaths.Root, "deploy", "k8s"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("ScaledObject worker-extract", output, StringComparison.Ordinal);
        Assert.Contains("objects valid", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("worker-store.yaml", "  replicas: 1", "  replicas: one")] // not an integer: the Kubernetes schema
    [InlineData("scaledobjects.yaml", "  minReplicaCount: 1", "  minReplicaCount: [1]")] // the KEDA schema
    [InlineData("worker-validate.yaml", "path: /health/ready", "path: /ready")] // the deployment's own rule
    public async Task A_broken_manifest_fails_validation(string file, string original, string broken)
    {
        using var copy = new TempDirectory("k8s-broken");
        foreach (var source in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "deploy", "k8s")))
        {
            File.Copy(source, Path.Combine(copy.Path, Path.GetFileName(source)));
        }

        var path = Path.Combine(copy.Path, file);
        var text = await File.ReadAllTextAsync(path, Ct);
        Assert.Contains(original, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, text.Replace(original, broken, StringComparison.Ordinal), Ct);

        var (exitCode, output) = await ValidateAsync(copy.Path);

        Assert.True(exitCode == 1, output);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string directory)
    {
        if (!Directory.Exists(Path.Combine(Validator, "node_modules", "kubernetes-models")))
        {
            Assert.Skip($"tools/k8s-validate has no node_modules: run `npm ci` there (.ci/run does) to validate deploy/k8s.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Validator,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("validate.mjs");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
