package io.poolpilot.xapi;

/** An XAPI HTTP handler (such as rrd_updates) answered with a non-200 status; 401/403 mean the session is no good. */
public final class XapiHttpStatusException extends XapiTransportException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public XapiHttpStatusException(int statusCode, String message) {
        super(message);
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }

    /** True when logging in again may help. */
    public boolean isUnauthorised() {
        return statusCode == 401 || statusCode == 403;
    }
}
