-- Manual order at 100,000 records (issue 11, h-kanban4): the records a view in manual order has NOT ranked, kept per
-- view in created order, so the first page after a column's last ranked card is an index range read instead of an
-- anti-join over every record of the column. Desktop only (the server's PostgreSQL plans the anti-join as a hash
-- join). kept_orders lists the views whose unranked records are kept (and for which table), view_unranked holds
-- them: rows are added when a record is written (RecordStore, Replica) or loses its rank (RankStore) and removed when
-- it gets one; a row whose record got a rank or was deleted is harmless, since reads check both (see UnrankedIndex).
CREATE TABLE rowan.kept_orders (view_id UUID NOT NULL PRIMARY KEY, table_id UUID NOT NULL,
    CONSTRAINT fk_kept_orders_view FOREIGN KEY (view_id) REFERENCES rowan.views (id) ON DELETE CASCADE);
CREATE INDEX ix_kept_orders_table ON rowan.kept_orders (table_id);
CREATE TABLE rowan.view_unranked (view_id UUID NOT NULL, record_id UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (view_id, record_id),
    CONSTRAINT fk_view_unranked_order FOREIGN KEY (view_id) REFERENCES rowan.kept_orders (view_id) ON DELETE CASCADE);
CREATE INDEX ix_view_unranked_order ON rowan.view_unranked (view_id, created_at, record_id);
