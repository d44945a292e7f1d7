package org.dosewatch.monitor;

import java.net.URL;

import org.dosewatch.rules.RulesConfig;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The rule profile exactly as the service reads it from application.properties. */
public final class Profiles {

    private static final RuleProfile ADULT_KETAMINE = read();

    private Profiles() {
    }

    public static RuleProfile adultKetamine() {
        return ADULT_KETAMINE;
    }

    /** The service's rule profiles, overrides included, from its own configuration. */
    public static org.dosewatch.rules.RuleProfiles ruleProfiles() {
        SmallRyeConfig config = config();
        return new org.dosewatch.rules.RuleProfiles(config.getConfigMapping(RulesConfig.class), config);
    }

    private static SmallRyeConfig config() {
        try {
            return new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(Profiles.class.getResource("/application.properties"), 100))
                    .withMapping(RulesConfig.class)
                    .build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuleProfile read() {
        try {
            URL properties = Profiles.class.getResource("/application.properties");
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(properties, 100))
                    .withMapping(RulesConfig.class)
                    .build();
            return config.getConfigMapping(RulesConfig.class).toProfile();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
