package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An asynchronous XAPI operation (e.g. a live migration) and how far it got. */
public record Task(String ref, String uuid, String nameLabel, TaskStatus status, double progress,
                   String result, List<String> errorInfo, Optional<Instant> created,
                   Optional<Instant> finished) implements XapiObject {

    private static final Pattern RESULT_REF = Pattern.compile("(OpaqueRef:[0-9A-Za-z-]+)");

    public Task {
        XapiObject.requireIdentity("Task", ref, uuid);
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(status, "status");
        if (Double.isNaN(progress) || progress < 0.0 || progress > 1.0) {
            throw new IllegalArgumentException("Task " + ref + " progress must be within 0..1, got " + progress);
        }
        Objects.requireNonNull(result, "result");
        errorInfo = List.copyOf(errorInfo);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(finished, "finished");
    }

    /**
     * The ref in the task's result. XAPI wraps results as XML-RPC fragments such as
     * {@code <value>OpaqueRef:...</value>}; a bare ref is accepted too.
     */
    public Optional<String> resultRef() {
        Matcher m = RESULT_REF.matcher(result);
        return m.find() && !"OpaqueRef:NULL".equals(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static Task fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("task", ref, fields);
        double raw = f.float64("progress");
        double progress = Double.isNaN(raw) ? 0.0 : Math.clamp(raw, 0.0, 1.0);
        return new Task(ref, f.uuid(), f.stringOr("name_label", ""),
                f.enumValue("status", TaskStatus.class, TaskStatus.UNKNOWN), progress,
                f.stringOr("result", ""), f.strings("error_info"), f.dateTime("created"), f.dateTime("finished"));
    }
}
