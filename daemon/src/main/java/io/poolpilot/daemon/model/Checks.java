package io.poolpilot.daemon.model;

/** Validation shared by the model records; messages name the field and the bad value. */
final class Checks {

    private Checks() {
    }

    static String uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank uuid, got '" + value + "'");
        }
        return value;
    }

    static String optionalUuid(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must be null (absent) or a non-blank uuid, got '" + value + "'");
        }
        return value;
    }

    static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    static void notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
    }

    /** NaN means "absent" and is allowed; infinities and negative amounts are not. */
    static void amount(String field, double value) {
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be finite or NaN (absent), got " + value);
        }
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value
                    + " (a counter reset or wrap must be dropped by the collector, not journaled)");
        }
    }
}
