package io.poolpilot.api.http;

import io.poolpilot.api.auth.BearerAuthenticator;
import io.poolpilot.api.port.TokenStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The router is built from the document and refuses to start when code and document disagree. */
@ExtendWith(VertxExtension.class)
class ApiRouterTest {
    private Contract contract;
    private Map<String, Function<Exchange, Future<Reply>>> everyOperation;

    @BeforeEach
    void load(Vertx vertx) throws Exception {
        contract = Contract.load(vertx).await(10, TimeUnit.SECONDS);
        everyOperation = new HashMap<>();
        contract.routes().forEach(r -> everyOperation.put(r.operationId(), ex -> Future.succeededFuture(Reply.ok(Map.of()))));
    }

    private ApiRouter build(Vertx vertx, Map<String, Function<Exchange, Future<Reply>>> resources) {
        BearerAuthenticator authenticator = new BearerAuthenticator(TokenStore.of(List.of()));
        return ApiRouter.build(vertx, contract, resources, authenticator,
                new BrowserSessions(vertx, authenticator, java.time.Duration.ofMinutes(1)), 1024,
                new CursorCodec(new byte[32]), ResponseObserver.NONE);
    }

    @Test
    void aResourceForAnOperationTheDocumentDoesNotDeclareStopsTheRouter(Vertx vertx) {
        everyOperation.put("deleteEverything", ex -> Future.succeededFuture(Reply.ok(Map.of())));
        assertThatThrownBy(() -> build(vertx, everyOperation)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("served but not declared [deleteEverything]");
    }

    @Test
    void anOperationOfTheDocumentWithoutResourceStopsTheRouter(Vertx vertx) {
        everyOperation.remove("listPools");
        assertThatThrownBy(() -> build(vertx, everyOperation)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declared but served by no resource [listPools]");
    }

    @Test
    void everyOperationOfTheDocumentGetsItsRoleFromTheDocument(Vertx vertx) {
        ApiRouter router = build(vertx, everyOperation);
        assertThat(router.routes()).hasSize(everyOperation.size());
        Route replacePolicy = router.routes().stream().filter(r -> r.operationId().equals("replacePolicy")).findFirst().orElseThrow();
        assertThat(replacePolicy.role()).isEqualTo(io.poolpilot.api.auth.Role.ADMIN);
        assertThat(replacePolicy.jsonBody()).isTrue();
        Route health = router.routes().stream().filter(r -> r.operationId().equals("getHealth")).findFirst().orElseThrow();
        assertThat(health.authenticated()).isFalse();
    }
}
