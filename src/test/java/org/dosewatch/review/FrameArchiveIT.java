package org.dosewatch.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.inject.Inject;

import org.dosewatch.testing.KafkaAndPostgres;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The frame archive's retention and its reading of a frame stored twice. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class FrameArchiveIT {

    @Inject
    FrameArchive archive;

    @Inject
    Pool database;

    /** One write of one frame, as the archive makes it, received (and dated) at {@code received}. */
    private void store(String session, long seq, Instant received) {
        database.preparedQuery("INSERT INTO reading_frames (session_id, first_received, last_received, device_id, seq, ts, "
                        + "received_at, hr, spo2, rr, etco2, sbp, dbp, map) VALUES ($1, $3, $3, ARRAY['m'], ARRAY[$2::bigint], "
                        + "ARRAY[$3::timestamptz], ARRAY[$3::timestamptz], ARRAY[80::float8], ARRAY[NULL::float8], "
                        + "ARRAY[NULL::float8], ARRAY[NULL::float8], ARRAY[NULL::float8], ARRAY[NULL::float8], ARRAY[NULL::float8])")
                .execute(Tuple.of(session, seq, received.atOffset(ZoneOffset.UTC))).await().indefinitely();
    }

    @Test
    void framesPastTheThirtyDayRetentionAreRemovedAndNewerOnesKept() {
        String session = "FA-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        store(session, 1, now.minus(Duration.ofDays(31)));
        store(session, 2, now.minus(Duration.ofDays(29)));

        archive.expire();

        assertThat(archive.of(session).await().indefinitely()).extracting(f -> f.reading().seq()).containsExactly(2L);
    }

    @Test
    void aFrameStoredTwiceAfterACrashIsReadOnceInTheOrderItWasEvaluated() {
        String session = "FA-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t = Instant.now().minusSeconds(60);
        store(session, 1, t);
        store(session, 2, t.plusSeconds(1));
        store(session, 2, t.plusSeconds(1));
        store(session, 3, t.plusSeconds(2));

        assertThat(archive.of(session).await().indefinitely()).extracting(f -> f.reading().seq()).containsExactly(1L, 2L, 3L);
    }
}
