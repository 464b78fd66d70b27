package dev.rowan.model.query;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParserTest {

    @Test
    void readsNestedGroupsAndConditions() {
        Filter f = QueryParser.parseFilter("""
                {"operator":"and","conditions":[
                  {"field":"Qty","operator":"gt","value":5},
                  {"operator":"OR","conditions":[
                    {"field":"Status","operator":"in","value":["Open","Done"]},
                    {"field":"Due","operator":"isNull"}]},
                  {"conditions":[]}]}""");
        assertThat(f).isEqualTo(Filter.and(
                Filter.where("Qty", Operator.GT, new BigDecimal("5")),
                Filter.or(Filter.where("Status", Operator.IN, List.of("Open", "Done")),
                        Filter.where("Due", Operator.IS_NULL, null)),
                new Filter.Group(Filter.Logic.AND, List.of())));
    }

    @Test
    void aSingleConditionIsAFilterToo() {
        assertThat(QueryParser.parseFilter("{\"field\":\"Name\",\"operator\":\"startsWith\",\"value\":\"a\"}"))
                .isEqualTo(Filter.where("Name", Operator.STARTS_WITH, "a"));
        assertThat(QueryParser.parseFilter("{\"field\":\"Name\",\"operator\":\"isNotNull\",\"value\":null}"))
                .isEqualTo(Filter.where("Name", Operator.IS_NOT_NULL, null));
    }

    @Test
    void everyOperatorIsReadByItsApiName() {
        for (Operator op : Operator.values()) {
            String value = op == Operator.BETWEEN ? "[1,2]" : op.takesList() ? "[1]" : "1";
            Filter f = QueryParser.parseFilter("{\"field\":\"F\",\"operator\":\"" + op.api() + "\",\"value\":" + value + "}");
            assertThat(((Filter.Condition) f).operator()).isEqualTo(op);
            assertThat(Operator.fromApi(op.api())).contains(op);
        }
        assertThat(Operator.fromApi("EQ")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '{'                                                               | filter                      | not valid JSON
            '{"field":"A","operator":"eq","value":1} x'                       | filter                      | not valid JSON
            '[]'                                                              | filter                      | expected an object
            '"A eq 1"'                                                        | filter                      | expected an object
            'null'                                                            | filter                      | expected an object
            '{"field":"A","operator":"like","value":"x"}'                     | filter.operator             | unknown operator 'like'
            '{"field":"A","operator":"Eq","value":"x"}'                       | filter.operator             | unknown operator
            '{"field":"A","value":"x"}'                                       | filter.operator             | needs an operator
            '{"field":"A","operator":5,"value":"x"}'                          | filter.operator             | needs an operator
            '{"operator":"eq","value":"x"}'                                   | filter.field                | needs a field
            '{"field":" ","operator":"eq","value":"x"}'                       | filter.field                | needs a field
            '{"field":7,"operator":"eq","value":"x"}'                         | filter.field                | needs a field
            '{"field":"A","operator":"eq"}'                                   | filter.value                | eq needs a value
            '{"field":"A","operator":"eq","value":[1]}'                       | filter.value                | needs a single value
            '{"field":"A","operator":"contains","value":{"a":1}}'             | filter.value                | needs a single value
            '{"field":"A","operator":"in","value":1}'                         | filter.value                | needs a list value
            '{"field":"A","operator":"between","value":[1]}'                  | filter.value                | between needs [low, high]
            '{"field":"A","operator":"between","value":[1,2,3]}'              | filter.value                | between needs [low, high]
            '{"field":"A","operator":"eq","value":1,"extra":true}'            | filter.extra                | unknown property in a condition
            '{"operator":"and","conditions":[],"field":"A"}'                  | filter.field                | unknown property in a group
            '{"operator":"xor","conditions":[]}'                              | filter.operator             | 'and' or 'or'
            '{"operator":"and","conditions":{}}'                              | filter.conditions           | expected a list
            '{"conditions":[{"field":"A","operator":"eq","value":1},5]}'      | filter.conditions[1]        | expected an object
            '{"conditions":[{"conditions":[{"field":"A","operator":"nope"}]}]}' | filter.conditions[0].conditions[0].operator | unknown operator
            """)
    void malformedFiltersAreA422SayingWhereAndWhat(String json, String path, String message) {
        assertThatThrownBy(() -> QueryParser.parseFilter(json)).isInstanceOfSatisfying(RowanException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).extracting(FieldError::field).containsExactly(path);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static String nested(int groups) {
        String s = "{\"field\":\"A\",\"operator\":\"isNull\"}";
        for (int i = 0; i < groups; i++) s = "{\"operator\":\"or\",\"conditions\":[" + s + "]}";
        return s;
    }

    private static String wide(int conditions) {
        StringBuilder sb = new StringBuilder("{\"conditions\":[");
        for (int i = 0; i < conditions; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"field\":\"A\",\"operator\":\"eq\",\"value\":").append(i).append('}');
        }
        return sb.append("]}").toString();
    }

    @Test
    void depthAndSizeAreBounded() {
        assertThat(QueryParser.parseFilter(nested(QueryParser.MAX_DEPTH))).isInstanceOf(Filter.Group.class);
        assertThatThrownBy(() -> QueryParser.parseFilter(nested(QueryParser.MAX_DEPTH + 1)))
                .isInstanceOf(RowanException.class).hasMessageContaining("deeper than 8");
        assertThat(((Filter.Group) QueryParser.parseFilter(wide(QueryParser.MAX_CONDITIONS - 1))).conditions())
                .hasSize(QueryParser.MAX_CONDITIONS - 1);
        assertThatThrownBy(() -> QueryParser.parseFilter(wide(QueryParser.MAX_CONDITIONS)))
                .isInstanceOf(RowanException.class).hasMessageContaining("more than 200 conditions");
        String thousand = "[" + "1,".repeat(1000) + "1]";
        assertThatThrownBy(() -> QueryParser.parseFilter("{\"field\":\"A\",\"operator\":\"in\",\"value\":" + thousand + "}"))
                .hasMessageContaining("at most 1000 values");
        assertThatThrownBy(() -> QueryParser.parseFilter("[".repeat(100_000)))
                .isInstanceOf(RowanException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void sortsAreReadWithAscendingAsTheDefault() {
        assertThat(QueryParser.parseSort("[{\"field\":\"Due\",\"direction\":\"desc\"},{\"field\":\"Name\"},"
                + "{\"field\":\"Qty\",\"direction\":\"ASC\"}]"))
                .containsExactly(Sort.desc("Due"), Sort.asc("Name"), Sort.asc("Qty"));
        assertThat(QueryParser.parseSort("{\"field\":\"createdAt\",\"direction\":\"DESC\"}"))
                .containsExactly(new Sort("createdAt", true));
        assertThat(QueryParser.parseSort("[]")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '[{"field":"A"'                          | sort              | not valid JSON
            '"A"'                                    | sort              | expected a list
            '[{"direction":"asc"}]'                  | sort[0]           | expected {"field"
            '[{"field":""}]'                         | sort[0]           | expected {"field"
            '[{"field":"A"},"B"]'                    | sort[1]           | expected {"field"
            '[{"field":"A","direction":"down"}]'     | sort[0].direction | use asc or desc
            '[{"field":"A","direction":1}]'          | sort[0].direction | use asc or desc
            """)
    void malformedSortsAreA422(String json, String path, String message) {
        assertThatThrownBy(() -> QueryParser.parseSort(json)).isInstanceOfSatisfying(RowanException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).extracting(FieldError::field).containsExactly(path);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void atMostEightSortKeys() {
        String eight = "[" + "{\"field\":\"A\"},".repeat(7) + "{\"field\":\"A\"}]";
        assertThat(QueryParser.parseSort(eight)).hasSize(8);
        String nine = "[" + "{\"field\":\"A\"},".repeat(8) + "{\"field\":\"A\"}]";
        assertThatThrownBy(() -> QueryParser.parseSort(nine)).hasMessageContaining("at most 8 sort keys");
    }
}
