package io.kgrca.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kgrca.common.log.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Wraps an API handler: a request is served only when its bearer token is allowed. A refusal is 401 with
 * {@code WWW-Authenticate: Bearer realm="kg-rca"} (RFC 6750) or 403, with a JSON body naming the reason and never
 * the token; refusals are logged at most once per 10 s per guard (with the count of those not logged), naming the
 * tenant, the path, the remote address and the reason.
 */
public final class BearerGuard implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BearerGuard.class);
    private static final String REALM = "Bearer realm=\"kg-rca\"";

    private final Function<HttpExchange, BearerAuthenticator> authenticatorOf;
    private final HttpHandler delegate;
    private final Function<HttpExchange, String> tenantOf;
    private final LogThrottle limiter;

    /**
     * Guards {@code delegate}; {@code tenantOf} names the tenant a request concerns, for the log ("-" when none).
     */
    public BearerGuard(BearerAuthenticator authenticator, HttpHandler delegate,
                       Function<HttpExchange, String> tenantOf) {
        this(authenticator, delegate, tenantOf, new LogThrottle(Clock.systemUTC(), Duration.ofSeconds(10)));
    }

    /**
     * Guards {@code delegate} with the authenticator of each request's tenant ({@code authenticatorOf}): a pool
     * instance answers for many tenants on one route.
     */
    public BearerGuard(Function<HttpExchange, BearerAuthenticator> authenticatorOf, HttpHandler delegate,
                       Function<HttpExchange, String> tenantOf) {
        this(authenticatorOf, delegate, tenantOf, new LogThrottle(Clock.systemUTC(), Duration.ofSeconds(10)));
    }

    BearerGuard(BearerAuthenticator authenticator, HttpHandler delegate, Function<HttpExchange, String> tenantOf,
                LogThrottle limiter) {
        this(ex -> authenticator, delegate, tenantOf, limiter);
    }

    private BearerGuard(Function<HttpExchange, BearerAuthenticator> authenticatorOf, HttpHandler delegate,
                        Function<HttpExchange, String> tenantOf, LogThrottle limiter) {
        this.authenticatorOf = authenticatorOf;
        this.delegate = delegate;
        this.tenantOf = tenantOf;
        this.limiter = limiter;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        AuthVerdict verdict = authenticatorOf.apply(ex).check(ex.getRequestHeaders().getFirst("Authorization"));
        if (verdict.allowed()) {
            delegate.handle(ex);
            return;
        }
        logRefusal(ex, verdict);
        if (verdict.outcome() != AuthVerdict.Outcome.FORBIDDEN) {
            ex.getResponseHeaders().set("WWW-Authenticate", verdict.outcome() == AuthVerdict.Outcome.INVALID
                    ? REALM + ", error=\"invalid_token\"" : REALM);
        }
        ex.getRequestBody().close();
        HealthHttpServer.respondJson(ex, verdict.outcome().status(), Map.of("error", verdict.reason()));
    }

    private void logRefusal(HttpExchange ex, AuthVerdict verdict) {
        OptionalLong skipped = limiter.tryLog();
        if (skipped.isEmpty()) {
            return;
        }
        String tenant;
        try {
            tenant = tenantOf.apply(ex);
        } catch (RuntimeException e) {
            tenant = "-";
        }
        LOG.warn("tenant={} refused {} {} from {} with {}: {} (principal {}); {} earlier refusals not logged",
                tenant, ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRemoteAddress().getAddress()
                        .getHostAddress(), verdict.outcome().status(), verdict.reason(), verdict.principal(),
                skipped.getAsLong());
    }
}
