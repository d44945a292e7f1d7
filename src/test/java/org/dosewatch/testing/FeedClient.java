package org.dosewatch.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import org.awaitility.Awaitility;

/**
 * A dashboard as the tests play it: reads the SSE feed line by line and keeps every event it
 * gets. Closing cancels the subscription, which drops the connection at once.
 */
public final class FeedClient implements AutoCloseable, Flow.Subscriber<String> {

    public record Event(String name, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile Flow.Subscription subscription;
    private String name;
    private final List<String> data = new ArrayList<>();

    private FeedClient(URI feed, Login login) {
        HttpRequest request = HttpRequest.newBuilder(feed)
                .header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((login.user() + ":" + login.user()).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpClient.newHttpClient().sendAsync(request, answer -> {
            status = answer.statusCode();
            return HttpResponse.BodySubscribers.fromLineSubscriber(this);
        });
    }

    /** Connects to the feed of the service under test and waits for the answer's status. */
    public static FeedClient connect(URI feed, Login login) {
        FeedClient client = new FeedClient(feed, login);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.status != 0);
        return client;
    }

    public int status() {
        return status;
    }

    public List<Event> events() {
        return events;
    }

    public List<Event> named(String event) {
        return events.stream().filter(e -> e.name().equals(event)).toList();
    }

    /** Comment lines: the feed's heartbeat. */
    public List<String> comments() {
        return comments;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.startsWith("event:")) {
            name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
            data.add(line.substring(5).strip());
        } else if (line.startsWith(":")) {
            comments.add(line.substring(1).strip());
        } else if (line.isEmpty() && name != null) {
            events.add(new Event(name, String.join("\n", data)));
            name = null;
            data.clear();
        }
    }

    @Override
    public void onError(Throwable failure) {
        // the feed dropped: the events so far stay readable
    }

    @Override
    public void onComplete() {
        // the feed ended
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
