namespace IngestionPipeline.Corpus.Rendering;

/// <summary>One block of a rendered report, in reading order.</summary>
public abstract record OutlineBlock;

public sealed record TitleBlock(string Text) : OutlineBlock;

public sealed record HeadingBlock(string Text) : OutlineBlock;

public sealed record ParagraphBlock(string Text) : OutlineBlock;

/// <summary>A provincial note printed above a table (Shandong).</summary>
public sealed record NoteBlock(string Text) : OutlineBlock;

public sealed record TableOutlineBlock(GridTable Table) : OutlineBlock;

/// <summary>The report in reading order; every renderer prints this sequence.</summary>
public static class ReportOutline
{
    public static IReadOnlyList<OutlineBlock> Of(ReportSpec spec)
    {
        var blocks = new List<OutlineBlock> { new TitleBlock(spec.PrintedTitle) };
        blocks.AddRange(spec.Preamble.Select(p => new ParagraphBlock(p)));
        blocks.Add(new HeadingBlock("一、总体情况"));
        blocks.AddRange(spec.Overall.Select(p => new ParagraphBlock(p)));

        void Table(string heading, GridTable table)
        {
            blocks.Add(new HeadingBlock(heading));
            if (spec.Variants.ShandongNotes)
            {
                blocks.Add(new NoteBlock(ReportTables.ShandongNote));
            }

            blocks.Add(new TableOutlineBlock(table));
        }

        Table("二、主动公开政府信息情况", ReportTables.ActiveDisclosure(spec));
        Table("三、收到和处理政府信息公开申请情况", ReportTables.Applications(spec));
        if (spec.Variants.ReviewSplit)
        {
            var parts = ReportTables.ReviewLitigationSplit(spec);
            Table(spec.Variants.ReviewTitle, parts[0]);
            blocks.AddRange(parts.Skip(1).Select(t => new TableOutlineBlock(t)));
        }
        else
        {
            Table(spec.Variants.ReviewTitle, ReportTables.ReviewLitigation(spec));
        }

        blocks.Add(new HeadingBlock(spec.Variants.ProblemsTitle));
        blocks.AddRange(spec.Problems.Select(p => new ParagraphBlock(p)));
        blocks.Add(new HeadingBlock("六、其他需要报告的事项"));
        blocks.AddRange(spec.OtherMatters.Select(p => new ParagraphBlock(p)));
        return blocks;
    }
}
