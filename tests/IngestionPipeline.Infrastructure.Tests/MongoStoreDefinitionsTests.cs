using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// Offline: pins the exact BSON the MongoDB store sends (filters, updates, sorts, indexes) and the stored
/// document shape, rendered the way the driver renders them, with no server.
/// </summary>
public sealed class MongoStoreDefinitionsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 30, 15, 123, TimeSpan.FromHours(8));
    private static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    // RFC 4122 byte order: what GuidRepresentation.Standard writes (subtype 4), unlike the legacy C# order.
    private static readonly BsonBinaryData IdBson = new(Convert.FromHexString("0f8fad5bd9cb469fa16570867728950e"), BsonBinarySubType.UuidStandard);
    private static readonly BsonDateTime T0Bson = new(new DateTime(2025, 3, 1, 2, 30, 15, 123, DateTimeKind.Utc));

    // ---- ingestions ------------------------------------------------------------------------------

    [Fact]
    public void IngestionById_filters_on_id_as_standard_uuid()
    {
        Assert.Equal(new BsonDocument("_id", IdBson), Render(MongoStoreDefinitions.IngestionById(Id)));
    }

    [Fact]
    public void IngestionUpdate_without_optional_members_sets_only_status_stage_and_time()
    {
        var update = new IngestionUpdate(Id, IngestionStatus.Failed, "extract", T0);

        Assert.Equal(
            new BsonDocument("$set", new BsonDocument
            {
                { "status", "Failed" },
                { "stage", "extract" },
                { "updatedAt", T0Bson },
            }),
            Render(MongoStoreDefinitions.IngestionUpdate(update)));
    }

    [Fact]
    public void IngestionUpdate_sets_each_non_null_optional_member_and_nothing_else()
    {
        var all = new IngestionUpdate(Id, IngestionStatus.VersionCreated, "store", T0, "R1", "bad", "k", 3);
        var some = new IngestionUpdate(Id, IngestionStatus.Rejected, "validate", T0, ReasonCode: "R2", Version: 0);

        Assert.Equal(
            new BsonDocument("$set", new BsonDocument
            {
                { "status", "VersionCreated" },
                { "stage", "store" },
                { "updatedAt", T0Bson },
                { "reasonCode", "R1" },
                { "reason", "bad" },
                { "reportKey", "k" },
                { "version", 3 },
            }),
            Render(MongoStoreDefinitions.IngestionUpdate(all)));
        Assert.Equal(
            new BsonDocument("$set", new BsonDocument
            {
                { "status", "Rejected" },
                { "stage", "validate" },
                { "updatedAt", T0Bson },
                { "reasonCode", "R2" },
                { "version", 0 },
            }),
            Render(MongoStoreDefinitions.IngestionUpdate(some)));
    }

    // ---- artifacts -------------------------------------------------------------------------------

    [Fact]
    public void ArtifactById_filters_on_ingestion_and_stage_id_and_replace_upserts()
    {
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e:normalize", MongoStoreDefinitions.ArtifactId(Id, "normalize"));
        Assert.Equal(
            new BsonDocument("_id", "0f8fad5b-d9cb-469f-a165-70867728950e:normalize"),
            Render(MongoStoreDefinitions.ArtifactById(Id, "normalize")));
        Assert.True(MongoStoreDefinitions.ArtifactReplace.IsUpsert);
    }

    [Fact]
    public void Artifact_deletion_filters_and_their_indexes_render_exactly()
    {
        Assert.Equal(new BsonDocument("ingestionId", IdBson), Render(MongoStoreDefinitions.ArtifactsOf(Id)));
        Assert.Equal(
            new BsonDocument("updatedAt", new BsonDocument("$lt", T0Bson)),
            Render(MongoStoreDefinitions.ArtifactsWrittenBefore(T0)));
        Assert.Equal(
            [new BsonDocument("ingestionId", 1), new BsonDocument("updatedAt", 1)],
            MongoStoreDefinitions.ArtifactIndexes.Select(i => Render(i.Keys)));
        Assert.Equal(
            [MongoStoreDefinitions.ArtifactIngestionIndexName, MongoStoreDefinitions.ArtifactWrittenAtIndexName],
            MongoStoreDefinitions.ArtifactIndexes.Select(i => i.Options.Name));
    }

    // ---- durability ------------------------------------------------------------------------------

    [Fact]
    public void Write_concerns_are_majority_journaled_for_durable_writes_and_primary_unjournaled_for_progress()
    {
        Assert.Equal(BsonDocument.Parse("""{ "w": "majority", "j": true }"""), MongoStoreDefinitions.DurableWriteConcern.ToBsonDocument());
        Assert.Equal(BsonDocument.Parse("""{ "w": 1, "j": false }"""), MongoStoreDefinitions.ProgressWriteConcern.ToBsonDocument());
    }

    [Fact]
    public void Store_database_acknowledges_writes_durably_by_default()
    {
        // Constructing the store needs no server: the client connects lazily.
        using var store = new MongoReportStore(new MongoStoreOptions { ConnectionString = "mongodb://127.0.0.1:1" });

        Assert.Equal(MongoStoreDefinitions.DurableWriteConcern, store.Database.Settings.WriteConcern);
    }

    [Fact]
    public void Ingestion_status_filters_are_the_compare_and_set_and_unfinished_excludes_final_statuses()
    {
        Assert.Equal(
            BsonDocument.Parse("""{ "_id": { "$binary": { "base64": "D4+tW9nLRp+hZXCGdyiVDg==", "subType": "04" } }, "status": { "$in": ["Submitted", "Extracted", "Failed"] } }"""),
            Render(MongoStoreDefinitions.IngestionReplaceableBy(Id, IngestionStatus.Extracted)));
        Assert.Equal(
            BsonDocument.Parse("""{ "_id": { "$binary": { "base64": "D4+tW9nLRp+hZXCGdyiVDg==", "subType": "04" } }, "status": { "$in": ["Submitted", "Extracted", "Normalized", "Validated", "Failed", "VersionCreated"] } }"""),
            Render(MongoStoreDefinitions.IngestionReplaceableBy(Id, IngestionStatus.VersionCreated)));
        Assert.Equal(
            BsonDocument.Parse("""{ "_id": { "$binary": { "base64": "D4+tW9nLRp+hZXCGdyiVDg==", "subType": "04" } }, "status": { "$in": ["Submitted", "Extracted", "Normalized", "Validated", "Failed"] } }"""),
            Render(MongoStoreDefinitions.IngestionUnfinished(Id, IngestionStatus.VersionCreated)));
    }

    // ---- report versions and heads ---------------------------------------------------------------

    [Fact]
    public void Version_filters_render_exactly()
    {
        Assert.Equal(new BsonDocument("ingestionId", IdBson), Render(MongoStoreDefinitions.VersionByIngestion(Id)));
        Assert.Equal(new BsonDocument("reportKey", "a|b|2024"), Render(MongoStoreDefinitions.VersionsOf("a|b|2024")));
        Assert.Equal(
            new BsonDocument { { "reportKey", "a|b|2024" }, { "version", 2 } },
            Render(MongoStoreDefinitions.VersionOf("a|b|2024", 2)));
        Assert.Equal(
            new BsonDocument { { "reportKey", "a|b|2024" }, { "version", new BsonDocument("$gt", 2) } },
            Render(MongoStoreDefinitions.VersionsAfter("a|b|2024", 2)));
    }

    [Fact]
    public void Sorts_are_numeric_on_version_and_by_id_for_heads()
    {
        Assert.Equal(new BsonDocument("version", 1), Render(MongoStoreDefinitions.OldestFirst));
        Assert.Equal(new BsonDocument("version", -1), Render(MongoStoreDefinitions.NewestFirst));
        Assert.Equal(new BsonDocument("_id", 1), Render(MongoStoreDefinitions.HeadsByKey));
    }

    [Fact]
    public void HeadBehind_matches_the_head_only_while_it_is_behind_the_version()
    {
        Assert.Equal(new BsonDocument("_id", "a|b|2024"), Render(MongoStoreDefinitions.HeadById("a|b|2024")));
        Assert.Equal(
            new BsonDocument { { "_id", "a|b|2024" }, { "currentVersion", new BsonDocument("$lt", 3) } },
            Render(MongoStoreDefinitions.HeadBehind("a|b|2024", 3)));
        Assert.True(MongoStoreDefinitions.HeadUpsert.IsUpsert);
    }

    [Fact]
    public void HeadFrom_sets_every_head_field_from_the_version_in_one_set()
    {
        var version = ReportVersionDocument.From(SampleVersion() with { OrganizationNormalized = null });

        Assert.Equal(
            new BsonDocument("$set", new BsonDocument
            {
                { "organization", "某某市人民政府办公室" },
                { "organizationNormalized", BsonNull.Value },
                { "region", "110000" },
                { "year", 2024 },
                { "templateVersion", "2021" },
                { "currentVersion", 2 },
                { "contentHash", "content-2" },
                { "findingCount", 1 },
                { "updatedAt", T0Bson },
            }),
            Render(MongoStoreDefinitions.HeadFrom(version)));
    }

    [Fact]
    public void ReportVersion_indexes_are_unique_on_key_and_version_and_on_ingestion_and_find_versions_by_raw_file()
    {
        var indexes = MongoStoreDefinitions.ReportVersionIndexes;

        Assert.Equal(3, indexes.Count);
        Assert.Equal(new BsonDocument("sourceSha256", 1), Render(indexes[2].Keys));
        Assert.Equal("sourceSha256", indexes[2].Options.Name);
        Assert.NotEqual(true, indexes[2].Options.Unique);
        Assert.Equal(new BsonDocument { { "reportKey", 1 }, { "version", 1 } }, Render(indexes[0].Keys));
        Assert.Equal("reportKey_version_unique", indexes[0].Options.Name);
        Assert.True(indexes[0].Options.Unique);
        Assert.Equal(new BsonDocument("ingestionId", 1), Render(indexes[1].Keys));
        Assert.Equal("ingestionId_unique", indexes[1].Options.Name);
        Assert.True(indexes[1].Options.Unique);
    }

    // ---- raw files -------------------------------------------------------------------------------

    [Fact]
    public void RawFile_definitions_address_gridfs_by_filename_and_clean_only_one_upload()
    {
        const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var fileId = ObjectId.Parse("65f1c0ffee0000000000abcd");

        var fileInfoArgs = new RenderArgs<GridFSFileInfo<ObjectId>>(new GridFSFileInfoSerializer<ObjectId>(), BsonSerializer.SerializerRegistry);
        Assert.Equal(new BsonDocument("filename", Sha), MongoStoreDefinitions.RawFileBySha256(Sha).Render(fileInfoArgs));
        Assert.Equal(new BsonDocument("files_id", fileId), Render(MongoStoreDefinitions.RawChunksOf(fileId)));

        var files = Assert.Single(MongoStoreDefinitions.RawFileIndexes);
        Assert.Equal(new BsonDocument("filename", 1), Render(files.Keys));
        Assert.True(files.Options.Unique);
        Assert.Equal("filename_unique", files.Options.Name);

        var chunks = Assert.Single(MongoStoreDefinitions.RawChunkIndexes);
        Assert.Equal(new BsonDocument { { "files_id", 1 }, { "n", 1 } }, Render(chunks.Keys));
        Assert.True(chunks.Options.Unique);
        Assert.Null(chunks.Options.Name); // the driver's own GridFS index is unnamed; a named twin would clash
    }

    // ---- stored documents ------------------------------------------------------------------------

    [Fact]
    public void IngestionDocument_has_camel_case_names_standard_uuid_string_status_and_utc_dates()
    {
        var record = new IngestionRecord(Id, "abc", "某区2024年报.pdf", null, IngestionStatus.Normalized, T0, T0.AddMinutes(1),
            Stage: "normalize", Version: 4);

        var bson = IngestionDocument.From(record).ToBsonDocument();

        Assert.Equal(
            new BsonDocument
            {
                { "_id", IdBson },
                { "rawSha256", "abc" },
                { "fileName", "某区2024年报.pdf" },
                { "sourceUrl", BsonNull.Value },
                { "status", "Normalized" },
                { "submittedAt", T0Bson },
                { "updatedAt", new BsonDateTime(T0Bson.ToUniversalTime().AddMinutes(1)) },
                { "stage", "normalize" },
                { "reasonCode", BsonNull.Value },
                { "reason", BsonNull.Value },
                { "reportKey", BsonNull.Value },
                { "version", 4 },
            },
            bson);
        Assert.Equal(record, BsonSerializer.Deserialize<IngestionDocument>(bson).ToRecord());
    }

    [Fact]
    public void ReportVersionDocument_has_exact_shape_and_decimal128_values()
    {
        var document = ReportVersionDocument.From(SampleVersion());

        var bson = document.ToBsonDocument();

        Assert.Equal(
            new BsonDocument
            {
                { "_id", document.Id },
                { "reportKey", "a|b|2024" },
                { "version", 2 },
                { "previousVersion", 1 },
                { "ingestionId", IdBson },
                { "sourceSha256", "sha" },
                { "sourceFileName", "v2.pdf" },
                { "contentHash", "content-2" },
                { "fingerprint", "fingerprint-2" },
                { "organization", "某某市人民政府办公室" },
                { "organizationNormalized", "某某市人民政府" },
                { "region", "110000" },
                { "year", 2024 },
                { "templateVersion", "2021" },
                { "findingCount", 1 },
                { "documentJson", """{"items":[{"value":71.8526}]}""" },
                {
                    "changes", new BsonArray
                    {
                        new BsonDocument
                        {
                            { "path", "s/0" },
                            { "oldSemantic", BsonNull.Value },
                            { "oldValue", BsonNull.Value },
                            { "oldRaw", BsonNull.Value },
                            { "newSemantic", "count" },
                            { "newValue", new BsonDecimal128(Decimal128.Parse("71.8526")) },
                            { "newRaw", "71.8526" },
                        },
                        new BsonDocument
                        {
                            { "path", "s/1" },
                            { "oldSemantic", "percent" },
                            { "oldValue", new BsonDecimal128(Decimal128.Parse("0.10")) },
                            { "oldRaw", "0.10%" },
                            { "newSemantic", "count" },
                            { "newValue", new BsonDecimal128(Decimal128.Parse("-2")) },
                            { "newRaw", "-2" },
                        },
                    }
                },
                { "createdAt", T0Bson },
            },
            bson);
        Assert.Equal(BsonType.Decimal128, bson["changes"][0]["newValue"].BsonType);
        Assert.Equal("0.10", bson["changes"][1]["oldValue"].AsDecimal128.ToString());
    }

    [Theory]
    [InlineData("71.8526")]
    [InlineData("-2")]
    [InlineData("0.10")]
    [InlineData("100.000")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("-0.0000000000000000000000000001")]
    [InlineData("1234567890.123456789")]
    [InlineData("0")]
    [InlineData("0.00")]
    public void CellChange_decimals_round_trip_exactly_including_scale(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var change = new CellChange("p", "count", value, text, "count", -value, null);

        var bson = CellChangeDocument.From(change).ToBsonDocument();
        var back = BsonSerializer.Deserialize<CellChangeDocument>(bson).ToRecord();

        // Decimal128 text keeps the coefficient and exponent, so "0.10" and "0.1" differ here.
        Assert.Equal(Decimal128.Parse(text).ToString(), bson["oldValue"].AsDecimal128.ToString());
        Assert.Equal(change, back);
        Assert.Equal(text, back.OldValue!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((-value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            back.NewValue!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Decimal_max_and_min_are_stored_as_themselves_not_as_the_drivers_decimal128_sentinels()
    {
        var bson = CellChangeDocument.From(new CellChange("p", null, decimal.MaxValue, null, "count", decimal.MinValue, null)).ToBsonDocument();

        Assert.Equal("79228162514264337593543950335", bson["oldValue"].AsDecimal128.ToString());
        Assert.Equal("-79228162514264337593543950335", bson["newValue"].AsDecimal128.ToString());
        Assert.NotEqual(Decimal128.MaxValue.ToString(), bson["oldValue"].AsDecimal128.ToString());
    }

    [Fact]
    public void CellChange_decimal_field_of_another_bson_type_is_rejected_not_coerced()
    {
        var bson = CellChangeDocument.From(new CellChange("p", null, null, null, "count", 1m, "1")).ToBsonDocument();
        bson["newValue"] = 1.5; // a double: its value may already be inexact

        Assert.ThrowsAny<FormatException>(() => BsonSerializer.Deserialize<CellChangeDocument>(bson));
    }

    [Fact]
    public void ReportVersionDocument_round_trips_to_an_equal_record_with_the_same_instant()
    {
        var version = SampleVersion();

        var back = BsonSerializer.Deserialize<ReportVersionDocument>(ReportVersionDocument.From(version).ToBsonDocument()).ToRecord();

        Assert.Equal(version with { Changes = [] }, back with { Changes = [] });
        Assert.Equal(version.Changes, back.Changes);
        // A BSON date keeps the instant, not the +08:00 offset; records compare instants.
        Assert.Equal(TimeSpan.Zero, back.CreatedAt.Offset);
        Assert.Equal(version.CreatedAt.UtcTicks, back.CreatedAt.UtcTicks);
    }

    [Fact]
    public void ReportHeadDocument_round_trips()
    {
        var head = new ReportHeadDocument
        {
            ReportKey = "440300|深圳市人民政府|2024",
            Organization = "深圳市人民政府",
            OrganizationNormalized = null,
            Region = "440300",
            Year = 2024,
            TemplateVersion = "2021",
            CurrentVersion = 7,
            ContentHash = "h",
            FindingCount = 2,
            UpdatedAt = T0,
        };

        var bson = head.ToBsonDocument();

        Assert.Equal("440300|深圳市人民政府|2024", bson["_id"].AsString);
        Assert.Equal(T0Bson, bson["updatedAt"]);
        Assert.Equal(head.ToRecord(), BsonSerializer.Deserialize<ReportHeadDocument>(bson).ToRecord());
    }

    [Fact]
    public void ArtifactDocument_shape()
    {
        var bson = new ArtifactDocument
        {
            Id = MongoStoreDefinitions.ArtifactId(Id, "extract"),
            IngestionId = Id,
            Stage = "extract",
            Content = "{\"n\":\"规范\"}",
            UpdatedAt = T0,
        }.ToBsonDocument();

        Assert.Equal(
            new BsonDocument
            {
                { "_id", "0f8fad5b-d9cb-469f-a165-70867728950e:extract" },
                { "ingestionId", IdBson },
                { "stage", "extract" },
                { "content", "{\"n\":\"规范\"}" },
                { "updatedAt", T0Bson },
            },
            bson);
    }

    [Fact]
    public void Documents_ignore_elements_added_by_a_newer_writer()
    {
        var bson = IngestionDocument.From(new IngestionRecord(Id, "abc", "f", null, IngestionStatus.Submitted, T0, T0)).ToBsonDocument();
        bson.Add("addedLater", 1);

        Assert.Equal(Id, BsonSerializer.Deserialize<IngestionDocument>(bson).Id);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static ReportVersionRecord SampleVersion() => new(
        "a|b|2024",
        2,
        1,
        Id,
        "sha",
        "v2.pdf",
        "content-2",
        "fingerprint-2",
        "某某市人民政府办公室",
        "某某市人民政府",
        "110000",
        2024,
        "2021",
        1,
        """{"items":[{"value":71.8526}]}""",
        [
            new CellChange("s/0", null, null, null, "count", 71.8526m, "71.8526"),
            new CellChange("s/1", "percent", 0.10m, "0.10%", "count", -2m, "-2"),
        ],
        T0);

    private static RenderArgs<T> Args<T>() => new(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);

    [Fact]
    public void HeadQuery_renders_escaped_contains_filters_and_keyset_paging()
    {
        var query = new ReportQuery { Organization = "a.b*c", Region = "济源", Year = 2024, TemplateVersion = "GB2021", HasFindings = false, AfterKey = "k" };

        Assert.Equal(
            BsonDocument.Parse("""
                { "$and": [
                    { "$or": [ { "organization": /a\.b\*c/ }, { "organizationNormalized": /a\.b\*c/ } ] },
                    { "$or": [ { "region": /济源/ }, { "_id": /济源/ } ] },
                    { "year": 2024 },
                    { "templateVersion": "gb2021" },
                    { "findingCount": { "$lte": 0 } },
                    { "_id": { "$gt": "k" } } ] }
                """),
            Render(MongoStoreDefinitions.HeadQuery(query)));
        Assert.Equal(new BsonDocument(), Render(MongoStoreDefinitions.HeadQuery(new ReportQuery())));
        Assert.Equal(
            new BsonDocument { { "year", 1 }, { "templateVersion", 1 } },
            Render(Assert.Single(MongoStoreDefinitions.ReportHeadIndexes).Keys));
    }

    private static BsonDocument Render<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    private static BsonDocument Render<T>(UpdateDefinition<T> update) => update.Render(Args<T>()).AsBsonDocument;

    private static BsonDocument Render<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    private static BsonDocument Render<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());
}
