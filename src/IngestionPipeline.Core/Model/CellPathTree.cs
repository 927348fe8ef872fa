using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IngestionPipeline.Core.Model;

/// <summary>
/// The dotted cell paths of a template as the nested objects of the contract JSON, built once per template.
/// Children keep first-insertion order, which is the order the contract writes them in, so walking the tree
/// writes exactly what building a <c>JsonObject</c> path by path used to write.
/// </summary>
internal sealed class CellPathTree
{
    private static readonly CellPathTree Gb2019Tree = new(TemplateDefinition.Gb2019.CellPaths);
    private static readonly CellPathTree Gb2021Tree = new(TemplateDefinition.Gb2021.CellPaths);
    private static readonly CellPathTree UnionTree = new([.. TemplateDefinition.Gb2019.CellPaths.Union(TemplateDefinition.Gb2021.CellPaths, StringComparer.Ordinal)]);

    private CellPathTree(IReadOnlyList<string> paths)
    {
        var root = new Node(string.Empty);
        var leaves = new List<string>();
        foreach (var path in paths)
        {
            var node = root;
            var segments = path.Split('.');
            for (var i = 0; i < segments.Length; i++)
            {
                var child = node.Find(segments[i]);
                if (child is null)
                {
                    child = new Node(segments[i]);
                    node.Children.Add(child);
                }

                node = child;
            }

            if (node.Children.Count > 0 || node.Path is not null)
            {
                // Some path is a prefix of another or repeated: the contract has no such paths.
                throw new InvalidOperationException($"Cell path '{path}' collides with another cell path.");
            }

            node.Path = path;
            node.LeafIndex = leaves.Count;
            leaves.Add(path);
        }

        foreach (var node in Walk(root))
        {
            if (node.Path is not null && node.Children.Count > 0)
            {
                throw new InvalidOperationException($"Cell path '{node.Path}' is also an object of other cell paths.");
            }
        }

        Roots = root.Children;
        Leaves = leaves;
        LeafIndex = leaves.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>The top-level objects (<c>activeDisclosure</c>, <c>applications</c>, <c>reviewLitigation</c>).</summary>
    public IReadOnlyList<Node> Roots { get; }

    /// <summary>Every leaf path, in tree order of first insertion (its index is <see cref="Node.LeafIndex"/>).</summary>
    public IReadOnlyList<string> Leaves { get; }

    public IReadOnlyDictionary<string, int> LeafIndex { get; }

    public static CellPathTree For(TemplateVersion version) => version switch
    {
        TemplateVersion.Gb2019 => Gb2019Tree,
        TemplateVersion.Gb2021 => Gb2021Tree,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };

    /// <summary>The cell paths of both template versions in one tree, for reading before the version is known.</summary>
    public static CellPathTree Union => UnionTree;

    private static IEnumerable<Node> Walk(Node node)
    {
        yield return node;
        foreach (var child in node.Children)
        {
            foreach (var n in Walk(child))
            {
                yield return n;
            }
        }
    }

    /// <summary>One object member: an inner object (children) or a cell (path).</summary>
    internal sealed class Node(string name)
    {
        public string Name { get; } = name;

        public JsonEncodedText EncodedName { get; } = JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

        public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);

        public List<Node> Children { get; } = [];

        /// <summary>The dotted path when this member is a cell.</summary>
        public string? Path { get; set; }

        public int LeafIndex { get; set; } = -1;

        public Node? Find(string segment)
        {
            foreach (var child in Children)
            {
                if (string.Equals(child.Name, segment, StringComparison.Ordinal))
                {
                    return child;
                }
            }

            return null;
        }
    }
}
