package io.poolpilot.daemon.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.api.model.HostForecast;
import io.poolpilot.api.model.PlanForecast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads back what {@link PlanService} stored with a solved plan: {@code predicted} (the planner's host
 * loads before and after, keyed by host), {@code measured} (once it ran) and {@code explanation}. A stored value that cannot be read is
 * logged and shown as absent rather than failing the whole plan.
 */
final class StoredForecast {

    private static final Logger log = LoggerFactory.getLogger(StoredForecast.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredForecast() {
    }

    /** The forecast, or null when the plan is not solved yet or the stored value is unreadable. */
    static PlanForecast forecast(String planId, String predictedJson, String measuredJson) {
        if (predictedJson == null) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(predictedJson);
            List<HostForecast> measured = null;
            java.time.Instant measuredAt = null;
            if (measuredJson != null) {
                try {
                    JsonNode m = JSON.readTree(measuredJson);
                    measured = loads(m.path("hosts"));
                    measuredAt = java.time.Instant.parse(m.path("at").asText());
                } catch (Exception e) {
                    log.warn("event=plan_measured_unreadable plan={} error=\"{}\"", planId, e.getMessage());
                    measured = null;
                    measuredAt = null;
                }
            }
            return new PlanForecast(loads(root.path("before")), loads(root.path("after")), measured, measuredAt);
        } catch (Exception e) {
            log.warn("event=plan_forecast_unreadable plan={} error=\"{}\"", planId, e.getMessage());
            return null;
        }
    }

    /** The planner's explanation lines; empty when none was stored or it is unreadable. */
    static List<String> explanation(String planId, String explanationJson) {
        if (explanationJson == null) {
            return List.of();
        }
        try {
            List<String> lines = new ArrayList<>();
            for (JsonNode line : JSON.readTree(explanationJson)) {
                lines.add(line.asText());
            }
            return lines;
        } catch (Exception e) {
            log.warn("event=plan_explanation_unreadable plan={} error=\"{}\"", planId, e.getMessage());
            return List.of();
        }
    }

    private static List<HostForecast> loads(JsonNode byHost) {
        if (!byHost.isObject()) {
            throw new IllegalArgumentException("expected an object of host loads, got " + byHost.getNodeType());
        }
        List<HostForecast> out = new ArrayList<>();
        for (JsonNode load : byHost) {
            out.add(new HostForecast(load.path("hostId").asText(), load.path("vmCount").asInt(), load.path("vcpus").asInt(),
                    load.path("cpuDemandCores").asDouble(), load.path("cpuUtilisation").asDouble(),
                    load.path("memoryUsedBytes").asLong(), load.path("memoryUtilisation").asDouble()));
        }
        return out;
    }
}
