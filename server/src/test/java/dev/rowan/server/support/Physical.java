package dev.rowan.server.support;

import dev.rowan.model.schema.PhysicalNames;

import java.util.Map;
import java.util.UUID;

/**
 * Physical names of a table or field for assertions on what PostgreSQL really holds. The API no longer tells them,
 * so tests derive them from ids the way the server does.
 */
public final class Physical {
    private Physical() {
    }

    /** Companies of tables seen, so names still resolve after a test drops the table. */
    private static final Map<String, UUID> COMPANIES = new java.util.concurrent.ConcurrentHashMap<>();

    public static String schema(Map<String, ?> table) {
        return PhysicalNames.companySchema(company(table));
    }

    public static String table(Map<String, ?> table) {
        return PhysicalNames.table(company(table), UUID.fromString(String.valueOf(table.get("id"))));
    }

    private static UUID company(Map<String, ?> table) {
        String id = String.valueOf(table.get("id"));
        return COMPANIES.computeIfAbsent(id, k -> {
            Object c = Sql.value("SELECT company_id FROM rowan.tables WHERE id = ?", k);
            if (c == null) throw new IllegalStateException("table " + k + " is gone; take its names before dropping it");
            return (UUID) c;
        });
    }

    public static String column(Map<String, ?> field) {
        return PhysicalNames.column(UUID.fromString(String.valueOf(field.get("id"))));
    }
}
