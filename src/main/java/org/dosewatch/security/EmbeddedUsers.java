package org.dosewatch.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;

/**
 * Logins for the local stack and the tests, declared as configuration with the property names
 * of Quarkus' embedded users:
 *
 * <pre>
 * quarkus.security.users.embedded.enabled=true
 * quarkus.security.users.embedded.users.alice=secret      (plain-text password)
 * quarkus.security.users.embedded.roles.alice=clinician,nurse
 * </pre>
 *
 * or as environment variables ({@code QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ALICE=secret}, user
 * names in lower case). Nothing is read unless {@code enabled} is true, which only the local and
 * test profiles set: production logins are bearer tokens of the clinic's identity provider.
 */
@ApplicationScoped
public class EmbeddedUsers {

    static final String PREFIX = "quarkus.security.users.embedded.";
    private static final String ENV_PREFIX = "QUARKUS_SECURITY_USERS_EMBEDDED_";

    public record User(String name, byte[] password, Set<String> roles) {
    }

    private final boolean enabled;
    private final Map<String, User> users;

    public EmbeddedUsers(Config config) {
        this.enabled = config.getOptionalValue(PREFIX + "enabled", Boolean.class).orElse(false);
        this.users = enabled ? read(config) : Map.of();
        if (enabled) {
            Log.infof("Embedded logins enabled for %s (local and test profiles only)", users.keySet());
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The user whose password matches, compared in constant time. */
    public Optional<User> authenticate(String name, char[] password) {
        User user = users.get(name);
        byte[] given = new String(password).getBytes(StandardCharsets.UTF_8);
        byte[] expected = user == null ? new byte[0] : user.password();
        boolean matches = MessageDigest.isEqual(given, expected);
        return user != null && matches ? Optional.of(user) : Optional.empty();
    }

    private static Map<String, User> read(Config config) {
        Map<String, String> passwords = new HashMap<>();
        Map<String, String> roles = new HashMap<>();
        for (String property : config.getPropertyNames()) {
            collect(config, property, PREFIX + "users.", passwords, false);
            collect(config, property, PREFIX + "roles.", roles, false);
            collect(config, property, ENV_PREFIX + "USERS_", passwords, true);
            collect(config, property, ENV_PREFIX + "ROLES_", roles, true);
        }
        Map<String, User> users = new HashMap<>();
        passwords.forEach((name, password) -> users.put(name, new User(name,
                password.getBytes(StandardCharsets.UTF_8),
                Arrays.stream(roles.getOrDefault(name, "").split(","))
                        .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet()))));
        return Map.copyOf(users);
    }

    private static void collect(Config config, String property, String prefix, Map<String, String> into, boolean env) {
        if (property.startsWith(prefix) && property.length() > prefix.length()) {
            String name = property.substring(prefix.length());
            config.getOptionalValue(property, String.class)
                    .ifPresent(value -> into.putIfAbsent(env ? name.toLowerCase(Locale.ROOT) : name, value));
        }
    }
}
