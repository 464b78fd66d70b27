package dev.rowan.server.files;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changing a field's type to attachment over HTTP on the real PostgreSQL: values that name no file of the table
 * (an id-like text that is no upload, a file of another table) refuse the change with 422 saying how many records,
 * in the dry run too, and nothing changes; once they are emptied the change goes through and the values are files.
 */
class AttachmentTypeChangeTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(ApiClient api, String table, String name) {
        ApiClient.Response t = api.get("/api/tables/" + table);
        return ((List<Map<String, Object>>) t.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Object value(ApiClient api, String table, String id, String name) {
        return ((Map<String, Object>) api.get("/api/tables/" + table + "/records/" + id).map().get("fields")).get(name);
    }

    private static String upload(ApiClient api, String table, String name) {
        ApiClient.Response up = api.raw("POST", "/api/tables/" + table + "/files?name=" + name,
                ("bytes of " + name).getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).as(up.body()).isIn(200, 201);
        return up.id();
    }

    @Test
    void valuesThatNameNoFileOfTheTableRefuseTheChangeAndNothingChanges() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Files");
        String docs = (String) api.createTable(app, "Docs", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Ref", "type", "text"))).get("id");
        String other = (String) api.createTable(app, "Other", List.of(Map.of("name", "Title", "type", "text"))).get("id");
        String mine = upload(api, docs, "plan.txt");
        String theirs = upload(api, other, "theirs.txt");
        String records = "/api/tables/" + docs + "/records";
        String good = api.post(records, Map.of("fields", Map.of("Title", "good", "Ref", mine))).id();
        String stray = api.post(records, Map.of("fields", Map.of("Title", "stray", "Ref",
                UUID.randomUUID().toString()))).id();
        String foreign = api.post(records, Map.of("fields", Map.of("Title", "foreign", "Ref", theirs))).id();
        api.post(records, Map.of("fields", Map.of("Title", "empty")));
        String fieldPath = "/api/tables/" + docs + "/fields/" + field(api, docs, "Ref").get("id");
        long changes = Sql.changes(api.companyId);

        for (String query : List.of("?dryRun=true", "", "?clearInvalid=true")) {
            ApiClient.Response r = api.patch(fieldPath + query, Map.of("type", "attachment"));
            assertThat(r.status()).as(query + " " + r.body()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.body()).contains("2 records' values of Ref name no file of this table")
                    .doesNotContain("SQL", "Exception", "dt_", "co_");
        }
        assertThat(field(api, docs, "Ref").get("type")).isEqualTo("text");
        assertThat(value(api, docs, stray, "Ref")).isInstanceOf(String.class);
        assertThat(value(api, docs, good, "Ref")).isEqualTo(mine);
        assertThat(Sql.changes(api.companyId)).as("nothing journalled").isEqualTo(changes);

        assertThat(api.patch(records + "/" + stray, Map.of("fields", Map.of("Ref", ""))).status()).isEqualTo(200);
        ApiClient.Response one = api.patch(fieldPath, Map.of("type", "attachment"));
        assertThat(one.status()).as(one.body()).isEqualTo(422);
        assertThat(one.body()).contains("1 record's value of Ref names no file");

        assertThat(api.patch(records + "/" + foreign, Map.of("fields", Map.of("Ref", ""))).status()).isEqualTo(200);
        ApiClient.Response ok = api.patch(fieldPath, Map.of("type", "attachment"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(field(api, docs, "Ref").get("type")).isEqualTo("attachment");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) value(api, docs, good, "Ref");
        assertThat(files).extracting(f -> f.get("id")).containsExactly(mine);
    }
}
