package org.dosewatch.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Frames as JSON lines, to a file or to standard output. */
final class JsonLinesSink implements FrameSink {

    private final Writer out;
    private final boolean closeOut;

    JsonLinesSink(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.closeOut = true;
    }

    JsonLinesSink() {
        this.out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        this.closeOut = false;
    }

    @Override
    public void send(Frame frame) throws IOException {
        out.write(frame.toJson());
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        if (closeOut) {
            out.close();
        }
    }
}
