package io.poolpilot.simulator.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads scenario YAML into validated {@link Scenario} records; errors name the line and the field path. */
public final class ScenarioLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ScenarioLoader() {
    }

    /** Loads a scenario file. */
    public static Scenario load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a scenario from the classpath (e.g. "scenarios/small.yaml"). */
    public static Scenario loadResource(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario resource '" + resource + "' on the classpath");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario resource " + resource, e);
        }
    }

    /** Parses scenario YAML text; {@code origin} names it in error messages. */
    public static Scenario parse(String yaml, String origin) {
        try {
            Scenario scenario = YAML.readValue(yaml, Scenario.class);
            if (scenario == null) {
                throw new ScenarioException(origin + ": the file is empty", null);
            }
            return scenario;
        } catch (JsonMappingException e) {
            throw new ScenarioException(origin + where(e.getLocation()) + field(e) + ": " + rootMessage(e), e);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(origin + where(e.getLocation()) + ": malformed YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return ": line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : ": field " + path;
    }

    private static String rootMessage(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof IllegalArgumentException) {
            return t.getMessage();
        }
        return e.getOriginalMessage();
    }
}
