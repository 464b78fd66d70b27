-- Kept /groups answers (issue 11, slice h-groupscold): the deepest group rows of an answer at the company's change
-- sequence `version`, so the first read after a server start loads it and catches it up from the change log instead
-- of grouping every record again. `question` names what the answer reads (views.GroupsQuestion: the physical table,
-- the filter by field ids, the read fields' ids and types), `generation` the stored form and the schema migrations it
-- was written under (an answer of another generation is not used), `asked` the question's group and summed-up field
-- ids and filter as JSON (a server's first write to the table loads the table's answers, so that write is followed).
-- Written in the background; a few per company; gone with their table.
CREATE TABLE kept_groups (
    company_id uuid        NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    question   text        NOT NULL,
    table_id   uuid        NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    generation text        NOT NULL,
    asked      text        NOT NULL,
    version    bigint      NOT NULL,
    answer     bytea       NOT NULL,
    saved_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, question)
);
