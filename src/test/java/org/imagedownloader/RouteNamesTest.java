package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.imagedownloader.attempt.Attempt;
import org.imagedownloader.kafka.Records;
import org.imagedownloader.message.Headers;
import org.imagedownloader.run.RunOpener;
import org.junit.jupiter.api.Test;

/**
 * Every route file is loaded by routes-include-pattern, and the routes name headers and properties only by
 * names the Java side declares (or Camel's own).
 */
class RouteNamesTest {

    private static final Set<String> DECLARED = Set.copyOf(List.of(Headers.RUN_ID, RunOpener.RUN_ID,
            RunOpener.LIST_ERROR, Attempt.PROPERTY, Records.PAUSE));

    private static final Pattern USED = Pattern.compile(
            "\\$\\{(?:exchangeProperty|header)\\.(\\w+)[.}]|^\\s*header: (\\w+)\\s*$", Pattern.MULTILINE);

    @Test
    void everyRouteFileIsNamedInTheIncludePattern() throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(in);
        }
        List<String> named = Arrays.stream(properties.getProperty("camel.main.routes-include-pattern").split(","))
                .map(String::trim).toList();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            assertThat(named).containsExactlyInAnyOrderElementsOf(
                    routes.map(route -> "classpath:routes/" + route.getFileName()).toList());
        }
    }

    @Test
    void everyHeaderAndPropertyTheRoutesUseIsDeclaredInJava() throws Exception {
        List<String> used = new ArrayList<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : (Iterable<Path>) routes::iterator) {
                Matcher m = USED.matcher(Files.readString(route));
                while (m.find()) {
                    used.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        assertThat(used).isNotEmpty().allSatisfy(name ->
                assertThat(DECLARED.contains(name) || name.startsWith("Camel")).as(name).isTrue());
    }
}
