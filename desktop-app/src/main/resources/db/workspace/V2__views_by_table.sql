-- Views are read by table: the grid's view config when a table opens (SchemaStore.gridViewConfig) and the view
-- list a pull replaces per table (Replica). Without an index each of those scans every view of the workspace.
CREATE INDEX ix_views_table ON rowan.views (table_id, sort_order);
