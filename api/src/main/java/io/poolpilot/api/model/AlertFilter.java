package io.poolpilot.api.model;

/**
 * Which alerts a list asks for; a null field means any.
 *
 * @param open   true: only alerts that still hold; false: only cleared ones
 * @param poolId only this pool's
 * @param kind   only this kind (e.g. {@code host-down})
 */
public record AlertFilter(Boolean open, String poolId, String kind) {

    public static final AlertFilter ALL = new AlertFilter(null, null, null);
}
