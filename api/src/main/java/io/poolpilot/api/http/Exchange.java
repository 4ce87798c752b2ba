package io.poolpilot.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.poolpilot.api.auth.Principal;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One request as a handler sees it: matched route, path parameters, caller, parsed body, helpers that validate input. */
public final class Exchange {
    private final Vertx vertx;
    private final Context context;
    private final HttpServerRequest request;
    private final Route route;
    private final Map<String, String> pathParams;
    private final MultiMap query;
    private final Principal principal;
    private final ObjectNode body;
    private final CursorCodec cursors;
    private final String requestId;

    Exchange(Vertx vertx, Context context, HttpServerRequest request, Route route, Map<String, String> pathParams, MultiMap query,
             Principal principal, ObjectNode body, CursorCodec cursors, String requestId) {
        // Built by OperationHandler once the request passed authentication, authorization and the contract check.
        this.vertx = vertx;
        this.context = context;
        this.request = request;
        this.route = route;
        this.pathParams = Map.copyOf(pathParams);
        this.query = query;
        this.principal = principal;
        this.body = body;
        this.cursors = cursors;
        this.requestId = requestId;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The event loop of this request's connection: where writes to its response belong. */
    public Context context() {
        return context;
    }

    public HttpServerRequest request() {
        return request;
    }

    public Route route() {
        return route;
    }

    public String requestId() {
        return requestId;
    }

    /** Token name of the caller, for audit and for ports; "anonymous" on unauthenticated routes. */
    public String actor() {
        return principal == null ? "anonymous" : principal.name();
    }

    public String header(String name) {
        return request.getHeader(name);
    }

    /** The JSON object sent as body; an empty object when the request had none. */
    public ObjectNode body() {
        return body == null ? JsonNodeFactory.instance.objectNode() : body;
    }

    public String uuidParam(String name) {
        String value = pathParams.get(name);
        if (!Ids.isUuid(value)) {
            throw Violations.single("path", name, "must be a lower-case UUID like 0b7f0c4e-5c1a-4d9e-9a3e-2f6f3c1d2e4f, got '"
                    + abbreviate(value) + "'");
        }
        return value;
    }

    /** A numeric id such as an alert's. */
    public String numberParam(String name) {
        String value = pathParams.get(name);
        if (value == null || !value.matches("[0-9]{1,18}")) {
            throw Violations.single("path", name, "must be a whole number such as 12, got '" + abbreviate(value) + "'");
        }
        return value;
    }

    public String poolIdParam(String name) {
        String value = pathParams.get(name);
        if (!Ids.isPoolId(value)) {
            throw Violations.single("path", name, "must be a pool name of 1-64 characters [A-Za-z0-9._-], got '"
                    + abbreviate(value) + "'");
        }
        return value;
    }

    public String accountIdParam(String name) {
        String value = pathParams.get(name);
        if (!Ids.isAccountId(value)) {
            throw Violations.single("path", name, "must be an account id of " + Ids.ACCOUNT_ID_SHAPE + ", got '"
                    + abbreviate(value) + "'");
        }
        return value;
    }

    /** Refuses query parameters this route does not know, and parameters given twice. */
    public void allowQuery(String... names) {
        Set<String> allowed = Set.of(names);
        Violations violations = new Violations();
        for (String name : new TreeSet<>(query.names())) {
            if (!allowed.contains(name)) {
                violations.add("query", name, "unknown parameter; this route takes " + (names.length == 0 ? "none" : Arrays.toString(names)));
            } else if (query.getAll(name).size() > 1) {
                violations.add("query", name, "given more than once");
            }
        }
        violations.throwIfAny();
    }

    public String query(String name) {
        return query.get(name);
    }

    /**
     * The page asked for by {@code ?limit&after}; {@code scope} names the list so a cursor from one list
     * is refused by another.
     */
    public PageRequest page(String scope, String... otherQueryParams) {
        String[] names = Arrays.copyOf(otherQueryParams, otherQueryParams.length + 2);
        names[names.length - 2] = "limit";
        names[names.length - 1] = "after";
        allowQuery(names);
        int limit = PageRequest.DEFAULT_LIMIT;
        String limitText = query("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
                throw Violations.single("query", "limit", "must be an integer 1.." + PageRequest.MAX_LIMIT
                        + ", got '" + abbreviate(limitText) + "'");
            }
        }
        String after = query("after");
        String afterKey = after == null ? null : cursors.decode(scope, after);
        return new PageRequest(limit, afterKey);
    }

    /** A list reply {@code {items, next}} where {@code next} is a cursor for the following page, or null. */
    public <T> Reply pageReply(String scope, Page<T> page) {
        String next = page.nextKey() == null ? null : cursors.encode(scope, page.nextKey());
        return Reply.ok(new PageBody<>(page.items(), next));
    }

    /** A value quoted in an error message, cut to 80 characters. */
    public static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    /** Wire shape of every list. {@code next} is always present, null on the last page. */
    public record PageBody<T>(List<T> items,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                              String next) {
    }
}
