-- Members' emails (issue 12, h-fieldgaps2): pasting "ann@example.com" into a user cell and the type change text -> user
-- take a current member's email as the server's conversion does, offline too. Filled from the server's /api/members
-- (which lists them only to members of the company); NULL until the next sync and for workspaces never signed in.
ALTER TABLE public.members ADD COLUMN email VARCHAR(1000);
