package org.dosewatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Run by the build after packaging: deploy/k8s/kubernetes.yml must say what the manifest this
 * build generated says (compared as YAML documents, so the generator's key order is no
 * difference), or the build fails and says how to bring the copy up to date.
 */
public final class ManifestCheck {

    private ManifestCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path generated = Path.of(args[0]);
        Path committed = Path.of(args[1]);
        if (!documents(generated).equals(documents(committed))) {
            throw new IllegalStateException(committed + " differs from the manifest this build generated: cp "
                    + generated + " " + committed);
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = yaml.getFactory().createParser(Files.readString(file))) {
            yaml.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }
}
