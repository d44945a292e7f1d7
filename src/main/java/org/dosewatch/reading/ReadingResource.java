package org.dosewatch.reading;

import org.dosewatch.monitor.Reading;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.dosewatch.Channels;
import org.dosewatch.Keyed;
import org.dosewatch.Topics;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * HTTP ingest for monitors and gateways that cannot write to Kafka. Frames are validated with
 * the same decoder as the Kafka path and written to {@link Topics#READINGS}; the answer is 202
 * once the broker has them. A batch with one bad frame is refused whole, naming the frame and
 * field, so a gateway never has to work out which half was taken.
 */
@Path("/api/readings")
@Tag(name = "Readings")
public class ReadingResource {

    static final int MAX_BATCH = 1000;

    private final ReadingDecoder decoder;
    private final ObjectMapper mapper;
    private final ReadingMetrics metrics;
    private final MutinyEmitter<byte[]> readings;

    public ReadingResource(ReadingDecoder decoder, ObjectMapper mapper, ReadingMetrics metrics,
                           @Channel(Channels.READINGS_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4 * MAX_BATCH)
                           MutinyEmitter<byte[]> readings) {
        this.decoder = decoder;
        this.mapper = mapper;
        this.metrics = metrics;
        this.readings = readings;
    }

    public record Accepted(int accepted) {
    }

    @POST
    @RolesAllowed("device")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post one monitor frame or a JSON array of frames",
            description = "Same fields and validation as the vitals.readings topic (docs/contract.md section 1). "
                    + "Answered once every frame is written to the topic. At most " + MAX_BATCH + " frames a request.")
    @RequestBody(description = "One reading object, or an array of them")
    @APIResponse(responseCode = "202", description = "Written to vitals.readings")
    @APIResponse(responseCode = "400", description = "A frame breaks the contract; the detail names the frame and field")
    public Uni<Response> post(byte[] body) {
        JsonNode root = parse(body);
        List<JsonNode> frames = frames(root);
        List<Uni<Void>> writes = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            JsonNode frame = frames.get(i);
            Reading reading;
            try {
                reading = decoder.decode(frame);
            } catch (InvalidReadingException e) {
                throw root.isArray() ? e.at("[" + i + "]") : e;
            }
            writes.add(readings.sendMessage(Keyed.bySession(reading.sessionId(), bytes(frame))));
        }
        return Uni.join().all(writes).andFailFast()
                .invoke(() -> metrics.posted(frames.size()))
                .map(done -> Response.accepted(new Accepted(frames.size())).build());
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidReadingException(null, "empty body: send one reading or an array of readings");
        }
        return decoder.parse(body);
    }

    private static List<JsonNode> frames(JsonNode root) {
        if (!root.isArray()) {
            return List.of(root);
        }
        if (root.isEmpty()) {
            throw new InvalidReadingException(null, "empty array: send at least one reading");
        }
        if (root.size() > MAX_BATCH) {
            throw new InvalidReadingException(null, root.size() + " readings in one request; at most " + MAX_BATCH);
        }
        List<JsonNode> frames = new ArrayList<>(root.size());
        root.forEach(frames::add);
        return frames;
    }

    private byte[] bytes(JsonNode frame) {
        try {
            return mapper.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed frame could not be written back as JSON", e);
        }
    }
}
