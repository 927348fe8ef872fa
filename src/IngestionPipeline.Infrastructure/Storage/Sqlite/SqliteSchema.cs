using System.Globalization;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>
/// The schema, versioned through <c>PRAGMA user_version</c>: each entry of <see cref="Migrations"/> moves the
/// database from version i to i + 1, so later issues append a migration instead of editing the first one.
/// </summary>
internal static class SqliteSchema
{
    public static int CurrentVersion => Migrations.Length;

    internal static readonly string[] Migrations =
    [
        // 1: initial schema. Timestamps are ISO-8601 round-trip ("O") text, ids are lower-case "D" guids,
        // enums are stored by name so reordering IngestionStatus cannot corrupt stored rows.
        """
        CREATE TABLE raw_files (
            sha256      TEXT    NOT NULL PRIMARY KEY,
            length      INTEGER NOT NULL,
            content     BLOB    NOT NULL,
            file_name   TEXT    NOT NULL,
            created_at  TEXT    NOT NULL
        );

        CREATE TABLE ingestions (
            ingestion_id  TEXT    NOT NULL PRIMARY KEY,
            raw_sha256    TEXT    NOT NULL,
            file_name     TEXT    NOT NULL,
            source_url    TEXT,
            status        TEXT    NOT NULL,
            submitted_at  TEXT    NOT NULL,
            updated_at    TEXT    NOT NULL,
            stage         TEXT,
            reason_code   TEXT,
            reason        TEXT,
            report_key    TEXT,
            version       INTEGER
        );

        CREATE TABLE artifacts (
            ingestion_id  TEXT NOT NULL,
            stage         TEXT NOT NULL,
            content       TEXT NOT NULL,
            updated_at    TEXT NOT NULL,
            PRIMARY KEY (ingestion_id, stage)
        );

        CREATE TABLE report_heads (
            report_key               TEXT    NOT NULL PRIMARY KEY,
            organization             TEXT    NOT NULL,
            organization_normalized  TEXT,
            region                   TEXT,
            year                     INTEGER NOT NULL,
            template_version         TEXT    NOT NULL,
            current_version          INTEGER NOT NULL,
            content_hash             TEXT    NOT NULL,
            finding_count            INTEGER NOT NULL,
            updated_at               TEXT    NOT NULL
        );

        CREATE TABLE report_versions (
            report_key               TEXT    NOT NULL,
            version                  INTEGER NOT NULL,
            previous_version         INTEGER,
            ingestion_id             TEXT    NOT NULL UNIQUE,
            source_sha256            TEXT    NOT NULL,
            source_file_name         TEXT,
            content_hash             TEXT    NOT NULL,
            fingerprint              TEXT    NOT NULL,
            organization             TEXT    NOT NULL,
            organization_normalized  TEXT,
            region                   TEXT,
            year                     INTEGER NOT NULL,
            template_version         TEXT    NOT NULL,
            finding_count            INTEGER NOT NULL,
            document_json            TEXT    NOT NULL,
            changes_json             TEXT    NOT NULL,
            created_at               TEXT    NOT NULL,
            PRIMARY KEY (report_key, version)
        );
        """,

        // 2: when each artifact was written, as Unix milliseconds (UTC), indexed, so that artifacts can be purged by
        // age with a range scan (updated_at is text with an offset, which orders only as instants). Existing rows take
        // their updated_at. The (ingestion_id, stage) primary key already serves deletion by ingestion.
        """
        ALTER TABLE artifacts ADD COLUMN written_at INTEGER NOT NULL DEFAULT 0;
        UPDATE artifacts SET written_at = CAST(round((julianday(updated_at) - 2440587.5) * 86400000.0) AS INTEGER);
        CREATE INDEX artifacts_by_written_at ON artifacts (written_at);
        """,

        // 3: report listings served by indexes (SqliteReportStore.Queries.cs). Equality filters have an index
        // ending in report_key, so a filtered page is a range scan in key order (keyset pagination); "contains"
        // filters on organization and region use a trigram full-text index (ordinal, case-sensitive), kept in
        // step with report_heads by triggers (rowid = the head's rowid; `compact` rebuilds it after VACUUM).
        """
        CREATE INDEX report_heads_by_year ON report_heads (year, report_key);
        CREATE INDEX report_heads_by_template ON report_heads (template_version COLLATE NOCASE, report_key);
        CREATE INDEX report_heads_by_findings ON report_heads ((finding_count > 0), report_key);
        CREATE VIRTUAL TABLE report_heads_text USING fts5(
            organization, organization_normalized, region, report_key,
            tokenize = 'trigram case_sensitive 1');
        CREATE TRIGGER report_heads_text_insert AFTER INSERT ON report_heads BEGIN
            INSERT INTO report_heads_text (rowid, organization, organization_normalized, region, report_key)
            VALUES (new.rowid, new.organization, new.organization_normalized, new.region, new.report_key);
        END;
        CREATE TRIGGER report_heads_text_update AFTER UPDATE OF organization, organization_normalized, region, report_key ON report_heads
        WHEN old.organization IS NOT new.organization OR old.organization_normalized IS NOT new.organization_normalized
          OR old.region IS NOT new.region OR old.report_key IS NOT new.report_key BEGIN
            DELETE FROM report_heads_text WHERE rowid = old.rowid;
            INSERT INTO report_heads_text (rowid, organization, organization_normalized, region, report_key)
            VALUES (new.rowid, new.organization, new.organization_normalized, new.region, new.report_key);
        END;
        CREATE TRIGGER report_heads_text_delete AFTER DELETE ON report_heads BEGIN
            DELETE FROM report_heads_text WHERE rowid = old.rowid;
        END;
        INSERT INTO report_heads_text (rowid, organization, organization_normalized, region, report_key)
        SELECT rowid, organization, organization_normalized, region, report_key FROM report_heads;
        """,
    ];

    /// <summary>
    /// Brings the database to <see cref="CurrentVersion"/>. Runs inside the caller's BEGIN IMMEDIATE
    /// transaction, so several processes initializing at once simply take turns and the later ones find
    /// nothing to do.
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        int version;
        await using (var read = connection.Command(transaction, "PRAGMA user_version;"))
        {
            version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The store schema is at version {version}, newer than this build understands ({CurrentVersion}). Upgrade the application.");
        }

        for (; version < CurrentVersion; version++)
        {
            // PRAGMA arguments cannot be parameters; the value is an int we computed.
            await using var migrate = connection.Command(
                transaction, $"{Migrations[version]}\nPRAGMA user_version = {version + 1};");
            await migrate.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
