package io.poolpilot.api.http;

/** One invalid input: where it was ({@code path}, {@code query}, {@code header}, {@code body}), which field, what is wrong. */
public record FieldError(String in, String field, String detail) {
}
