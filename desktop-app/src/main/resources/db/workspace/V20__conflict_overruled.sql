-- Issue 11, slice h-viewmerge: a view-setting conflict this desktop lost (a pull told it someone else's later change
-- replaced its value without having seen it): its value is no longer in effect, so the conflicts screen offers
-- "Use yours again" instead of "Use theirs instead".
ALTER TABLE rowan.conflicts ADD COLUMN overruled BOOLEAN DEFAULT FALSE NOT NULL;
