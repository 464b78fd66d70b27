-- The functions formula fields compile to on H2 (issue 12): Java aliases into dev.rowan.model.formula.H2Functions.
-- H2Functions.createAliases() in the schema of the user tables (PUBLIC; Flyway runs in rowan); WorkspaceMigrationTest
-- keeps the two equal.
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_NUMBER FOR 'dev.rowan.model.formula.H2Functions.number';
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_TEXT FOR 'dev.rowan.model.formula.H2Functions.text';
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_BOOL FOR 'dev.rowan.model.formula.H2Functions.bool';
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_DATE FOR 'dev.rowan.model.formula.H2Functions.date';
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_DATETIME FOR 'dev.rowan.model.formula.H2Functions.datetime';
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_LIST FOR 'dev.rowan.model.formula.H2Functions.list';
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_LABELS FOR 'dev.rowan.model.formula.H2Functions.labels';
CREATE ALIAS IF NOT EXISTS PUBLIC.ROWAN_FORMULA_ARRAY FOR 'dev.rowan.model.formula.H2Functions.array';
