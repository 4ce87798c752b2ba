package io.poolpilot.api.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
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
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
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
        // The body was read already (BodyHandler): the extraction completes at once.
        Future<ValidatableRequest> extracted = RequestUtils.extract(ctx.request(), operation,
                () -> Future.succeededFuture(Buffer.buffer()));
        ValidatableRequest request = extracted.result();
        for (Parameter parameter : operation.getParameters()) {
            String in = parameter.getIn().name().toLowerCase(Locale.ROOT);
            RequestParameter value = switch (parameter.getIn()) {
                case PATH -> request.getPathParameters().get(parameter.getName());
                case QUERY -> request.getQuery().get(parameter.getName());
                case HEADER -> request.getHeaders().get(parameter.getName());
                case COOKIE -> request.getCookies().get(parameter.getName());
            };
            String given = value == null || value.isNull() ? null : String.valueOf(value.get());
            if (given != null && parameter.getSchemaType() == SchemaType.STRING) {
                // As a JSON string, so vertx-openapi's decoding keeps the value exactly (quotes in If-Match: "3").
                value = new RequestParameterImpl(io.vertx.core.json.Json.encode(given));
            }
            try {
                parameters.validateParameter(parameter, value);
            } catch (SchemaValidationException invalid) {
                String raw = given == null ? null : "'" + given + "'";
                Object pattern = parameter.getSchema() == null ? null : parameter.getSchema().get("pattern");
                for (SchemaMessages.Finding finding : SchemaMessages.findings(invalid.getOutputUnit(), pointer -> raw,
                        pattern == null ? null : pattern.toString())) {
                    violations.add(in, parameter.getName(), finding.detail());
                }
            } catch (ValidatorException invalid) {
                violations.add(in, parameter.getName(), invalid.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER
                        ? "is required" : "cannot be read as " + parameter.getStyle().name().toLowerCase(Locale.ROOT)
                        + "-style " + in + " parameter");
            }
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
