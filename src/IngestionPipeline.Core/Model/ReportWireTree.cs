using System.Text.Json.Serialization.Metadata;
using Wire = IngestionPipeline.Contracts.Reports;

namespace IngestionPipeline.Core.Model;

/// <summary>
/// The cell tables of the wire report (<see cref="Wire.CanonicalReport"/>) as a tree of source-generated
/// property metadata, built once from <see cref="JsonTypeInfo"/>: every member typed <see cref="Wire.Cell"/>
/// is a leaf whose dotted path is the JSON names from the root, every other object member below the root that holds
/// cells is an inner node. The report mapper walks it with the metadata's <c>Get</c>/<c>Set</c>/<c>CreateObject</c>
/// delegates: no reflection and no member written out by hand.
/// </summary>
internal sealed class ReportWireTree
{
    private ReportWireTree(JsonTypeInfo root)
    {
        var leaves = new List<Node>();
        Tables = [.. root.Properties.Select(p => Build(p, root.Options, prefix: null, leaves)).OfType<Node>()];
        Leaves = leaves;
        var byPath = leaves.ToDictionary(l => l.Path!, StringComparer.Ordinal);
        TemplateLeaves = new Dictionary<TemplateVersion, Node[]>
        {
            [TemplateVersion.Gb2019] = LeavesOf(TemplateDefinition.Gb2019, byPath),
            [TemplateVersion.Gb2021] = LeavesOf(TemplateDefinition.Gb2021, byPath),
        };
        InTemplate = TemplateLeaves.ToDictionary(kv => kv.Key, kv =>
        {
            var member = new bool[leaves.Count];
            foreach (var leaf in kv.Value)
            {
                member[leaf.LeafIndex] = true;
            }

            return member;
        });
    }

    /// <summary>The tree over <see cref="Wire.ReportJsonContext"/>'s metadata.</summary>
    public static ReportWireTree Instance { get; } = new(Wire.ReportJsonContext.Contract.CanonicalReport);

    /// <summary>The root members holding cells (<c>activeDisclosure</c>, <c>applications</c>, <c>reviewLitigation</c>).</summary>
    public IReadOnlyList<Node> Tables { get; }

    /// <summary>Every cell member of the union of both templates; a leaf's index is <see cref="Node.LeafIndex"/>.</summary>
    public IReadOnlyList<Node> Leaves { get; }

    /// <summary>The leaves of each template version in the template's path order.</summary>
    public IReadOnlyDictionary<TemplateVersion, Node[]> TemplateLeaves { get; }

    /// <summary>Per template version, by leaf index: whether the template has the cell.</summary>
    public IReadOnlyDictionary<TemplateVersion, bool[]> InTemplate { get; }

    private static Node[] LeavesOf(TemplateDefinition template, Dictionary<string, Node> byPath) =>
        [.. template.CellPaths.Select(path => byPath.TryGetValue(path, out var leaf)
            ? leaf
            : throw new InvalidOperationException($"The wire report has no member for the {template.Version} cell path '{path}'."))];

    private static Node? Build(JsonPropertyInfo property, System.Text.Json.JsonSerializerOptions options, string? prefix, List<Node> leaves)
    {
        var path = prefix is null ? property.Name : prefix + "." + property.Name;
        if (property.PropertyType == typeof(Wire.Cell))
        {
            var leaf = new Node(property, null, path, leaves.Count, []);
            leaves.Add(leaf);
            return leaf;
        }

        var type = options.GetTypeInfo(property.PropertyType);
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Namespace != typeof(Wire.Cell).Namespace)
        {
            return null;
        }

        var children = type.Properties.Select(p => Build(p, options, path, leaves)).OfType<Node>().ToArray();
        if (children.Length == 0)
        {
            return null;
        }

        if (type.CreateObject is null || property.Set is null)
        {
            throw new InvalidOperationException($"The wire type {type.Type.Name} of '{path}' must be settable and have a parameterless constructor.");
        }

        return new Node(property, type, null, -1, children);
    }

    /// <summary>One member: a cell (<see cref="Path"/> set) or an object of members (<see cref="Type"/> and <see cref="Children"/>).</summary>
    internal sealed record Node(JsonPropertyInfo Property, JsonTypeInfo? Type, string? Path, int LeafIndex, Node[] Children);
}
