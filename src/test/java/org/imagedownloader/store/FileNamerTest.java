package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamerTest {

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String baseName(String url) {
        return FileNamer.baseName(URI.create(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://example.com/images/cat.jpg | cat.jpg",
            "https://example.com/cat.jpg?size=large&v=2 | cat.jpg",
            "https://example.com/cat.jpg#top | cat.jpg",
            "https://example.com/cat.jpg?a=b#frag | cat.jpg",
            "http://example.com/a/b/c/photo.JPEG | photo.JPEG",
            "http://example.com/cat | cat",
            "http://user:pw@example.com:8080/x/y.png | y.png",
            "http://example.com/a+b.jpg | a+b.jpg",
            "http://example.com/100%25.png | 100%.png",
            "http://example.com/my%20cat.jpg | my cat.jpg",
            "http://example.com/%C3%A9t%C3%A9.png | été.png",
            "http://example.com/%F0%9F%98%80.png | 😀.png",
            "http://example.com/%e4%b8%ad%e6%96%87.gif | 中文.gif",
            "http://example.com/%FF.jpg | \uFFFD.jpg",
            "http://example.com/ö/über%20café.jpg | über café.jpg",
            "http://example.com/dir%2Fcat.jpg | dir_cat.jpg",
            "http://example.com/..%2F..%2Fetc%2Fpasswd | _.._etc_passwd",
            "http://example.com/%2e%2e%2f%2e%2e%2fetc%2fpasswd | _.._etc_passwd",
            "http://example.com/..%5C..%5Cwindows%5Csystem32 | _.._windows_system32",
            "http://example.com/a%00b.jpg | a_b.jpg",
            "http://example.com/cat.jpg%00.php | cat.jpg_.php",
            "http://example.com/%0D%0Aevil.jpg | __evil.jpg",
            "http://example.com/a%3Cb%3E%3A%22%7C%3F%2A.png | a_b______.png",
            "http://example.com/.htaccess | htaccess",
            "http://example.com/%2E%2Ebashrc | bashrc",
            "http://example.com/cat.jpg. | cat.jpg",
            "http://example.com/cat.jpg%20%20 | cat.jpg",
            "http://example.com/CON | _CON",
            "http://example.com/nul.png | _nul.png",
            "http://example.com/Com1.jpg | _Com1.jpg",
            "http://example.com/x/..%2F | _"
    })
    void baseNameLastPathSegmentDecodedAndMadeSafe(String url, String expected) {
        assertThat(baseName(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://example.com/ | image-2a1b402420ef4657",
            "http://example.com | image-f0e6a6a97042a4f1",
            "http://example.com/dir/ | image-2da54bbe04829fb6"
    })
    void baseNameUrlsWithoutAFileNameFallBackToTheHash(String url, String expected) {
        assertThat(baseName(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://example.com/?img=cat.jpg",
            "http://example.com/#cat.jpg",
            "http://example.com/a/.",
            "http://example.com/...",
            "http://example.com/%2e%2e",
            "http://example.com/%2E",
            "http://example.com/%20",
            "mailto:someone@example.com"
    })
    void baseNameSegmentsThatAreNothingOnceSafeFallBackToTheHash(String url) {
        URI uri = URI.create(url);
        assertThat(FileNamer.baseName(uri)).isEqualTo(FileNamer.hashName(uri)).matches("image-[0-9a-f]{16}");
    }

    @Test
    void baseNameVeryLongNamesKeepTheirExtension() {
        String name = baseName("http://example.com/" + "a".repeat(300) + ".jpg");
        assertThat(name).isEqualTo("a".repeat(196) + ".jpg");
    }

    @Test
    void baseNameVeryLongMultiByteNamesAreCutOnCodePoints() {
        String name = baseName("http://example.com/" + "%F0%9F%98%80".repeat(80) + ".png");
        assertThat(utf8(name)).isLessThanOrEqualTo(200);
        assertThat(name).isEqualTo("😀".repeat(49) + ".png");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://example.com/..%2F..%2F..%2Froot%2F.ssh%2Fauthorized_keys",
            "http://example.com/%2F%2F%2Fetc%2Fshadow",
            "http://example.com/%5C%5Cserver%5Cshare%5Cfile.jpg",
            "http://example.com/C%3A%5CWindows%5Cwin.ini",
            "http://example.com/%00",
            "http://example.com/%2e",
            "http://example.com/%E2%80%AEgpj.exe",
            "http://example.com/LPT1.txt%20.",
            "http://example.com/x?../../etc/passwd",
            "http://example.com/a;b=c/d.jpg"
    })
    void baseNameHostileUrlsNeverYieldAPathOrAHiddenFile(String url) {
        String name = baseName(url);
        assertThat(name).isNotEmpty().doesNotContain("/", "\\", "\0", ":").doesNotStartWith(".").doesNotEndWith(".");
        assertThat(name).isNotIn(".", "..");
    }

    @Test
    void hashNameIsStableAndDocumented() {
        assertThat(FileNamer.hashName(URI.create("http://example.com/"))).isEqualTo("image-2a1b402420ef4657");
    }

    @Test
    void hashNameDiffersBetweenUrls() {
        Set<String> names = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> names.add(FileNamer.hashName(URI.create("http://example.com/?i=" + i))));
        assertThat(names).hasSize(1000);
    }

    @Test
    void hashNameCoversTheWholeUrlIncludingQuery() {
        assertThat(FileNamer.hashName(URI.create("http://example.com/?a=1")))
                .isNotEqualTo(FileNamer.hashName(URI.create("http://example.com/?a=2")))
                .matches("image-[0-9a-f]{16}");
    }

    @Test
    void hashNameIsItselfASafeName() {
        String name = FileNamer.hashName(URI.create("http://example.com/%2F"));
        assertThat(FileNamer.safe(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat.jpg", "photo 1.png", "a_b-c.d.e", "été.png", "😀.gif", "中文", "_", "x", "CONSOLE",
            "COM10", "LPT", "xCON", "CON_", "con-1.jpg", "a..b", "[1](2){3}.png", "100%.png", "#tag&x=1;y.jpg",
            "\u00A0nbsp.png"})
    void safeLeavesOrdinaryNamesAlone(String name) {
        assertThat(FileNamer.safe(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a/b | a_b",
            "a\\b | a_b",
            "a<b | a_b",
            "a>b | a_b",
            "a:b | a_b",
            "a\"b | a_b",
            "'a|b' | a_b",
            "a?b | a_b",
            "a*b | a_b",
            "../../etc/passwd | _.._etc_passwd",
            "..\\..\\boot.ini | _.._boot.ini",
            "C:\\x.jpg | C__x.jpg",
            "file.jpg:Zone.Identifier | file.jpg_Zone.Identifier"
    })
    void safeReplacesSeparatorsAndWindowsReservedCharacters(String name, String expected) {
        assertThat(FileNamer.safe(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(chars = {'\0', '\u0001', '\t', '\n', '\r', '\u001B', '\u001F', '\u007F', '\u0080', '\u0085', '\u009F'})
    void safeReplacesControlCharacters(char control) {
        assertThat(FileNamer.safe("a" + control + "b.png")).isEqualTo("a_b.png");
    }

    @Test
    void safeReplacesLoneSurrogatesButKeepsPairs() {
        assertThat(FileNamer.safe("a\uD83Db")).isEqualTo("a_b");
        assertThat(FileNamer.safe("a\uDE00b")).isEqualTo("a_b");
        assertThat(FileNamer.safe("a\uDE00\uD83D")).isEqualTo("a__");
        assertThat(FileNamer.safe("a\uD83D\uDE00b")).isEqualTo("a😀b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ".hidden | hidden",
            "..hidden.png | hidden.png",
            "' . .x' | x",
            "'  cat.jpg  ' | cat.jpg",
            "cat.jpg. | cat.jpg",
            "cat... | cat",
            "'cat. . .' | cat",
            "'. cat .' | cat"
    })
    void safeStripsDotsAndSpacesThatHideOrVanish(String name, String expected) {
        assertThat(FileNamer.safe(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", " ", "   ", ". .", " .. ", "....................."})
    void safeReturnsEmptyWhenNothingIsLeft(String name) {
        assertThat(FileNamer.safe(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CON | _CON",
            "con | _con",
            "Con.txt | _Con.txt",
            "PRN.jpg | _PRN.jpg",
            "aux | _aux",
            "NUL.tar.gz | _NUL.tar.gz",
            "COM0 | _COM0",
            "com1.png | _com1.png",
            "COM9 | _COM9",
            "LPT0.gif | _LPT0.gif",
            "lpt9 | _lpt9",
            "COM¹.jpg | _COM¹.jpg",
            "LPT³ | _LPT³",
            "'CON .txt' | '_CON .txt'",
            ".CON | _CON",
            "CON. | _CON",
            "' nul ' | _nul"
    })
    void safePrefixesWindowsDeviceNames(String name, String expected) {
        assertThat(FileNamer.safe(name)).isEqualTo(expected);
    }

    @Test
    void safeTruncatesLongAsciiNamesToTwoHundredBytes() {
        assertThat(FileNamer.safe("a".repeat(300))).isEqualTo("a".repeat(200));
        assertThat(FileNamer.safe("a".repeat(200))).isEqualTo("a".repeat(200));
        assertThat(FileNamer.safe("a".repeat(201))).isEqualTo("a".repeat(200));
    }

    @Test
    void safeKeepsTheExtensionWhenTruncating() {
        assertThat(FileNamer.safe("a".repeat(300) + ".jpg")).isEqualTo("a".repeat(196) + ".jpg");
        // Only the last extension survives: the ".tar" of ".tar.gz" counts as part of the stem.
        assertThat(FileNamer.safe("a".repeat(300) + ".tar.gz")).isEqualTo("a".repeat(197) + ".gz");
    }

    @Test
    void safeKeepsAnExtensionOfUpToTenCharacters() {
        String ten = ".abcdefghij";
        assertThat(FileNamer.safe("a".repeat(300) + ten)).isEqualTo("a".repeat(189) + ten);
    }

    @Test
    void safeTreatsALongerTailAsPartOfTheName() {
        String eleven = ".abcdefghijk";
        assertThat(FileNamer.safe("a".repeat(300) + eleven)).isEqualTo("a".repeat(200));
    }

    @Test
    void safeTruncationNeverSplitsAMultiByteCharacter() {
        String twoByte = FileNamer.safe("é".repeat(150) + ".png");
        assertThat(twoByte).isEqualTo("é".repeat(98) + ".png");
        String threeByte = FileNamer.safe("中".repeat(100) + ".jpg");
        assertThat(threeByte).isEqualTo("中".repeat(65) + ".jpg");
        assertThat(utf8(threeByte)).isEqualTo(199);
    }

    @Test
    void safeTruncationNeverSplitsASurrogatePair() {
        String emoji = FileNamer.safe("😀".repeat(100) + ".gif");
        assertThat(emoji).isEqualTo("😀".repeat(49) + ".gif");
        String odd = FileNamer.safe("x" + "😀".repeat(100));
        assertThat(odd).isEqualTo("x" + "😀".repeat(49));
        assertThat(odd.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }

    @Test
    void safeKeepsAMultiByteExtension() {
        String name = FileNamer.safe("a".repeat(300) + ".😀😀");
        assertThat(name).isEqualTo("a".repeat(191) + ".😀😀");
        assertThat(utf8(name)).isEqualTo(200);
    }

    @Test
    void safeTruncationDoesNotLeaveATrailingDotOrSpace() {
        assertThat(FileNamer.safe("a".repeat(199) + "." + "b".repeat(50))).isEqualTo("a".repeat(199));
        assertThat(FileNamer.safe("a".repeat(198) + " ." + "b".repeat(50))).isEqualTo("a".repeat(198));
    }

    @Test
    void safeDeviceNamePrefixStaysWithinTheLimit() {
        String name = FileNamer.safe("CON." + "x".repeat(196));
        assertThat(name).startsWith("_CON.");
        assertThat(utf8(name)).isEqualTo(200);
    }

    @Test
    void safeRandomHostileNamesAlwaysComeOutSafe() {
        String alphabet = "aZ09 ._-/\\<>:\"|?*\0\u0001\u001F\u007F\u0085\u009Fé中😀\uD800\uDC00CONPRNAUXNULLPT1COM9";
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(i % 10 == 0 ? 400 : 12);
            for (int j = 0; j < length; j++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String safe = FileNamer.safe(name.toString());
            assertSafe(safe, name.toString());
            assertThat(FileNamer.safe(safe)).as("idempotent for %s", name).isEqualTo(safe);
        }
    }

    private static void assertSafe(String safe, String from) {
        if (safe.isEmpty()) {
            return;
        }
        assertThat(utf8(safe)).as("bytes of %s", from).isLessThanOrEqualTo(200);
        assertThat(safe).as("from %s", from)
                .doesNotContain("/", "\\", "<", ">", ":", "\"", "|", "?", "*")
                .doesNotStartWith(".").doesNotStartWith(" ").doesNotEndWith(".").doesNotEndWith(" ");
        assertThat(safe.codePoints()).as("from %s", from).noneMatch(Character::isISOControl)
                .noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
        String stem = safe.split("\\.", -1)[0].stripTrailing();
        assertThat(stem).as("from %s", from).doesNotMatch("(?i)(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])");
    }

    @ParameterizedTest
    @CsvSource({
            "photo, JPEG, photo.jpg",
            "photo.png, JPEG, photo.png.jpg",
            "photo.JPEG, JPEG, photo.JPEG",
            "photo.jpg, JPEG, photo.jpg",
            "photo.Jpe, JPEG, photo.Jpe",
            "photo.jfif, JPEG, photo.jfif",
            "scan.tiff, TIFF, scan.tiff",
            "scan.TIF, TIFF, scan.TIF",
            "scan.tif, PNG, scan.tif.png",
            "shot.heif, HEIC, shot.heif",
            "shot.heic, AVIF, shot.heic.avif",
            "logo.svgz, SVG, logo.svgz.svg",
            "favicon.cur, ICO, favicon.cur.ico",
            "archive.tar, PNG, archive.tar.png",
            "a.b.c.gif, GIF, a.b.c.gif",
            "a.gif.b, GIF, a.gif.b.gif",
            "jpg, JPEG, jpg.jpg",
            "image-2a1b402420ef4657, WEBP, image-2a1b402420ef4657.webp",
            "_CON, BMP, _CON.bmp",
            "download.php, PNG, download.php.png"
    })
    void withTypeAppendsTheExtensionUnlessOneThatFitsIsThere(String name, ImageType type, String expected) {
        assertThat(FileNamer.withType(name, type)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ImageType.class)
    void withTypeAppendsTheCanonicalExtensionOfEveryType(ImageType type) {
        assertThat(FileNamer.withType("file", type)).isEqualTo("file." + type.extension());
        assertThat(FileNamer.withType("file." + type.extension(), type)).isEqualTo("file." + type.extension());
    }

    @Test
    void withTypeKeepsTheLimitByShorteningTheName() {
        assertThat(FileNamer.withType("a".repeat(200), ImageType.PNG)).isEqualTo("a".repeat(196) + ".png");
        assertThat(FileNamer.withType("a".repeat(196) + ".gif", ImageType.JPEG)).isEqualTo("a".repeat(196) + ".jpg");
    }

    @Test
    void withTypeShortensMultiByteNamesOnCodePoints() {
        String webp = FileNamer.withType("é".repeat(100), ImageType.WEBP);
        assertThat(webp).isEqualTo("é".repeat(97) + ".webp");
        String gif = FileNamer.withType("😀".repeat(50), ImageType.GIF);
        assertThat(gif).isEqualTo("😀".repeat(49) + ".gif");
        assertThat(utf8(gif)).isEqualTo(200);
    }

    @Test
    void withTypeKeepsSafeNamesSafe() {
        for (String name : new String[]{"cat", "a".repeat(200), "é".repeat(100), "x.png", "😀".repeat(50)}) {
            for (ImageType type : ImageType.values()) {
                String typed = FileNamer.withType(name, type);
                assertThat(FileNamer.safe(typed)).isEqualTo(typed);
                assertThat(utf8(typed)).isLessThanOrEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
            "cat.jpg, 2, cat-2.jpg",
            "cat, 2, cat-2",
            "a.b.png, 3, a.b-3.png",
            "cat.jpg, 10, cat-10.jpg",
            "cat.jpg, 12345, cat-12345.jpg",
            "archive.tar.gz, 2, archive.tar-2.gz",
            "image-2a1b402420ef4657, 2, image-2a1b402420ef4657-2",
            "a.verylongextension, 2, a.verylongextension-2",
            "_CON.jpg, 2, _CON-2.jpg"
    })
    void numberedInsertsTheNumberBeforeTheExtension(String name, int n, String expected) {
        assertThat(FileNamer.numbered(name, n)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 0, -1, Integer.MIN_VALUE})
    void numberedKeepsTheFirstNameAsIs(int n) {
        assertThat(FileNamer.numbered("cat.jpg", n)).isEqualTo("cat.jpg");
    }

    @Test
    void numberedKeepsTheLimit() {
        String full = "a".repeat(196) + ".jpg";
        assertThat(FileNamer.numbered(full, 2)).isEqualTo("a".repeat(194) + "-2.jpg");
        assertThat(FileNamer.numbered(full, 1000)).isEqualTo("a".repeat(191) + "-1000.jpg");
        assertThat(FileNamer.numbered("a".repeat(200), Integer.MAX_VALUE)).isEqualTo("a".repeat(189) + "-2147483647");
    }

    @Test
    void numberedKeepsTheLimitWithMultiByteNames() {
        String numbered = FileNamer.numbered("é".repeat(98) + ".jpg", 2);
        assertThat(numbered).isEqualTo("é".repeat(97) + "-2.jpg");
        String emoji = FileNamer.numbered("😀".repeat(49) + ".gif", 7);
        assertThat(emoji).isEqualTo("😀".repeat(48) + "-7.gif");
    }

    @Test
    void numberedNumbersStayDistinctEvenAtTheLimit() {
        String full = "a".repeat(196) + ".jpg";
        Set<String> names = new HashSet<>();
        names.add(full);
        IntStream.rangeClosed(2, 500).forEach(n -> names.add(FileNamer.numbered(full, n)));
        assertThat(names).hasSize(500).allSatisfy(name -> {
            assertThat(utf8(name)).isLessThanOrEqualTo(200);
            assertThat(name).endsWith(".jpg");
        });
    }
}
