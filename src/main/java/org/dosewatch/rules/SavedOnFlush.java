package org.dosewatch.rules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The sessions' state store, with one addition: before Kafka Streams flushes it (at every commit,
 * whatever asks for it: the commit interval, a rebalance, a shutdown), the task's evaluator saves
 * the sessions that changed since the last flush. The flush then takes them to the changelog, and
 * only after that are the task's offsets committed: a committed offset never runs ahead of the
 * saved state, however often sessions change between commits.
 */
final class SavedOnFlush implements KeyValueStore<String, byte[]> {

    /** Each task's evaluator, by state directory (one per instance) and task. */
    private static final Map<String, Runnable> SAVERS = new ConcurrentHashMap<>();

    private final KeyValueStore<String, byte[]> store;
    private String key;

    private SavedOnFlush(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The store the builder makes, saved into on every flush. */
    static StoreBuilder<KeyValueStore<String, byte[]>> around(StoreBuilder<KeyValueStore<String, byte[]>> builder) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withCachingEnabled() {
                builder.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withCachingDisabled() {
                builder.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingEnabled(Map<String, String> config) {
                builder.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingDisabled() {
                builder.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<String, byte[]> build() {
                return new SavedOnFlush(builder.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return builder.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return builder.loggingEnabled();
            }

            @Override
            public String name() {
                return builder.name();
            }
        };
    }

    /** The evaluator of a task saves its changed sessions through {@code saver} at each flush of the task's store. */
    static void register(Map<String, Object> appConfigs, TaskId task, Runnable saver) {
        SAVERS.put(key(appConfigs, task), saver);
    }

    static void unregister(Map<String, Object> appConfigs, TaskId task, Runnable saver) {
        SAVERS.remove(key(appConfigs, task), saver);
    }

    private static String key(Map<String, Object> appConfigs, TaskId task) {
        return appConfigs.get(StreamsConfig.STATE_DIR_CONFIG) + "|" + task;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        key = key(context.appConfigs(), context.taskId());
        store.init(context, root);
    }

    @Override
    public void flush() {
        Runnable saver = key == null ? null : SAVERS.get(key);
        if (saver != null) {
            saver.run();
        }
        store.flush();
    }

    @Override
    public void put(String k, byte[] value) {
        store.put(k, value);
    }

    @Override
    public byte[] putIfAbsent(String k, byte[] value) {
        return store.putIfAbsent(k, value);
    }

    @Override
    public void putAll(List<KeyValue<String, byte[]>> entries) {
        store.putAll(entries);
    }

    @Override
    public byte[] delete(String k) {
        return store.delete(k);
    }

    @Override
    public byte[] get(String k) {
        return store.get(k);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> reverseRange(String from, String to) {
        return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return store.all();
    }

    @Override
    public KeyValueIterator<String, byte[]> reverseAll() {
        return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, byte[]> prefixScan(P prefix, PS serializer) {
        return store.prefixScan(prefix, serializer);
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
        return store.query(query, bound, config);
    }

    @Override
    public org.apache.kafka.streams.query.Position getPosition() {
        return store.getPosition();
    }
}
