package io.poolpilot.api.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a request against its operation in the contract, with vertx-openapi's parameter decoders and
 * vertx-json-schema validators made from the document: every parameter, then the JSON body against its
 * schema. Unlike the router builder's own validation handler it names every bad field in one 400 (not
 * only the first), makes each validator once instead of per request, and runs on the event loop (the
 * checks are CPU-only and bodies are bounded), so a request costs no worker-thread hop.
 */
final class RequestCheck {
    static final String PROBLEM_EXTENSION = "x-poolpilot-problem";
    private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");

    /**
     * One declared parameter with its decoder and its schema validator, both made once. {@code onlyPattern}
     * holds the compiled pattern of a string whose schema says nothing else (most path parameters): such a
     * value is checked with it and not by the validator, which compiles the pattern again on every call.
     */
    private record CheckedParameter(Parameter parameter, String in, ParameterTransformer decoder, Validator schema, String pattern,
                                    Pattern onlyPattern) {
    }

    /** Keywords a string schema may hold besides type and pattern and still be checked by its pattern alone. */
    private static final Set<String> ANNOTATIONS = Set.of("type", "pattern", "description", "examples", "example", "title");

    private static final Map<Style, ParameterTransformer> DECODERS = Map.of(Style.SIMPLE, new SimpleTransformer(),
            Style.FORM, new FormTransformer(), Style.LABEL, new LabelTransformer(), Style.MATRIX, new MatrixTransformer());

    private final Contract contract;

    RequestCheck(Contract contract) {
        this.contract = contract;
    }

    Handler<RoutingContext> handler(Route route) {
        Operation operation = contract.operation(route.operationId());
        // Validators are made here, once: vertx-openapi's own per-request path builds one per parameter and request.
        SchemaRepository schemas = contract.openApi().getSchemaRepository();
        List<CheckedParameter> checked = operation.getParameters().stream().map(p -> checked(p, schemas)).toList();
        MediaType json = operation.getRequestBody() == null ? null : operation.getRequestBody().getContent().get(Json.MEDIA_TYPE);
        Validator bodySchema = json == null ? null : schemas.validator(json.getSchema());
        return ctx -> {
            try {
                ObjectNode body = route.jsonBody() ? JsonRequestBody.parse(ctx.request(), ctx.body().buffer()) : null;
                Violations violations = new Violations();
                for (CheckedParameter parameter : checked) {
                    check(ctx, parameter, violations);
                }
                if (bodySchema != null) {
                    checkBody(bodySchema, body, violations);
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

    private static CheckedParameter checked(Parameter p, SchemaRepository schemas) {
        Object pattern = p.getSchema().get("pattern");
        boolean onlyPattern = pattern instanceof String && "string".equals(p.getSchema().get("type"))
                && ANNOTATIONS.containsAll(p.getSchema().fieldNames());
        return new CheckedParameter(p, p.getIn().name().toLowerCase(Locale.ROOT), DECODERS.get(p.getStyle()),
                schemas.validator(p.getSchema()), pattern == null ? null : pattern.toString(),
                onlyPattern ? Pattern.compile((String) pattern) : null);
    }

    private static void check(RoutingContext ctx, CheckedParameter checked, Violations violations) {
        Parameter parameter = checked.parameter();
        // Values as Vert.x Web decoded them (vertx-openapi's own extraction decodes query values twice: "%2B" ends as " ").
        String given = switch (parameter.getIn()) {
            case PATH -> ctx.pathParam(parameter.getName());
            case QUERY -> ctx.queryParams().contains(parameter.getName())
                    ? String.join(",", ctx.queryParams().getAll(parameter.getName())) : null;
            case HEADER -> ctx.request().getHeader(parameter.getName());
            case COOKIE -> ctx.request().getCookie(parameter.getName()) == null ? null
                    : ctx.request().getCookie(parameter.getName()).getValue();
        };
        if (given == null) {
            if (parameter.isRequired()) {
                violations.add(checked.in(), parameter.getName(), "is required");
            }
            return;
        }
        Object value;
        try {
            // A string as a JSON string, so the decoder keeps it exactly (the quotes of If-Match: "3").
            value = checked.decoder().transform(parameter, parameter.getSchemaType() == SchemaType.STRING
                    ? io.vertx.core.json.Json.encode(given) : given);
        } catch (ValidatorException unreadable) {
            violations.add(checked.in(), parameter.getName(), "cannot be read as a " + parameter.getStyle().name().toLowerCase(Locale.ROOT)
                    + "-style " + checked.in() + " parameter");
            return;
        }
        String quoted = "'" + given + "'";
        if (checked.onlyPattern() != null && value instanceof String text) {
            if (!checked.onlyPattern().matcher(text).find()) { // JSON Schema's pattern is not anchored
                String detail = SchemaMessages.detail(SchemaMessages.PATTERN_MESSAGE, quoted, checked.pattern());
                refuseAsDeclared(parameter, checked.in(), detail);
                violations.add(checked.in(), parameter.getName(), detail);
            }
            return;
        }
        OutputUnit result = checked.schema().validate(value);
        if (Boolean.TRUE.equals(result.getValid())) {
            return;
        }
        for (SchemaMessages.Finding finding : SchemaMessages.findings(result, pointer -> quoted, checked.pattern())) {
            refuseAsDeclared(parameter, checked.in(), finding.detail());
            violations.add(checked.in(), parameter.getName(), finding.detail());
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

    private static void checkBody(Validator schema, ObjectNode body, Violations violations) {
        Object instance = body == null ? new JsonObject(EMPTY_OBJECT) : new JsonObject(Json.encode(body));
        OutputUnit result = schema.validate(instance);
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
