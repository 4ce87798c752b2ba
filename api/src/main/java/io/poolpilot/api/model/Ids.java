package io.poolpilot.api.model;

import java.util.regex.Pattern;

/** Shapes of the identifiers the API accepts, in one place (path parameters, bodies, records). */
public final class Ids {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Pool ids are the pool names from the daemon configuration. */
    private static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Billing account ids as set in VMs' other_config by the billing system: no spaces, slashes or quotes. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    public static final String ACCOUNT_ID_SHAPE = "1-128 characters [A-Za-z0-9._:@-] starting with a letter or digit";

    private Ids() {
    }

    public static boolean isUuid(String text) {
        return text != null && UUID.matcher(text).matches();
    }

    public static boolean isPoolId(String text) {
        return text != null && POOL_ID.matcher(text).matches();
    }

    public static boolean isAccountId(String text) {
        return text != null && ACCOUNT_ID.matcher(text).matches();
    }

    public static String requireAccountId(String field, String text) {
        if (!isAccountId(text)) {
            throw new IllegalArgumentException(field + " must be an account id of " + ACCOUNT_ID_SHAPE + ", got '" + text + "'");
        }
        return text;
    }

    public static String requireUuid(String field, String text) {
        if (!isUuid(text)) {
            throw new IllegalArgumentException(field + " must be a lower-case UUID like "
                    + "'0b7f0c4e-5c1a-4d9e-9a3e-2f6f3c1d2e4f', got '" + text + "'");
        }
        return text;
    }

    public static String requirePoolId(String field, String text) {
        if (!isPoolId(text)) {
            throw new IllegalArgumentException(field + " must be a pool name of 1-64 characters "
                    + "[A-Za-z0-9._-] starting with a letter or digit, got '" + text + "'");
        }
        return text;
    }
}
