-- The member directory of a company (issue 12, created by / last modified by): a view `members(id, name)` in the
-- company's own schema, beside its user tables, that record queries join to show who created or last changed a
-- record by name (shared-model RecordSql.MEMBERS; the desktop keeps a table of the same shape, filled on sync).
-- A member's name is the display name, or the email when there is none. This function is the one definition: new
-- companies get the view when their schema is made (AccountRepository.createCompany), existing ones below.
CREATE OR REPLACE FUNCTION rowan.create_member_view(company_schema text, company uuid) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('CREATE OR REPLACE VIEW %I.members AS '
        || 'SELECT u.id, COALESCE(NULLIF(btrim(u.display_name), ''''), u.email) AS name '
        || 'FROM rowan.users u JOIN rowan.memberships m ON m.user_id = u.id '
        || 'WHERE m.company_id = %L', company_schema, company);
END
$$;

DO
$$
    DECLARE
        c record;
    BEGIN
        FOR c IN SELECT id, schema_name FROM rowan.companies
            LOOP
                PERFORM rowan.create_member_view(c.schema_name, c.id);
            END LOOP;
    END
$$;
