-- The member directory (issue 12, created by / last modified by): the company's members by id with the name they
-- show as, replaced on every sync from the server's /api/members, so names read offline too. It sits beside the user
-- tables (schema public, as shared-model RecordSql.members names it for a table without a schema), because the record
-- query itself reads names from it: filters and sorts on a name run inside H2 as they do in PostgreSQL.
CREATE TABLE public.members (
    id   UUID PRIMARY KEY,
    name VARCHAR(1000) NOT NULL
);
