package org.imagedownloader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** Builds the beans the routes call, from the checked settings. */
public final class DownloaderConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.load(context);
        try {
            Files.createDirectories(settings.output());
            if (context.getPropertiesComponent().resolveProperty("downloader.watch").map(Boolean::parseBoolean).orElse(true)) {
                Files.createDirectories(settings.inbox());
            }
            Leftovers.clean(settings.output());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + settings.output() + " and " + settings.inbox(), e);
        }
        ListRuns lists = new ListRuns(settings);
        var registry = context.getRegistry();
        registry.bind("settings", settings);
        registry.bind("lists", lists);
        registry.bind("planner", new Planner(lists));
        registry.bind("responses", new ResponseCheck(settings.retryAfterMax()));
        registry.bind("accept", new ContentTypeFilter(settings.accept()));
        registry.bind("images", new ImageSaver(lists, settings.maxBytes()));
        registry.bind("outcomes", new Outcomes(lists));
        registry.bind("httpSetup", new HttpSetup(ProxyConfig.from(settings.proxy(), System.getenv())));
    }
}
