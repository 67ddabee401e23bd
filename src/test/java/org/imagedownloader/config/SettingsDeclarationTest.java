package org.imagedownloader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * application.properties, the full table in docs/configuration.md and the README's short table repeat the
 * declarations in Setting; these keep them honest.
 */
class SettingsDeclarationTest {

    record Row(String key, String defaultValue, String meaning) {
    }

    private static List<Row> declared() {
        return Arrays.stream(Setting.values()).map(s -> new Row(s.key, s.defaultValue, s.meaning)).toList();
    }

    /** Each downloader.* key with its default and the one-line comment right above it. */
    private static List<Row> propertiesFile() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("application.properties"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("downloader.")) {
                String above = i > 0 ? lines.get(i - 1) : "";
                int eq = line.indexOf('=');
                rows.add(new Row(line.substring(0, eq), line.substring(eq + 1),
                        above.startsWith("# ") ? above.substring(2) : "(no comment above)"));
            }
        }
        return rows;
    }

    /** The settings rows of the table in the section under {@code heading}, defaults unquoted. */
    private static List<Row> settingsTable(String file, String heading) throws IOException {
        String text = Files.readString(Path.of(file));
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as("%s has a section %s", file, heading).isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        List<Row> rows = new ArrayList<>();
        for (String line : text.substring(start, end < 0 ? text.length() : end).split("\n")) {
            if (line.startsWith("| `downloader.")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                rows.add(new Row(unquote(cells[0]), unquote(cells[1]), cells.length == 3 ? cells[2] : line));
            }
        }
        return rows;
    }

    private static String unquote(String cell) {
        if (cell.equals("(empty)")) {
            return "";
        }
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }

    private static Map<String, String> defaults() {
        Map<String, String> values = new HashMap<>();
        for (Setting s : Setting.values()) {
            values.put(s.key, s.defaultValue);
        }
        return values;
    }

    private static Settings loadWith(String key, String value) {
        Map<String, String> values = defaults();
        values.put(key, value);
        return Settings.from(values::get);
    }

    @Test
    void applicationPropertiesListsTheDeclaredSettingsInOrderWithTheirDefaultsAndMeanings() throws IOException {
        assertThat(propertiesFile()).containsExactlyElementsOf(declared());
    }

    @Test
    void theConfigurationDocumentListsTheDeclaredSettingsInOrderWithTheirDefaultsAndMeanings() throws IOException {
        assertThat(settingsTable("docs/configuration.md", "## Every setting")).containsExactlyElementsOf(declared());
    }

    @Test
    void theReadmeShowsSomeOfTheDeclaredSettingsInOrderWithTheirDefaultsAndMeanings() throws IOException {
        List<Row> readme = settingsTable("README.md", "## Configuration");

        assertThat(readme).isNotEmpty();
        assertThat(declared()).containsSubsequence(readme);
    }

    @Test
    void theDeclaredDefaultsLoad() {
        Settings settings = Settings.from(defaults()::get);

        assertThat(settings.inbox()).isEqualTo(Path.of("inbox"));
        assertThat(settings.watch()).isTrue();
        assertThat(settings.concurrency()).isEqualTo(16);
        assertThat(settings.maxOpenLists()).isEqualTo(8);
        assertThat(settings.queueSize()).isEqualTo(1024);
        assertThat(settings.retries()).isEqualTo(5);
        assertThat(settings.maxBytes()).isEqualTo(4_294_967_296L);
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.proxy()).isEmpty();
        assertThat(settings.blockPrivateNetworks()).isFalse();
    }

    @Test
    void anS3OutputNamesItsBucketAndPrefixAndKeepsTheRunsFilesInTheInbox() {
        Settings settings = loadWith("downloader.output", "s3://my-images/runs/2026/");

        assertThat(settings.objectStorage()).isEqualTo(new Settings.ObjectStorage("my-images", "runs/2026", "", ""));
        assertThat(settings.output()).isEqualTo(Path.of("inbox", ".runs"));
        assertThat(Settings.from(defaults()::get).objectStorage()).isNull();
    }

    @Test
    void anS3OutputWithoutAValidBucketNameStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> loadWith("downloader.output", "s3://My_Bucket/x"))
                .hasMessage("downloader.output must name a bucket as s3://BUCKET/PREFIX, not 's3://My_Bucket/x'");
    }

    @Test
    void valuesAreReadWithoutSurroundingSpaces() {
        assertThat(loadWith("downloader.max-open-lists", " 3 ").maxOpenLists()).isEqualTo(3);
    }

    @Test
    void aNumberPastIntRangeIsCappedRatherThanRefused() {
        assertThat(loadWith("downloader.concurrency", "99999999999").concurrency()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    void aMissingSettingStopsTheStartNamingIt(Setting setting) {
        Map<String, String> values = defaults();
        values.remove(setting.key);

        assertThatThrownBy(() -> Settings.from(values::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing setting " + setting.key);
    }

    static Stream<Setting> numberSettings() {
        return Arrays.stream(Setting.values()).filter(s -> s.kind instanceof Setting.WholeNumber);
    }

    static Stream<Setting> trueFalseSettings() {
        return Arrays.stream(Setting.values()).filter(s -> s.kind instanceof Setting.TrueFalse);
    }

    @ParameterizedTest
    @MethodSource("numberSettings")
    void aNumberSettingThatIsNotAWholeNumberIsRefusedNamingIt(Setting setting) {
        assertThatThrownBy(() -> loadWith(setting.key, "1.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(setting.key + " must be a whole number, not '1.5'");
    }

    @ParameterizedTest
    @MethodSource("numberSettings")
    void aNumberSettingUnderItsMinimumIsRefusedNamingIt(Setting setting) {
        long min = ((Setting.WholeNumber) setting.kind).min();

        assertThatThrownBy(() -> loadWith(setting.key, Long.toString(min - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(setting.key + " must be at least " + min + ", not " + (min - 1));
    }

    @Test
    void aSettleTimeReachingTheInboxReadLockTimeoutIsRefused() {
        assertThatThrownBy(() -> loadWith("downloader.settle-millis", "60000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("downloader.settle-millis must be under 60000, not 60000");
        assertThat(loadWith("downloader.settle-millis", "59999")).isNotNull();
    }

    @Test
    void aLineLimitPastTheLargestAReaderTakesIsRefused() {
        assertThatThrownBy(() -> loadWith("downloader.max-line-length", Long.toString(Integer.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("downloader.max-line-length must be under 2147483647, not 2147483647");
    }

    @ParameterizedTest
    @MethodSource("trueFalseSettings")
    void aTrueFalseSettingWithAnyOtherWordIsRefusedNamingIt(Setting setting) {
        assertThatThrownBy(() -> loadWith(setting.key, "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(setting.key + " must be true or false, not 'yes'");
    }

    @Test
    void trueAndFalseAreReadInAnyCase() {
        assertThat(loadWith("downloader.watch", "FALSE").watch()).isFalse();
        assertThat(loadWith("downloader.block-private-networks", "True").blockPrivateNetworks()).isTrue();
    }
}
