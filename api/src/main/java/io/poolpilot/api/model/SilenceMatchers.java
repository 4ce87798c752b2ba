package io.poolpilot.api.model;

/**
 * What a silence selects: every matcher that is set must equal the alert's label (null matches anything);
 * at least one is set, so no silence mutes everything by accident.
 */
public record SilenceMatchers(String kind, String poolId, String hostUuid, String srUuid) {
    public SilenceMatchers {
        if (kind == null && poolId == null && hostUuid == null && srUuid == null) {
            throw new IllegalArgumentException("a silence needs at least one matcher: kind, poolId, hostUuid or srUuid");
        }
    }

    public boolean select(AlertLabels labels) {
        return same(kind, labels.kind()) && same(poolId, labels.poolId()) && same(hostUuid, labels.hostUuid())
                && same(srUuid, labels.srUuid());
    }

    private static boolean same(String matcher, String label) {
        return matcher == null || matcher.equals(label);
    }
}
