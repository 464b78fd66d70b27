-- Attachments (issue 12): files live in each company's own schema, so every server instance sees them and
-- `pg_dump -n co_<id>` backs a company up with its files. The bytes are content-addressed: one blob per distinct
-- SHA-256 in a company, split into chunks (streamed both ways, never whole in memory); a file is a name for a blob,
-- uploaded to one table (its access rules are the table's). This function is the one definition of those tables:
-- new companies get them when their schema is made (AccountRepository.createCompany), existing ones below.
CREATE OR REPLACE FUNCTION rowan.create_file_tables(company_schema text) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.file_blobs ('
        || 'id uuid PRIMARY KEY, '
        || 'sha256 bytea UNIQUE, '                     -- null while the upload streams in
        || 'size bigint NOT NULL DEFAULT 0, '
        || 'chunks integer NOT NULL DEFAULT 0, '
        || 'mime text, width integer, height integer, '
        || 'ready boolean NOT NULL DEFAULT false, '
        || 'created_at timestamptz NOT NULL DEFAULT now())', company_schema);
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.file_chunks ('
        || 'blob_id uuid NOT NULL REFERENCES %I.file_blobs (id) ON DELETE CASCADE, '
        || 'seq integer NOT NULL, '
        || 'data bytea NOT NULL, '
        || 'PRIMARY KEY (blob_id, seq))', company_schema, company_schema);
    -- files are mostly compressed already (images, PDFs, archives): trying to compress every chunk again costs
    -- CPU for nothing, so chunks are stored out of line as they are
    EXECUTE format('ALTER TABLE %I.file_chunks ALTER COLUMN data SET STORAGE EXTERNAL', company_schema);
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.file_thumbs ('
        || 'blob_id uuid PRIMARY KEY REFERENCES %I.file_blobs (id) ON DELETE CASCADE, '
        || 'data bytea NOT NULL)', company_schema, company_schema);
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.files ('
        || 'id uuid PRIMARY KEY, '
        || 'blob_id uuid NOT NULL REFERENCES %I.file_blobs (id), '
        || 'table_id uuid NOT NULL, '
        || 'name text NOT NULL, '
        || 'created_by uuid, '
        || 'created_at timestamptz NOT NULL DEFAULT now(), '
        || 'unreferenced_since timestamptz)', company_schema, company_schema);
    EXECUTE format('CREATE INDEX IF NOT EXISTS files_blob ON %I.files (blob_id)', company_schema);
END
$$;

DO
$$
    DECLARE
        s text;
    BEGIN
        FOR s IN SELECT schema_name FROM rowan.companies
            LOOP
                PERFORM rowan.create_file_tables(s);
            END LOOP;
    END
$$;
