package io.poolpilot.api.support;

import io.poolpilot.api.http.Contract;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Checks every response the API tests receive against the OpenAPI document with vertx-openapi's
 * response validator: the status is documented for the operation, documented headers hold, and a JSON
 * body matches its schema. Responses to paths the document does not have (404, 405) are not checked.
 */
final class ContractResponses {
    private final Contract contract;
    private final ResponseValidator validator;

    private ContractResponses(Contract contract, ResponseValidator validator) {
        this.contract = contract;
        this.validator = validator;
    }

    static ContractResponses load(Vertx vertx) throws Exception {
        Contract contract = Contract.load(vertx).await(10, TimeUnit.SECONDS);
        return new ContractResponses(contract, ResponseValidator.create(vertx, contract.openApi()));
    }

    /** Why the response breaks the document, or null when it keeps to it. */
    String violation(String method, String rawPath, TestApi.Response response) {
        Operation operation = contract.openApi().findOperation(rawPath, HttpMethod.valueOf(method));
        if (operation == null || response.status() == 404 && operation.getResponse(404) == null
                || response.status() == 405) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        // As JSON strings: vertx-openapi decodes a header's value as JSON first and cannot read one with
        // quotes in it otherwise (WWW-Authenticate: Bearer realm="poolpilot", ETag: "3").
        response.headers().map().forEach((name, values) -> {
            String value = String.join(",", values);
            headers.put(name, value.contains("\"") ? io.vertx.core.json.Json.encode(value) : value);
        });
        String contentType = Contract.validatedAs(response.contentType());
        if (contentType != null && !contentType.equals("application/json")) {
            // vertx-openapi reads JSON bodies only: for CSV and event streams check the status and media type.
            io.vertx.openapi.contract.Response declared = operation.getResponse(response.status());
            if (declared == null) {
                return method + " " + rawPath + " -> " + response.status() + ": status not documented";
            }
            return declared.getContent().containsKey(contentType) ? null
                    : method + " " + rawPath + " -> " + response.status() + ": " + response.contentType() + " not documented";
        }
        Buffer body = response.body() == null || response.body().isEmpty() ? null : Buffer.buffer(response.body());
        ValidatableResponse validatable = ValidatableResponse.create(response.status(), headers, body, contentType);
        try {
            validator.validate(validatable, operation.getOperationId()).await(10, TimeUnit.SECONDS);
            return null;
        } catch (Exception invalid) {
            return method + " " + rawPath + " -> " + response.status() + ": " + invalid.getMessage();
        }
    }

}
