package dev.rowan.model.schema;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Database identifiers are made only from ids, never from user text: {@code co_<32 hex>} schemas,
 * {@code dt_<company 12 hex>_<table 16 hex>} tables, {@code f_<16 hex>} columns.
 */
public final class PhysicalNames {
    private static final Pattern SAFE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private PhysicalNames() {
    }

    public static String hex(UUID id) {
        return id.toString().replace("-", "");
    }

    public static String companySchema(UUID companyId) {
        return "co_" + hex(companyId);
    }

    public static String table(UUID companyId, UUID tableId) {
        return "dt_" + hex(companyId).substring(0, 12) + "_" + hex(tableId).substring(0, 16);
    }

    public static String column(UUID fieldId) {
        return "f_" + hex(fieldId).substring(0, 16);
    }

    /** The junction table of a link field pair, named from the id of the side that created it. */
    public static String junction(UUID junctionId) {
        return "lk_" + hex(junctionId);
    }

    /** The side table keeping a rollup field's stored values ({@code sql.StoredRollups}), named from the field's id. */
    public static String storedRollup(UUID rollupFieldId) {
        return "sr_" + hex(rollupFieldId);
    }

    /** Guards every identifier before it is put into SQL: only names this class makes pass. */
    public static String checked(String identifier) {
        if (!SAFE.matcher(identifier).matches()) {
            throw new IllegalArgumentException("Not a generated identifier: " + identifier);
        }
        return identifier;
    }
}
