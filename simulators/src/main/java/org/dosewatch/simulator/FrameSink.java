package org.dosewatch.simulator;

/** Where frames go: Kafka, the service's HTTP ingest, or JSON lines. */
interface FrameSink extends AutoCloseable {

    void send(Frame frame) throws Exception;

    /** Waits until everything sent so far has arrived. */
    default void flush() throws Exception {
    }

    @Override
    default void close() throws Exception {
        flush();
    }
}
