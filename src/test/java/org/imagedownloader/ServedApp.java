package org.imagedownloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One image server and one app (CLI-style, no inbox) shared by a test class: started before its tests,
 * the server's answers forgotten before each, both stopped after.
 */
final class ServedApp implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Map<String, String> settings;
    ImageServer server;
    TestApp app;
    private Path root;

    /** @param settings beyond the test defaults and downloader.watch=false */
    ServedApp(Map<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ImageServer.start();
        root = Files.createTempDirectory("served-app-");
        var all = new java.util.HashMap<>(settings);
        all.put("downloader.watch", "false");
        app = TestApp.start(root, all);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        app.close();
        server.close();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
