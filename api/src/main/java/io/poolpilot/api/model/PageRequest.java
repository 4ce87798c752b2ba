package io.poolpilot.api.model;

/** Which page a port should return: at most {@code limit} items strictly after the key {@code afterKey} (null: from the start). */
public record PageRequest(int limit, String afterKey) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
    }
}
