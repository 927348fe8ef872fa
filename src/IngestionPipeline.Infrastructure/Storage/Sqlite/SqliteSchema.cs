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

        // 3 (re-processing, issue 16): per version the parser build that made it, why it exists, the detected media
        // type of its raw file and the crawler's hints (JSON), all null on older rows except the media type, which is
        // read from the stored document; the latest parser version that re-read its raw file and found the same content
        // (metadata, not content: the version stays immutable); versions by raw file, for the re-crawl short-circuit.
        """
        ALTER TABLE report_versions ADD COLUMN parser_version TEXT;
        ALTER TABLE report_versions ADD COLUMN reason TEXT;
        ALTER TABLE report_versions ADD COLUMN media_type TEXT;
        ALTER TABLE report_versions ADD COLUMN hints_json TEXT;
        ALTER TABLE report_versions ADD COLUMN confirmed_parser_version TEXT;
        UPDATE report_versions SET media_type = json_extract(document_json, '$.provenance.mediaType');
        CREATE INDEX report_versions_by_source ON report_versions (source_sha256);
        """,

        // 4: idempotency keys of submissions (IIdempotencyKeyStore): the key (scoped by the caller), the fingerprint
        // of the request that claimed it, the ingestion it created (NULL while that request runs), when it was claimed.
        """
        CREATE TABLE idempotency_keys (
            idempotency_key  TEXT NOT NULL PRIMARY KEY,
            fingerprint      TEXT NOT NULL,
            ingestion_id     TEXT,
            claimed_at       TEXT NOT NULL
        );
        """,

        // 5 (changes feed, issue 18): one row per ingestion that reached a final status, numbered in commit order.
        // Triggers write it in the statement (hence the transaction) that writes the final status, so no code path
        // can store an outcome without its entry; AUTOINCREMENT never reuses a number. The report's identity is
        // copied from its version (the head only when the version is gone), the changed cells are read from the
        // version at query time. Existing final ingestions are numbered in the order they ended.
        """
        CREATE TABLE changes (
            sequence         INTEGER PRIMARY KEY AUTOINCREMENT,
            ingestion_id     TEXT    NOT NULL UNIQUE,
            outcome          TEXT    NOT NULL,
            at               TEXT    NOT NULL,
            at_ms            INTEGER NOT NULL,
            stage            TEXT,
            report_key       TEXT,
            version          INTEGER,
            reason_code      TEXT,
            reason           TEXT,
            organization     TEXT,
            organization_normalized TEXT,
            region           TEXT,
            year             INTEGER
        );
        CREATE INDEX changes_by_at ON changes (at_ms);

        CREATE TRIGGER changes_on_final_update AFTER UPDATE OF status ON ingestions
        WHEN NEW.status IN ('VersionCreated', 'Unchanged', 'Rejected')
         AND OLD.status NOT IN ('VersionCreated', 'Unchanged', 'Rejected')
        BEGIN
            INSERT OR IGNORE INTO changes (ingestion_id, outcome, at, at_ms, stage, report_key, version, reason_code, reason,
                                           organization, organization_normalized, region, year)
            SELECT NEW.ingestion_id, NEW.status, NEW.updated_at,
                   CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER),
                   NEW.stage, NEW.report_key, NEW.version, NEW.reason_code, NEW.reason,
                   COALESCE(v.organization, h.organization), COALESCE(v.organization_normalized, h.organization_normalized),
                   COALESCE(v.region, h.region), COALESCE(v.year, h.year)
            FROM (SELECT 1)
            LEFT JOIN report_versions v ON v.report_key = NEW.report_key AND v.version = NEW.version
            LEFT JOIN report_heads h ON h.report_key = NEW.report_key;
        END;

        CREATE TRIGGER changes_on_final_insert AFTER INSERT ON ingestions
        WHEN NEW.status IN ('VersionCreated', 'Unchanged', 'Rejected')
        BEGIN
            INSERT OR IGNORE INTO changes (ingestion_id, outcome, at, at_ms, stage, report_key, version, reason_code, reason,
                                           organization, organization_normalized, region, year)
            SELECT NEW.ingestion_id, NEW.status, NEW.updated_at,
                   CAST(round((julianday(NEW.updated_at) - 2440587.5) * 86400000.0) AS INTEGER),
                   NEW.stage, NEW.report_key, NEW.version, NEW.reason_code, NEW.reason,
                   COALESCE(v.organization, h.organization), COALESCE(v.organization_normalized, h.organization_normalized),
                   COALESCE(v.region, h.region), COALESCE(v.year, h.year)
            FROM (SELECT 1)
            LEFT JOIN report_versions v ON v.report_key = NEW.report_key AND v.version = NEW.version
            LEFT JOIN report_heads h ON h.report_key = NEW.report_key;
        END;

        INSERT INTO changes (ingestion_id, outcome, at, at_ms, stage, report_key, version, reason_code, reason,
                             organization, organization_normalized, region, year)
        SELECT i.ingestion_id, i.status, i.updated_at,
               CAST(round((julianday(i.updated_at) - 2440587.5) * 86400000.0) AS INTEGER),
               i.stage, i.report_key, i.version, i.reason_code, i.reason,
               COALESCE(v.organization, h.organization), COALESCE(v.organization_normalized, h.organization_normalized),
               COALESCE(v.region, h.region), COALESCE(v.year, h.year)
        FROM ingestions i
        LEFT JOIN report_versions v ON v.report_key = i.report_key AND v.version = i.version
        LEFT JOIN report_heads h ON h.report_key = i.report_key
        WHERE i.status IN ('VersionCreated', 'Unchanged', 'Rejected')
        ORDER BY julianday(i.updated_at), i.rowid;
        """,

        // 6: report listings served by indexes (SqliteReportStore.Queries.cs). Equality filters have an index
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

        // 7: callbacks (issue 16 part 5, ICallbackStore): the callback URL of an ingestion, stored before its submission
        // is published, and how its delivery went (pending / delivered / failed after `attempts`).
        """
        CREATE TABLE callbacks (
            ingestion_id   TEXT NOT NULL PRIMARY KEY,
            url            TEXT NOT NULL,
            status         TEXT NOT NULL,
            attempts       INTEGER NOT NULL DEFAULT 0,
            last_error     TEXT,
            registered_at  TEXT NOT NULL,
            completed_at   TEXT
        );
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
