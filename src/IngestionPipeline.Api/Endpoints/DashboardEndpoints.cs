using System.Globalization;
using IngestionPipeline.Api.Dashboard;
using IngestionPipeline.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// The dashboard: static pages under <c>/dashboard/</c> (plain HTML, CSS and JS modules with a vendored Apache ECharts,
/// nothing fetched from elsewhere) and the read-only JSON they draw, under <c>/dashboard/api/</c>. Reads follow the API's
/// access rules (like <c>GET /reports</c>, no key); the dashboard changes no state.
/// </summary>
internal static class DashboardEndpoints
{
    public const string PathBase = "/dashboard";

    // The pages may load only this origin's scripts, styles, images and data: the dashboard works with no internet and
    // cannot be made to call out.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>Registers <see cref="DashboardData"/> and its <see cref="ReportSummaryCache"/>.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReportSummaryCache>();
        services.AddScoped<DashboardData>();
        return services;
    }

    /// <summary>Serves the pages and maps the JSON endpoints.</summary>
    public static void MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (FindPages(app.Environment) is { } pages)
        {
            var files = new PhysicalFileProvider(pages);

            // "/dashboard" → "/dashboard/", so the pages' relative links resolve. Not an endpoint: a matched endpoint
            // would also catch "/dashboard/" (routing ignores a trailing slash) and the static files would never run.
            app.Use((context, next) =>
            {
                if (context.Request.Path.Value == PathBase && HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.Redirect(context.Request.PathBase + PathBase + "/" + context.Request.QueryString);
                    return Task.CompletedTask;
                }

                return next(context);
            });
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = PathBase });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = PathBase,
                OnPrepareResponse = context =>
                {
                    context.Context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    context.Context.Response.Headers.XContentTypeOptions = "nosniff";
                    context.Context.Response.Headers.CacheControl = "no-cache";
                },
            });
        }

        var group = app.MapGroup(PathBase + "/api").WithTags("dashboard");
        group.MapGet("/overview", (DashboardData data, CancellationToken ct) => data.OverviewAsync(ct))
            .WithName("DashboardOverview")
            .WithSummary("Reports by year, template and region; validation status; findings by rule, origin and severity; the agencies and their years.");
        group.MapGet("/agency", AgencyAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DashboardAgency")
            .WithSummary("One agency (exact normalized or printed name): its reports, key series across years, and year 'from' beside year 'to' (default: the last two years).");
        group.MapGet("/findings", FindingsAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("DashboardFindings")
            .WithSummary("Findings of the current versions, filtered by rule, severity, origin, year and organization (contains); at most 'limit' rows.");
        group.MapGet("/operations", (DashboardData data, CancellationToken ct) => data.OperationsAsync(ct))
            .WithName("DashboardOperations")
            .WithSummary("Stage queue depths (when a broker is configured), ingestions by status over the last minute, hour and day, and the recent rejections and failures by reason.");
        group.MapGet("/layout/{template}", Layout)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DashboardLayout")
            .WithSummary("Tables 二, 三 and 四 of a template version (gb2019 | gb2021) laid out like the printed ones, with the cell path of each value and the labels of every path.");
    }

    private static string? FindPages(IWebHostEnvironment environment)
    {
        // Copied next to the assembly at build; the content root's wwwroot when run from the project directory.
        foreach (var root in new[] { Path.Combine(AppContext.BaseDirectory, "wwwroot"), environment.WebRootPath })
        {
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dashboard", "index.html")))
            {
                return Path.Combine(root, "dashboard");
            }
        }

        return null;
    }

    private static async Task<Results<Ok<AgencyHistory>, ProblemHttpResult>> AgencyAsync(
        DashboardData data,
        string? organization,
        string? from,
        string? to,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(organization))
        {
            return BadRequest("Give the agency as ?organization=NAME.");
        }

        if (!TryYear(from, "from", out var fromYear, out var problem) || !TryYear(to, "to", out var toYear, out problem))
        {
            return problem!;
        }

        return await data.AgencyAsync(organization.Trim(), fromYear, toYear, cancellationToken) is { } history
            ? TypedResults.Ok(history)
            : TypedResults.Problem($"No report of an agency named '{organization.Trim()}'.", statusCode: StatusCodes.Status404NotFound, title: "Agency not found");
    }

    private static async Task<Results<Ok<FindingList>, ProblemHttpResult>> FindingsAsync(
        DashboardData data,
        string? rule,
        string? severity,
        string? origin,
        string? year,
        string? organization,
        string? limit,
        CancellationToken cancellationToken)
    {
        if (!TryYear(year, "year", out var yearFilter, out var problem))
        {
            return problem!;
        }

        var rows = 200;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out rows) || rows is < 1 or > DashboardData.MaxFindingRows))
        {
            return BadRequest($"'limit' must be a number from 1 to {DashboardData.MaxFindingRows}, not '{limit}'.");
        }

        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return TypedResults.Ok(await data.FindingsAsync(Text(rule), Text(severity), Text(origin), yearFilter, Text(organization), rows, cancellationToken));
    }

    private static Results<Ok<Dashboard.PrintedLayout>, ProblemHttpResult> Layout(string template) =>
        template switch
        {
            "gb2019" or "gb2021" => TypedResults.Ok(new Dashboard.PrintedLayout(
                template,
                PrintedTables.For(TemplateVersionNames.Parse(template)),
                PrintedTables.LabelsFor(TemplateVersionNames.Parse(template)))),
            _ => TypedResults.Problem($"No template '{template}' (gb2019 or gb2021).", statusCode: StatusCodes.Status404NotFound, title: "Template not found"),
        };

    private static bool TryYear(string? text, string name, out int? year, out ProblemHttpResult? problem)
    {
        year = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            year = value;
            return true;
        }

        problem = BadRequest($"'{name}' must be a year, not '{text}'.");
        return false;
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}
