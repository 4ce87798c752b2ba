package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTest {

    private final StringWriter text = new StringWriter();

    private static JsonNode json(String s) throws Exception {
        return ControlApi.JSON.readTree(s);
    }

    @Test
    void aTableAlignsColumnsUnderTheirHeadersAndShowsBytesInGib() throws Exception {
        new Output(Output.Format.table, new PrintWriter(text)).list(List.of(
                json("{\"name\":\"web\",\"memoryBytes\":2147483648}"), json("{\"name\":\"database\",\"memoryBytes\":null}")),
                List.of(Column.of("NAME", "/name"), Column.gib("MEMORY_GIB", "/memoryBytes")));
        assertThat(text.toString().lines()).containsExactly("NAME      MEMORY_GIB", "web       2.0", "database");
    }

    @Test
    void oneResourceShowsScalarsAndOneLevelOfNestingButNoArrays() throws Exception {
        new Output(Output.Format.table, new PrintWriter(text)).one(json(
                "{\"id\":\"p1\",\"budgets\":{\"maxMigrations\":10},\"forecast\":{\"before\":[1]},\"steps\":[{}]}"));
        assertThat(text.toString().lines()).containsExactly("id                     p1", "budgets.maxMigrations  10");
    }

    @Test
    void jsonListsAreOneArray() throws Exception {
        new Output(Output.Format.json, new PrintWriter(text)).list(List.of(json("{\"a\":1}"), json("{\"a\":2}")), List.of());
        assertThat(ControlApi.JSON.readTree(text.toString()).findValuesAsText("a")).containsExactly("1", "2");
    }
}
