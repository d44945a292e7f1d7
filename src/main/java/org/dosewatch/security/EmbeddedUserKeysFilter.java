package org.dosewatch.security;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops one false warning from the start of a packaged service: Quarkus's check of the static
 * configuration reports the local logins' keys ({@code quarkus.security.users.embedded.*}) as
 * unrecognized, although the Elytron properties-file realm reads them at run time and the
 * logins work. Every other unrecognized key is still reported, so a typo in a key still shows.
 */
@LoggingFilter(name = "embedded-user-keys")
public final class EmbeddedUserKeysFilter implements Filter {

    private static final String FALSE_WARNING = "Unrecognized configuration key \"quarkus.security.users.embedded.";

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !"io.quarkus.config".equals(record.getLoggerName())) {
            return true;
        }
        if (message.startsWith(FALSE_WARNING)) {
            return false;
        }
        // The diagnostic logs a format with the key as its parameter.
        Object[] parameters = record.getParameters();
        return parameters == null || parameters.length == 0
                || !String.valueOf(parameters[0]).startsWith("quarkus.security.users.embedded.");
    }
}
