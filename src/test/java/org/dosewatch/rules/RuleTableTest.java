package org.dosewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dosewatch.monitor.Profiles;
import org.dosewatch.monitor.RuleId;
import org.junit.jupiter.api.Test;

/** The rule table of docs/clinical-rules.md is the configuration the service runs with, not a copy that drifts. */
class RuleTableTest {

    private static final String START = "<!-- rule-table:start -->\n";
    private static final String END = "<!-- rule-table:end -->";

    @Test
    void theClinicalRulesPageShowsTheRealDefaults() throws IOException {
        String configured = RuleTable.markdown(Profiles.adultKetamine());
        Files.writeString(Path.of("target", "rule-table.md"), configured);
        String page = Files.readString(Path.of("docs", "clinical-rules.md"));
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        assertThat(start).as("docs/clinical-rules.md has the rule table markers").isNotNegative();

        String documented = page.substring(start + START.length(), end);

        assertThat(documented)
                .as("rule table of docs/clinical-rules.md; if the defaults changed on purpose, paste in target/rule-table.md")
                .isEqualTo(configured);
    }

    @Test
    void everyRuleIsInTheTable() {
        String table = RuleTable.markdown(Profiles.adultKetamine());

        for (RuleId rule : RuleId.values()) {
            assertThat(table).contains("| " + rule + " |");
        }
    }
}
