package io.poolpilot.simulator.state;

import java.util.List;

/** An XAPI failure as it goes on the wire: an error code and its string parameters. */
public final class XapiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final List<String> params;

    public XapiException(String code, String... params) {
        this(code, List.of(params));
    }

    public XapiException(String code, List<String> params) {
        super(code + " " + params, null, false, false);
        this.code = code;
        this.params = List.copyOf(params);
    }

    public String code() {
        return code;
    }

    public List<String> params() {
        return params;
    }

    /** ErrorDescription: the code followed by its parameters. */
    public List<String> errorDescription() {
        var out = new java.util.ArrayList<String>(params.size() + 1);
        out.add(code);
        out.addAll(params);
        return out;
    }
}
