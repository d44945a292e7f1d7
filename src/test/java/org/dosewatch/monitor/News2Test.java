package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NEWS2 at every band boundary, on real numbers: a value between bands scores the worse side. */
class News2Test {

    @ParameterizedTest(name = "RR {0} scores {1}")
    @CsvSource({"0, 3", "8, 3", "8.5, 3", "8.99, 3", "9, 1", "11, 1", "11.5, 1", "12, 0", "20, 0", "20.5, 2", "21, 2",
            "24, 2", "24.5, 3", "25, 3", "60, 3"})
    void respiration(double rr, int points) {
        assertThat(News2.respiration(rr)).isEqualTo(points);
    }

    @ParameterizedTest(name = "SpO2 {0} scores {1}")
    @CsvSource({"80, 3", "90.5, 3", "91, 3", "91.5, 3", "92, 2", "93, 2", "93.5, 2", "94, 1", "95, 1", "95.5, 1",
            "96, 0", "100, 0"})
    void saturation(double spo2, int points) {
        assertThat(News2.saturation(spo2)).isEqualTo(points);
    }

    @ParameterizedTest(name = "SBP {0} scores {1}")
    @CsvSource({"70, 3", "90, 3", "90.5, 3", "91, 2", "100, 2", "100.5, 2", "101, 1", "110, 1", "110.5, 1", "111, 0",
            "219, 0", "219.5, 3", "220, 3"})
    void systolic(double sbp, int points) {
        assertThat(News2.systolic(sbp)).isEqualTo(points);
    }

    @ParameterizedTest(name = "pulse {0} scores {1}")
    @CsvSource({"30, 3", "40, 3", "40.5, 3", "41, 1", "50, 1", "50.5, 1", "51, 0", "90, 0", "90.5, 1", "91, 1",
            "110, 1", "110.5, 2", "111, 2", "130, 2", "130.5, 3", "131, 3"})
    void pulse(double hr, int points) {
        assertThat(News2.pulse(hr)).isEqualTo(points);
    }

    @ParameterizedTest(name = "temperature {0} scores {1}")
    @CsvSource({"34, 3", "35.0, 3", "35.05, 3", "35.1, 1", "36.0, 1", "36.05, 1", "36.1, 0", "38.0, 0", "38.05, 1",
            "38.1, 1", "39.0, 1", "39.05, 2", "39.1, 2"})
    void temperature(double celsius, int points) {
        assertThat(News2.temperature(celsius)).isEqualTo(points);
    }

    @Test
    void missingParametersScoreZeroAndAreReportedAsNotScored() {
        News2 news2 = News2.of(Double.NaN, 97, Double.NaN, 80, false, false, Double.NaN);

        assertThat(news2.score()).isZero();
        assertThat(news2.rrScored()).isFalse();
        assertThat(news2.sbpScored()).isFalse();
        assertThat(news2.spo2Scored()).isTrue();
        assertThat(news2.pulseScored()).isTrue();
    }

    @Test
    void theAggregateAddsEveryParameterIncludingThoseAClinicianRecords() {
        News2 news2 = News2.of(22, 93, 105, 115, true, true, 38.5);

        assertThat(news2.score()).isEqualTo(2 + 2 + 2 + 1 + 2 + 3 + 1);
        assertThat(news2.risk()).isEqualTo(News2.Risk.HIGH);
    }

    @ParameterizedTest(name = "score {0} with a single 3: {1} gives risk {2}")
    @CsvSource({"0, false, LOW", "4, false, LOW", "3, true, LOW_MEDIUM", "5, false, MEDIUM", "6, true, MEDIUM", "7, false, HIGH"})
    void risk(int score, boolean singleThree, News2.Risk risk) {
        News2 news2 = new News2(score, singleThree ? 3 : 0, 0, 0, 0, 0, 0, 0, true, true, true, true);

        assertThat(news2.risk()).isEqualTo(risk);
    }
}
