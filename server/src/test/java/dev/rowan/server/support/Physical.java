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

    public static String schema(Map<String, ?> table) {
        UUID company = (UUID) Sql.value("SELECT company_id FROM rowan.tables WHERE id = ?", String.valueOf(table.get("id")));
        return PhysicalNames.companySchema(company);
    }

    public static String table(Map<String, ?> table) {
        UUID company = (UUID) Sql.value("SELECT company_id FROM rowan.tables WHERE id = ?", String.valueOf(table.get("id")));
        return PhysicalNames.table(company, UUID.fromString(String.valueOf(table.get("id"))));
    }

    public static String column(Map<String, ?> field) {
        return PhysicalNames.column(UUID.fromString(String.valueOf(field.get("id"))));
    }
}
