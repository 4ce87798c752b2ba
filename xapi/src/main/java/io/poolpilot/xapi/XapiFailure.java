package io.poolpilot.xapi;

import java.util.List;
import java.util.Objects;

/** A failure XAPI reported in its envelope ({@code Status: Failure, ErrorDescription: [code, params...]}). */
public final class XapiFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final List<String> params;

    public XapiFailure(String code, List<String> params) {
        super(describe(code, params));
        this.code = requireCode(code);
        this.params = List.copyOf(params);
    }

    /** Builds a failure from XAPI's ErrorDescription array: first element the code, the rest its parameters. */
    public static XapiFailure fromErrorDescription(List<String> errorDescription) {
        if (errorDescription.isEmpty()) {
            throw new XapiTransportException("XAPI Failure envelope with an empty ErrorDescription");
        }
        return new XapiFailure(errorDescription.getFirst(), errorDescription.subList(1, errorDescription.size()));
    }

    public String code() {
        return code;
    }

    public List<String> params() {
        return params;
    }

    /** The i-th parameter, or the empty string when XAPI sent fewer. */
    public String param(int index) {
        return index < params.size() ? params.get(index) : "";
    }

    public boolean is(String errorCode) {
        return code.equals(errorCode);
    }

    private static String requireCode(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("XAPI failure code must not be blank, got '" + code + "'");
        }
        return code;
    }

    private static String describe(String code, List<String> params) {
        Objects.requireNonNull(params, "params");
        // A session ref is a bearer credential: never put it into a message that may be logged.
        List<String> shown = XapiErrorCodes.SESSION_INVALID.equals(code)
                ? params.stream().map(p -> "<session ref>").toList()
                : params;
        return "XAPI failure " + code + " " + shown;
    }
}
