package org.dosewatch.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.RuleProfile;
import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The default rule profile, and a session's own profile when a clinician overrides some of
 * its numbers at registration ({@code "ruleOverrides": {"spo2-low.limit": "88", "hr-high.delay": "90s"}}). Overrides
 * go through the same typed mapping as the configuration, so a wrong name or value is refused
 * with the reason.
 */
@ApplicationScoped
public class RuleProfiles {

    private static final String PREFIX = "dosewatch.rules.";
    /** Named profiles: {@code dosewatch.rule-profiles.<name>.<setting>=<value>}, each a set of overrides of the defaults. */
    private static final String NAMED = "dosewatch.rule-profiles.";
    /**
     * Regulatory minimums: {@code dosewatch.rule-floors.<setting>=<value>}; no override of a session,
     * a named profile or a review sets the setting below it (docs/clinical-rules.md, discharge).
     */
    private static final String FLOORS = "dosewatch.rule-floors.";

    private final RuleProfile defaults;
    private final Map<String, String> configured = new HashMap<>();
    private final Map<Map<String, String>, RuleProfile> bySessionOverrides = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> named = new TreeMap<>();
    private final Map<String, String> floors = new TreeMap<>();

    public RuleProfiles(RulesConfig rules, Config config) {
        this.defaults = rules.toProfile();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(value -> configured.put(name, value));
            } else if (name.startsWith(FLOORS)) {
                config.getOptionalValue(name, String.class).ifPresent(value -> floors.put(name.substring(FLOORS.length()), value));
            } else if (name.startsWith(NAMED) && name.indexOf('.', NAMED.length()) > 0) {
                int dot = name.indexOf('.', NAMED.length());
                config.getOptionalValue(name, String.class).ifPresent(value -> named
                        .computeIfAbsent(name.substring(NAMED.length(), dot), profile -> new TreeMap<>())
                        .put(name.substring(dot + 1), value));
            }
        }
        floors.forEach((key, floor) -> {
            String value = configured.get(PREFIX + key);
            if (value == null) {
                throw new IllegalStateException(FLOORS + key + ": no such rule setting");
            }
            RuleSettingBounds.below(value, floor).ifPresent(why -> {
                throw new IllegalStateException(PREFIX + key + "=" + value + " " + why);
            });
        });
        named.forEach((profile, overrides) -> {
            try {
                with(overrides);
            } catch (InvalidRuleOverride e) {
                throw new IllegalStateException("rule profile " + profile + ": " + e.getMessage());
            }
        });
    }

    /** Every rule setting a session or a review may override, with its configured value, by name ({@code spo2-low.limit}). */
    public Map<String, String> settings() {
        Map<String, String> settings = new TreeMap<>();
        configured.forEach((name, value) -> {
            if (!name.equals(PREFIX + "profile")) {
                settings.put(name.substring(PREFIX.length()), value);
            }
        });
        return settings;
    }

    /** The names of the profiles a review can pick: the default one first, then the configured ones. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(defaults.name());
        names.addAll(named.keySet());
        return names;
    }

    /** The overrides of the defaults a named profile makes (none for the default profile); empty: no such profile. */
    public Optional<Map<String, String>> overridesOf(String name) {
        if (defaults.name().equals(name)) {
            return Optional.of(Map.of());
        }
        return Optional.ofNullable(named.get(name)).map(Map::copyOf);
    }

    public RuleProfile defaults() {
        return defaults;
    }

    /** The profile with these overrides; the defaults when there are none. */
    public RuleProfile with(Map<String, String> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return defaults;
        }
        return bySessionOverrides.computeIfAbsent(Map.copyOf(overrides), this::build);
    }

    /**
     * The profile of a session recorded earlier, whose overrides were checked at registration: a
     * setting renamed or a floor raised since then falls back to its configured value, loudly,
     * and the session's other overrides still apply.
     */
    public RuleProfile recorded(String sessionId, Map<String, String> overrides) {
        try {
            return with(overrides);
        } catch (InvalidRuleOverride e) {
            Map<String, String> kept = new TreeMap<>();
            overrides.forEach((key, value) -> {
                try {
                    with(Map.of(key, value));
                    kept.put(key, value);
                } catch (InvalidRuleOverride refused) {
                    Log.errorf("Session %s: %s; the configured value applies", sessionId, refused.getMessage());
                }
            });
            try {
                return with(kept);
            } catch (InvalidRuleOverride together) {
                Log.errorf("Session %s: %s; using the default rule profile", sessionId, together.getMessage());
                return defaults;
            }
        }
    }

    private RuleProfile build(Map<String, String> overrides) {
        overrides.forEach((key, value) -> {
            if (!configured.containsKey(PREFIX + key) || key.equals("profile")) {
                throw new InvalidRuleOverride("ruleOverrides." + key + ": no such rule setting");
            }
        });
        RuleProfile profile;
        try {
            profile = profile(overrides);
        } catch (RuntimeException e) {
            // Tell which setting is wrong: try them one at a time.
            overrides.forEach((key, value) -> {
                try {
                    profile(Map.of(key, value));
                } catch (RuntimeException wrong) {
                    throw new InvalidRuleOverride("ruleOverrides." + key + ": '" + value + "' is not a valid value for "
                            + "this setting (like '" + configured.get(PREFIX + key) + "')");
                }
            });
            throw new InvalidRuleOverride("ruleOverrides: these settings do not make a valid profile together");
        }
        overrides.forEach((key, value) -> RuleSettingBounds.check(key, value, configured.get(PREFIX + key),
                        other -> overrides.getOrDefault(other, configured.get(PREFIX + other)))
                .ifPresent(why -> {
                    throw new InvalidRuleOverride("ruleOverrides." + key + ": '" + value + "' " + why);
                }));
        overrides.forEach((key, value) -> Optional.ofNullable(floors.get(key))
                .flatMap(floor -> RuleSettingBounds.below(value, floor))
                .ifPresent(why -> {
                    throw new InvalidRuleOverride("ruleOverrides." + key + ": '" + value + "' " + why);
                }));
        return profile;
    }

    private RuleProfile profile(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(configured);
        overrides.forEach((key, value) -> merged.put(PREFIX + key, value));
        merged.put(PREFIX + "profile", defaults.name() + " (session overrides)");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(merged, "session rule overrides", 100))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(RulesConfig.class)
                .build();
        return config.getConfigMapping(RulesConfig.class).toProfile();
    }

    /** A rule override that names no setting, has a value of the wrong kind, or one out of its bounds. */
    public static class InvalidRuleOverride extends RuntimeException {
        public InvalidRuleOverride(String message) {
            super(message, null, false, false);
        }
    }
}
