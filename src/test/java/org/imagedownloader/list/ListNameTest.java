package org.imagedownloader.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cats.txt | cats",
            "my.cats.v2.txt | my.cats.v2",
            "cats | cats",
            "cats.TXT | cats",
            "cats.list | cats",
            "cats.txt.bak | cats.txt",
            "holiday photos.txt | holiday photos",
            "Ürlaub 2024 😀.txt | Ürlaub 2024 😀",
            "cats..txt | cats",
            "'cats .txt' | cats",
            ".cats.txt | cats",
            "..cats.txt | cats",
            "'a:b|c?.txt' | a_b_c_",
            "CON.txt | _CON",
            "nul.list.txt | _nul.list",
            "aux | _aux",
            "x.txt | x"
    })
    void folderIsTheListNameWithoutItsExtensionMadeSafe(String listFileName, String folder) {
        assertThat(ListName.folderFor(listFileName)).isEqualTo(folder);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ".txt | list-c6fe6fbf3385",
            "..txt | list-5e488905ce2d"
    })
    void listsNamedOnlyByAnExtensionGetAStableHashedFolder(String listFileName, String folder) {
        assertThat(ListName.folderFor(listFileName)).isEqualTo(folder);
    }

    @ParameterizedTest
    @ValueSource(strings = {".txt", "..txt", "...txt", " .txt", "..", ".", "", " . .txt"})
    void emptyStemsAlwaysFallBackToAHash(String listFileName) {
        assertThat(ListName.folderFor(listFileName)).matches("list-[0-9a-f]{12}");
    }

    @Test
    void hashedFoldersDifferBetweenNames() {
        assertThat(ListName.folderFor(".txt")).isNotEqualTo(ListName.folderFor("..txt"));
    }

    @Test
    void traversalInTheNameCannotLeaveTheOutputDirectory() {
        Stream.of("../../etc/passwd.txt", "..\\..\\windows.txt", "/abs/path.txt", "a/../../b.txt", "../.txt")
                .map(ListName::folderFor)
                .forEach(folder -> assertThat(folder).isNotEmpty().doesNotContain("/", "\\")
                        .doesNotStartWith(".").isNotIn(".", ".."));
    }

    @Test
    void longNamesAreCappedLikeFileNames() {
        String folder = ListName.folderFor("é".repeat(300) + ".txt");
        assertThat(folder).isEqualTo("é".repeat(100));
    }

    @Test
    void onlyTheLastExtensionGoes() {
        assertThat(ListName.folderFor("archive.tar.gz")).isEqualTo("archive.tar");
    }
}
