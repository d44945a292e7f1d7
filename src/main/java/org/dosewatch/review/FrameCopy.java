package org.dosewatch.review;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of archived frames in PostgreSQL's binary COPY format, one row per session with its
 * frames of the batch as arrays: numbers and times go as they are kept, so neither side formats
 * or parses text, and a backlog writes one row per session rather than one per frame.
 */
final class FrameCopy {

    private FrameCopy() {
    }

    /** PostgreSQL's binary COPY header: the signature, no flags, no extension. */
    private static final byte[] COPY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01T00:00:00Z). */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int COLUMNS = 14;
    private static final int TEXT = 25;
    private static final int INT8 = 20;
    private static final int FLOAT8 = 701;
    private static final int TIMESTAMPTZ = 1184;

    @FunctionalInterface
    private interface Element {
        void write(DataOutputStream out, FrameArchive.Archived frame) throws IOException;
    }

    /** One array column: its length, then a one-dimensional array of the frames' elements (null where absent). */
    private static void column(DataOutputStream out, ByteArrayOutputStream arrayBytes, DataOutputStream array,
                               List<FrameArchive.Archived> frames, int elementType, Element element) throws IOException {
        arrayBytes.reset();
        for (FrameArchive.Archived frame : frames) {
            element.write(array, frame);
        }
        array.flush();
        int elements = arrayBytes.size();
        out.writeInt(20 + elements);
        out.writeInt(1); // dimensions
        out.writeInt(1); // may hold nulls
        out.writeInt(elementType);
        out.writeInt(frames.size());
        out.writeInt(1); // lower bound
        arrayBytes.writeTo(out);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void timestamp(DataOutputStream out, long epochMicros) throws IOException {
        out.writeInt(8);
        out.writeLong(epochMicros - POSTGRES_EPOCH_MICROS);
    }

    private static void value(DataOutputStream out, double value) throws IOException {
        if (Double.isNaN(value)) {
            out.writeInt(-1);
        } else {
            out.writeInt(8);
            out.writeDouble(value);
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    /**
     * One COPY in PostgreSQL's binary format, one row per session with its frames of this batch
     * as arrays: numbers and times go as they are kept, so neither side formats or parses text,
     * and a backlog writes one row per session rather than one per frame.
     */
    static byte[] encode(List<FrameArchive.Archived> batch) throws IOException {
        Map<String, List<FrameArchive.Archived>> bySession = new LinkedHashMap<>();
        for (FrameArchive.Archived archived : batch) {
            bySession.computeIfAbsent(archived.reading().sessionId(), id -> new ArrayList<>()).add(archived);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 120 + bySession.size() * 200 + 32);
        DataOutputStream out = new DataOutputStream(bytes);
        ByteArrayOutputStream arrayBytes = new ByteArrayOutputStream(4096);
        DataOutputStream array = new DataOutputStream(arrayBytes);
        out.write(COPY_HEADER);
        for (Map.Entry<String, List<FrameArchive.Archived>> session : bySession.entrySet()) {
            List<FrameArchive.Archived> frames = session.getValue();
            out.writeShort(COLUMNS);
            text(out, session.getKey());
            timestamp(out, frames.get(0).receivedMillis() * 1000);
            timestamp(out, frames.get(frames.size() - 1).receivedMillis() * 1000);
            column(out, arrayBytes, array, frames, TEXT, (a, f) -> text(a, f.reading().deviceId()));
            column(out, arrayBytes, array, frames, INT8, (a, f) -> {
                a.writeInt(8);
                a.writeLong(f.reading().seq());
            });
            column(out, arrayBytes, array, frames, TIMESTAMPTZ, (a, f) -> timestamp(a, micros(f.reading().ts())));
            column(out, arrayBytes, array, frames, TIMESTAMPTZ, (a, f) -> timestamp(a, f.receivedMillis() * 1000));
            column(out, arrayBytes, array, frames, FLOAT8, (a, f) -> value(a, f.reading().hr()));
            column(out, arrayBytes, array, frames, FLOAT8, (a, f) -> value(a, f.reading().spo2()));
            column(out, arrayBytes, array, frames, FLOAT8, (a, f) -> value(a, f.reading().rr()));
            column(out, arrayBytes, array, frames, FLOAT8, (a, f) -> value(a, f.reading().etco2()));
            column(out, arrayBytes, array, frames, FLOAT8, (a, f) -> value(a, f.reading().sbp()));
            column(out, arrayBytes, array, frames, FLOAT8, (a, f) -> value(a, f.reading().dbp()));
            column(out, arrayBytes, array, frames, FLOAT8, (a, f) -> value(a, f.reading().map()));
        }
        out.writeShort(-1);
        out.flush();
        return bytes.toByteArray();
    }
}
