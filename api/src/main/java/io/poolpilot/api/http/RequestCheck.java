package io.poolpilot.api.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.json.schema.common.dsl.SchemaType;

import java.util.Locale;

/**
 * Checks a request against its operation in the contract, with vertx-openapi's validator: every
 * parameter, then the JSON body against its schema. Unlike the router builder's own validation
 * handler it names every bad field in one 400 (not only the first) and runs on the event loop (the
 * checks are CPU-only and bodies are bounded), so a request costs no worker-thread hop.
 */
final class RequestCheck {
    static final String PROBLEM_EXTENSION = "x-poolpilot-problem";
    private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");

    private final Contract contract;
    private final RequestValidatorImpl parameters;

    RequestCheck(Vertx vertx, Contract contract) {
        this.contract = contract;
        // The implementation class: its per-parameter check is what lets one answer name every bad parameter.
        this.parameters = new RequestValidatorImpl(vertx, contract.openApi());
    }

    Handler<RoutingContext> handler(Route route) {
        Operation operation = contract.operation(route.operationId());
        MediaType json = operation.getRequestBody() == null ? null : operation.getRequestBody().getContent().get(Json.MEDIA_TYPE);
        return ctx -> {
            try {
                ObjectNode body = route.jsonBody() ? JsonRequestBody.parse(ctx.request(), ctx.body().buffer()) : null;
                Violations violations = new Violations();
                checkParameters(ctx, operation, violations);
                if (json != null) {
                    checkBody(json, body, violations);
                }
                violations.throwIfAny();
                if (body != null) {
                    ctx.put(RequestKeys.BODY, body);
                }
                ctx.next();
            } catch (ApiException refused) {
                ctx.fail(refused);
            }
        };
    }

    private void checkParameters(RoutingContext ctx, Operation operation, Violations violations) {
        if (operation.getParameters().isEmpty()) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            String in = parameter.getIn().name().toLowerCase(Locale.ROOT);
            // Values as Vert.x Web decoded them (vertx-openapi's own extraction decodes query values twice: "%2B" ends as " ").
            String given = switch (parameter.getIn()) {
                case PATH -> ctx.pathParam(parameter.getName());
                case QUERY -> ctx.queryParams().contains(parameter.getName())
                        ? String.join(",", ctx.queryParams().getAll(parameter.getName())) : null;
                case HEADER -> ctx.request().getHeader(parameter.getName());
                case COOKIE -> ctx.request().getCookie(parameter.getName()) == null ? null
                        : ctx.request().getCookie(parameter.getName()).getValue();
            };
            // A string as a JSON string, so vertx-openapi's decoding keeps it exactly (the quotes of If-Match: "3").
            RequestParameter value = new RequestParameterImpl(given == null ? null
                    : parameter.getSchemaType() == SchemaType.STRING ? io.vertx.core.json.Json.encode(given) : given);
            try {
                parameters.validateParameter(parameter, value);
            } catch (SchemaValidationException invalid) {
                String raw = given == null ? null : "'" + given + "'";
                Object pattern = parameter.getSchema() == null ? null : parameter.getSchema().get("pattern");
                for (SchemaMessages.Finding finding : SchemaMessages.findings(invalid.getOutputUnit(), pointer -> raw,
                        pattern == null ? null : pattern.toString())) {
                    refuseAsDeclared(parameter, in, finding.detail());
                    violations.add(in, parameter.getName(), finding.detail());
                }
            } catch (ValidatorException invalid) {
                violations.add(in, parameter.getName(), invalid.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER
                        ? "is required" : "cannot be read as " + parameter.getStyle().name().toLowerCase(Locale.ROOT)
                        + "-style " + in + " parameter");
            }
        }
    }

    /**
     * A parameter may name, in {@value #PROBLEM_EXTENSION}, the problem type a refused value gets
     * (a malformed cursor is {@code invalid-cursor}, not a plain validation problem).
     */
    private static void refuseAsDeclared(Parameter parameter, String in, String detail) {
        Object declared = parameter.getExtensions().get(PROBLEM_EXTENSION);
        if (declared instanceof String slug) {
            ProblemType type = ProblemType.ofSlug(slug).orElseThrow(() -> new IllegalStateException(
                    parameter.getName() + ": " + PROBLEM_EXTENSION + " names no problem type: " + slug));
            throw new ApiException(Problem.of(type, parameter.getName() + ": " + detail)
                    .withErrors(java.util.List.of(new FieldError(in, parameter.getName(), detail))));
        }
    }

    private void checkBody(MediaType json, ObjectNode body, Violations violations) {
        Object instance = body == null ? new JsonObject(EMPTY_OBJECT) : new JsonObject(Json.encode(body));
        OutputUnit result = contract.openApi().getSchemaRepository().validator(json.getSchema()).validate(instance);
        if (Boolean.TRUE.equals(result.getValid())) {
            return;
        }
        JsonNode root = body == null ? JsonNodeFactory.instance.objectNode() : body;
        for (SchemaMessages.Finding finding : SchemaMessages.findings(result, pointer -> quoted(root, pointer), null)) {
            violations.add("body", finding.field(), finding.detail());
        }
    }

    private static String quoted(JsonNode root, String pointer) {
        JsonNode value;
        try {
            value = root.at(JsonPointer.compile(pointer));
        } catch (IllegalArgumentException notAPointer) {
            return null;
        }
        return value.isMissingNode() || value.isObject() ? null : value.toString();
    }

}
