package io.poolpilot.api.http;

import io.poolpilot.api.auth.Role;
import io.poolpilot.api.model.Wire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The API's OpenAPI 3.1 document ({@code resources/openapi.json}): the one place where routes, roles,
 * parameters and bodies are declared. Loaded once through vertx-openapi, which resolves and checks it.
 */
public final class Contract {
    /** The contract, a resource of the api module. */
    public static final String RESOURCE = "/openapi.json";
    /** Operation extension naming the role a route needs; {@value #PUBLIC} for routes without a token. */
    public static final String ROLE_EXTENSION = "x-poolpilot-role";
    public static final String PUBLIC = "public";

    private final OpenAPIContract openApi;
    private final Buffer document;
    private final List<Route> routes;

    private Contract(OpenAPIContract openApi, Buffer document) {
        this.openApi = openApi;
        this.document = document;
        this.routes = openApi.operations().stream().map(Contract::route)
                .sorted(Comparator.comparing(Route::path).thenComparing(r -> r.method().name())).toList();
    }

    /**
     * Media types vertx-openapi 5.0 refuses to load, and the supported type each is checked as. The
     * shipped document keeps the real types; only the validator's copy of it is renamed.
     */
    static final Map<String, String> VALIDATED_AS = Map.of(
            ProblemType.MEDIA_TYPE, Json.MEDIA_TYPE,
            "text/csv", "text/plain",
            "text/event-stream", "text/plain");

    /** Reads and resolves the document; fails with the reason when it is not valid OpenAPI. */
    public static Future<Contract> load(Vertx vertx) {
        Buffer raw = Buffer.buffer(readDocument());
        return OpenAPIContract.from(vertx, forValidator(new JsonObject(raw))).map(resolved -> new Contract(resolved, raw));
    }

    /** The media type a response of {@code contentType} is validated as (see {@link #VALIDATED_AS}). */
    public static String validatedAs(String contentType) {
        if (contentType == null) {
            return null;
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return VALIDATED_AS.getOrDefault(media, media);
    }

    private static JsonObject forValidator(JsonObject document) {
        renameContent(document.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject()));
        JsonObject paths = document.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                Object operation = paths.getJsonObject(path).getValue(method);
                if (operation instanceof JsonObject op && op.getValue("responses") instanceof JsonObject responses) {
                    renameContent(responses);
                }
            }
        }
        return document;
    }

    private static void renameContent(JsonObject responses) {
        for (String status : responses.fieldNames()) {
            if (responses.getValue(status) instanceof JsonObject response && response.getValue("content") instanceof JsonObject content) {
                JsonObject renamed = new JsonObject();
                content.forEach(entry -> renamed.put(VALIDATED_AS.getOrDefault(entry.getKey(), entry.getKey()), entry.getValue()));
                response.put("content", renamed);
            }
        }
    }

    /** The document as shipped, byte for byte (served at {@code GET /openapi.json}). */
    public static byte[] readDocument() {
        try (InputStream in = Contract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the api jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public OpenAPIContract openApi() {
        return openApi;
    }

    public Buffer document() {
        return document;
    }

    /** Every declared operation, sorted by path then method. */
    public List<Route> routes() {
        return routes;
    }

    public Operation operation(String operationId) {
        return Objects.requireNonNull(openApi.operation(operationId), () -> "no operation " + operationId);
    }

    private static Route route(Operation operation) {
        Object declared = operation.getExtensions().get(ROLE_EXTENSION);
        String id = operation.getOperationId();
        if (!(declared instanceof String roleName)) {
            throw new IllegalStateException("operation " + id + " declares no " + ROLE_EXTENSION);
        }
        Role role = PUBLIC.equals(roleName) ? null : Wire.parse(Role.class, roleName)
                .orElseThrow(() -> new IllegalStateException("operation " + id + ": " + ROLE_EXTENSION + " '" + roleName
                        + "' is none of " + PUBLIC + ", " + Wire.choices(Role.class)));
        boolean secured = operation.getSecurityRequirements() != null && operation.getSecurityRequirements().stream()
                .anyMatch(requirement -> !requirement.isEmpty());
        if (secured != (role != null)) {
            throw new IllegalStateException("operation " + id + ": " + ROLE_EXTENSION + " is " + roleName
                    + " but its security is " + (secured ? "a bearer token" : "none"));
        }
        return new Route(operation.getHttpMethod(), operation.getOpenAPIPath(), id, role, operation.getRequestBody() != null);
    }
}
