package io.poolpilot.xapi.wire;

import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiTransportException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Unwraps XAPI's result envelope: {@code {Status: Success, Value}} or {@code {Status: Failure, ErrorDescription}}. */
public final class XapiEnvelope {

    private XapiEnvelope() {
    }

    /**
     * Returns the Value of a successful call (the empty string when XAPI sends none, as it does
     * for void methods), throws {@link XapiFailure} for a Failure and
     * {@link XapiTransportException} for anything that is not an envelope.
     */
    public static Object unwrap(String method, Object response) {
        if (!(response instanceof Map<?, ?> envelope)) {
            throw new XapiTransportException(method + ": malformed XAPI envelope, expected a struct with Status, got "
                    + XapiCodec.describe(response));
        }
        Object status = envelope.get("Status");
        if ("Success".equals(status)) {
            Object value = envelope.get("Value");
            return value == null ? "" : value;
        }
        if ("Failure".equals(status)) {
            Object description = envelope.get("ErrorDescription");
            List<String> parts = new ArrayList<>();
            try {
                for (Object part : XapiCodec.elements(description)) {
                    // XAPI sends strings; stringify anything else rather than lose the error.
                    parts.add(part instanceof String s ? s : String.valueOf(part));
                }
            } catch (IllegalArgumentException e) {
                throw new XapiTransportException(method + ": malformed XAPI Failure, ErrorDescription "
                        + e.getMessage(), e);
            }
            if (parts.isEmpty()) {
                throw new XapiTransportException(method + ": malformed XAPI Failure with an empty ErrorDescription");
            }
            throw XapiFailure.fromErrorDescription(parts);
        }
        throw new XapiTransportException(method + ": malformed XAPI envelope, Status is " + XapiCodec.describe(status)
                + " (expected Success or Failure)");
    }
}
