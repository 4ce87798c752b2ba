package io.poolpilot.xapi;

/**
 * The conversation with XAPI broke below the envelope: network, HTTP status, TLS, a malformed
 * or truncated document, a record missing a field PoolPilot needs. Distinct from {@link XapiFailure},
 * which is XAPI answering properly that an operation failed.
 */
public class XapiTransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public XapiTransportException(String message) {
        super(message);
    }

    public XapiTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
