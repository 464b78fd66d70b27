-- The user field (issue 12, h-userfield): a member removed from the company keeps their name on the records naming
-- them, so the directory keeps them, marked no longer active (the member picker offers active members only), as the
-- server's directory does (server migration V22).
ALTER TABLE public.members ADD COLUMN active BOOLEAN DEFAULT TRUE NOT NULL;
