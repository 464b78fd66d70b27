package dev.rowan.desktop.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowan.model.json.JsonText;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonStreamTest {
    private static Object parse(String json) throws IOException {
        return JsonStream.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheSameValuesAsJsonText() throws IOException {
        String json = """
                {"cursor":"s:12:-:-","hasMore":true,"n":[0,-0,7,-12,123456789012345678901234567890,1.50,-2.5e3,1E-3,0.000],
                 "records":[{"id":"a","fields":{"t":"caf\\u00e9 \\"quoted\\" \\\\ line\\nbreak","b":false,"z":null,
                 "j":{"deep":[[],{}]}}}],"utf8":"日本語 ✓","empty":{},"list":[]}""";
        assertThat(parse(json)).isEqualTo(JsonText.parse(json));
        assertThat(parse("")).isEqualTo(Map.of());
        assertThat(parse("  [1, \"x\"]  ")).isEqualTo(JsonText.parse("[1, \"x\"]"));
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : new String[]{"<html>", "{\"a\":1", "{\"a\":1} x", "[1,]", "{\"a\" 1}", "[" .repeat(100) + "]".repeat(100)}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
        }
    }
}
