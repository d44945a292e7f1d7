package org.dosewatch.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests refused by the HTTP layer before any endpoint sees them (a body over the size limit,
 * a URI over 4,096 characters, a request the router cannot route) answer problem+json like
 * every other refusal. A request line over 64 KiB or a path that cannot be decoded is refused
 * by the HTTP codec before the router, with the right status and an empty body.
 */
@ApplicationScoped
class HttpErrors {

    /**
     * The longest path and query taken. The HTTP codec takes request lines up to 64 KiB
     * (quarkus.http.limits.max-initial-line-length) so that a longer URI is refused here, as a
     * problem; one over 64 KiB is refused by the codec itself, with an empty body.
     */
    static final int MAX_URI = 4096;

    private final long maxBody;

    private final ObjectMapper mapper;

    HttpErrors(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody,
               ObjectMapper mapper) {
        this.maxBody = maxBody.asLongValue();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        // Before the body handler, which would answer an announced oversize body with an empty 413.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (ctx.request().uri().length() > MAX_URI) {
                ctx.response().putHeader("Connection", "close");
                answer(ctx, 414, "URI Too Long", "The request's path and query are longer than " + MAX_URI + " characters");
                return;
            }
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit) && Long.parseLong(length) > maxBody) {
                ctx.response().putHeader("Connection", "close");
                answer(ctx, 413, "Content Too Large", "The request body is larger than this service accepts ("
                        + maxBody / 1024 + " KiB)");
                return;
            }
            ctx.next();
        });
        // Outside the REST endpoints (metrics, the API description) the same answer when a token
        // needs the login provider and it cannot be reached.
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(ctx -> {
            if (LoginProviderAway.explains(ctx.failure())) {
                ctx.response().putHeader("Retry-After", LoginProviderAway.RETRY_AFTER_SECONDS);
                Problem away = LoginProviderAway.PROBLEM;
                answer(ctx, away.status(), away.title(), away.detail());
            } else {
                ctx.next();
            }
        });
        router.errorHandler(413, ctx -> answer(ctx, 413, "Content Too Large",
                "The request body is larger than this service accepts"));
        router.errorHandler(400, ctx -> answer(ctx, 400, "Bad Request",
                "The request could not be read: check its path, query and encoding"));
    }

    private void answer(RoutingContext ctx, int status, String title, String detail) {
        if (ctx.response().headWritten()) {
            return;
        }
        String path = ctx.request().path();
        Problem problem = Problem.of(status, title, detail).at(path != null && path.indexOf('%') < 0 ? path : null);
        try {
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
