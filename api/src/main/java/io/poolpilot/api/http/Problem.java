package io.poolpilot.api.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document. {@code errors} lists every invalid field of a validation problem;
 * {@code extensions} carry type-specific members (e.g. {@code currentVersion}, {@code changes}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance,
                      List<FieldError> errors, @JsonIgnore Map<String, Object> extensions) {
    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, List.of(), Map.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, extensions);
    }

    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, errors, more);
    }

    public Problem at(String requestPath) {
        return new Problem(type, title, status, detail, requestPath, errors, extensions);
    }

    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions;
    }
}
