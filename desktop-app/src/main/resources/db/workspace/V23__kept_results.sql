-- Issue 11: kept results (grouped grid summaries) written when the workspace closes and read back when it opens, so
-- the first grouped read after a restart does not scan the table again. Read and emptied at open (a crash after that
-- leaves nothing stale: the data may change before the next close), written again at close. See SavedResults.
CREATE TABLE rowan.kept_results (fingerprint VARCHAR(64) NOT NULL PRIMARY KEY, table_id UUID NOT NULL,
    payload CHARACTER LARGE OBJECT NOT NULL);
