-- The user field (issue 12, h-userfield): a member removed from a company keeps their name on the records that name
-- them, so the member directory lists everyone who has ever been a member (`active` says who still is; only they can
-- be newly set, checked by the server's records.MemberNames). History is kept by a trigger on memberships, the one
-- path every way of joining a company goes through; existing memberships are its first rows.
CREATE TABLE rowan.member_history (
    company_id uuid NOT NULL REFERENCES rowan.companies (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES rowan.users (id) ON DELETE CASCADE,
    PRIMARY KEY (company_id, user_id)
);

INSERT INTO rowan.member_history (company_id, user_id)
SELECT company_id, user_id FROM rowan.memberships
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION rowan.remember_member() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO rowan.member_history (company_id, user_id) VALUES (NEW.company_id, NEW.user_id)
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$;

CREATE TRIGGER memberships_remembered
    AFTER INSERT ON rowan.memberships
    FOR EACH ROW EXECUTE FUNCTION rowan.remember_member();

-- same columns first (id, name), `active` added at the end, so CREATE OR REPLACE VIEW keeps working on old views
CREATE OR REPLACE FUNCTION rowan.create_member_view(company_schema text, company uuid) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('CREATE OR REPLACE VIEW %I.members AS '
        || 'SELECT u.id, COALESCE(NULLIF(btrim(u.display_name), ''''), u.email) AS name, '
        || 'EXISTS (SELECT 1 FROM rowan.memberships m WHERE m.company_id = %L AND m.user_id = u.id) AS active '
        || 'FROM rowan.users u JOIN rowan.member_history h ON h.user_id = u.id '
        || 'WHERE h.company_id = %L', company_schema, company, company);
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
