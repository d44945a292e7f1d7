package org.dosewatch.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Sweeps every 4xx answer of every {@code @QuarkusTest}: an answer is read by integrators and
 * devices, so it never names a class, a package, a library or its settings (docs/contract.md,
 * errors). A test whose request draws such an answer fails at that request.
 */
public class NoCodeNamesInProblems implements QuarkusTestBeforeEachCallback, Filter {

    /** A Java package or qualified name: {@code com.}, {@code org.}, {@code java.}, {@code io.} and the like. */
    static final Pattern CODE_NAME = Pattern.compile("\\b(?:com|org|java|javax|jakarta|io|sun|jdk)\\.[a-z][\\w$]*|\\b\\w+Feature\\.[A-Z_]+");

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(NoCodeNamesInProblems.class::isInstance)) {
            RestAssured.filters(new NoCodeNamesInProblems());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification expected, FilterContext next) {
        Response response = next.next(request, expected);
        int status = response.statusCode();
        String type = response.contentType() == null ? "" : response.contentType();
        if (status >= 400 && status < 500 && !type.startsWith("text/html")) {
            String body = response.asString();
            Matcher named = CODE_NAME.matcher(body);
            if (named.find()) {
                throw new AssertionError(request.getMethod() + " " + request.getURI() + " answered " + status
                        + " naming '" + named.group() + "': " + body);
            }
        }
        return response;
    }
}
