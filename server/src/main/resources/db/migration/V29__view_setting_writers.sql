-- Who made each view setting's current value (issue 11, slice h-viewmerge): when a later change that had not seen
-- the value replaces it (a contest), the person who set it (a desktop, by client id) is told through their next pull,
-- not only the person who synced last. A row per view and setting (a config setting such as 'query.sorts', or the
-- view's own 'name', 'personal', 'locked'); client_id is null for a REST caller, who gets the answer in the reply.
CREATE TABLE view_setting_writers (
    view_id   uuid   NOT NULL REFERENCES views (id) ON DELETE CASCADE,
    setting   text   NOT NULL,
    user_id   uuid   NOT NULL,
    client_id uuid,
    seq       bigint NOT NULL,
    PRIMARY KEY (view_id, setting)
);
